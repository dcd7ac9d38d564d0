package dev.iamkeyremediator.render;

import static dev.iamkeyremediator.rules.Keys.NOW;
import static dev.iamkeyremediator.rules.Keys.daysAgo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamkeyremediator.config.Mode;
import dev.iamkeyremediator.config.Release;
import dev.iamkeyremediator.config.Settings;
import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.KeyStatus;
import dev.iamkeyremediator.inventory.Source;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.remediation.KeyOutcome;
import dev.iamkeyremediator.remediation.Outcome;
import dev.iamkeyremediator.report.RunReport;
import dev.iamkeyremediator.rules.KeyDecision;
import dev.iamkeyremediator.rules.Planner;
import dev.iamkeyremediator.rules.Rule;
import dev.iamkeyremediator.rules.RuleSettings;
import dev.iamkeyremediator.rules.Rules;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecurityHubFindingsTest {

    private static final Planner PLANNER = Settings.defaults().planner();
    private static final Mode ENFORCE = Mode.fromParameterValue("/p", "enforce");
    private static final Mode DRY_RUN = Mode.fromParameterValue("/p", "dry-run");
    private static final SecurityHubFindings ASFF = new SecurityHubFindings("aws", "eu-west-1", "123456789012",
            "iam-key-remediator:exempt-until");

    private static KeyDecision decision(String user, AccessKey key) {
        User u = new User(user, "arn:aws:iam::123456789012:user/" + user, daysAgo(1000), false, Map.of(), List.of(key));
        return PLANNER.decide(u, NOW).keys().get(0);
    }

    private static KeyDecision unused(String user, String id) {
        return decision(user, new AccessKey(id, user, KeyStatus.ACTIVE, daysAgo(300), daysAgo(100), "s3"));
    }

    private static KeyDecision rotationDue(String user, String id) {
        return decision(user, new AccessKey(id, user, KeyStatus.ACTIVE, daysAgo(200), daysAgo(1), "s3"));
    }

    private static RunReport report(Mode mode, KeyOutcome... outcomes) {
        return new RunReport(NOW, Optional.of("123456789012"), mode, "x", 3, 3, 3, Rules.build(RuleSettings.DEFAULTS).stream().map(Rule::id).toList(), List.of(outcomes), List.of(), List.of());
    }

    private static ObjectNode only(RunReport report) {
        List<ObjectNode> findings = ASFF.findings(report, NOW);
        assertThat(findings).hasSize(1);
        return findings.get(0);
    }

    @Test
    void aDeactivatedKey_isOneFailedFinding_withTheCisAndControlIds_theResources_andTheUndoCommand() {
        ObjectNode f = only(report(ENFORCE, new KeyOutcome(unused("alice", "AKIAALICE1"), Outcome.DEACTIVATED, "")));

        assertThat(f.path("Id").asText()).isEqualTo("iam-key-remediator/123456789012/AKIAALICE1/UNUSED_KEY");
        assertThat(f.path("ProductArn").asText())
                .isEqualTo("arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default");
        assertThat(f.path("GeneratorId").asText()).isEqualTo("iam-key-remediator/UNUSED_KEY");
        assertThat(f.path("Types").get(0).asText())
                .isEqualTo("Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark");
        assertThat(f.path("Severity").path("Label").asText()).isEqualTo("MEDIUM");
        assertThat(f.path("Compliance").path("Status").asText()).isEqualTo("FAILED");
        assertThat(f.path("Compliance").path("RelatedRequirements")).extracting(JsonNode::asText)
                .contains("CIS AWS Foundations Benchmark v1.4.0/1.12", "IAM.8", "IAM.22");
        assertThat(f.path("RecordState").asText()).isEqualTo("ACTIVE");
        assertThat(f.path("ProductFields").path("iam-key-remediator/Version").asText()).isEqualTo(Release.version());
        assertThat(f.path("Resources").get(0).path("Type").asText()).isEqualTo("AwsIamAccessKey");
        assertThat(f.path("Resources").get(0).path("Details").path("AwsIamAccessKey").path("UserName").asText())
                .isEqualTo("alice");
        assertThat(f.path("Resources").get(0).path("Details").path("AwsIamAccessKey").path("Status").asText())
                .as("the key as the run leaves it").isEqualTo("Inactive");
        assertThat(f.path("Resources").get(0).path("Details").path("AwsIamAccessKey").path("CreatedAt").asText())
                .isEqualTo(daysAgo(300).toString());
        assertThat(f.path("Resources").get(1).path("Type").asText()).isEqualTo("AwsIamUser");
        assertThat(f.path("Resources").get(1).path("Id").asText()).isEqualTo("arn:aws:iam::123456789012:user/alice");
        assertThat(f.path("Remediation").path("Recommendation").path("Text").asText())
                .startsWith("Deactivated by iam-key-remediator on 2026-06-15.")
                .contains("Undo: aws iam update-access-key --user-name alice --access-key-id AKIAALICE1 --status Active");
    }

    @Test
    void theIdDependsOnTheKeyAndRuleOnly_notOnTheRunOrTheOutcome() {
        String enforced = only(report(ENFORCE, new KeyOutcome(unused("alice", "AKIAALICE1"), Outcome.DEACTIVATED, "")))
                .path("Id").asText();
        RunReport later = new RunReport(NOW.plusSeconds(86400), Optional.of("123456789012"), DRY_RUN, "x", 3, 3, 3, Rules.build(RuleSettings.DEFAULTS).stream().map(Rule::id).toList(),
                List.of(new KeyOutcome(unused("alice", "AKIAALICE1"), Outcome.WOULD_DEACTIVATE, "")), List.of(), List.of());
        assertThat(only(later).path("Id").asText()).isEqualTo(enforced);
        assertThat(only(later).path("Remediation").path("Recommendation").path("Text").asText())
                .startsWith("Dry-run: enforce mode would deactivate this key.");
    }

    @Test
    void severity_followsTheAction_andRotationDueIsLow() {
        ObjectNode rotation = only(report(ENFORCE, new KeyOutcome(rotationDue("bob", "AKIABOB"), Outcome.REPORTED, "")));
        assertThat(rotation.path("Severity").path("Label").asText()).isEqualTo("LOW");
        assertThat(rotation.path("Compliance").path("RelatedRequirements")).extracting(JsonNode::asText).contains("IAM.3");
        assertThat(rotation.path("Remediation").path("Recommendation").path("Text").asText()).startsWith("Rotate the key");

        KeyDecision setup = PLANNER.decide(new User("carol", "arn:aws:iam::123456789012:user/carol", daysAgo(10), true,
                Map.of(), List.of(new AccessKey("AKIACAROL", "carol", KeyStatus.ACTIVE, daysAgo(10), null, null))), NOW)
                .keys().get(0);
        ObjectNode deleted = only(report(DRY_RUN, new KeyOutcome(setup, Outcome.WOULD_DELETE, "")));
        assertThat(deleted.path("GeneratorId").asText()).isEqualTo("iam-key-remediator/INITIAL_SETUP_KEY");
        assertThat(deleted.path("Severity").path("Label").asText()).isEqualTo("HIGH");
        assertThat(deleted.path("Compliance").path("RelatedRequirements")).extracting(JsonNode::asText)
                .contains("CIS AWS Foundations Benchmark v1.4.0/1.11");
    }

    @Test
    void aDeletedOrExemptKey_isResolved_passedAndArchived() {
        ObjectNode deleted = only(report(ENFORCE, new KeyOutcome(unused("alice", "AKIAALICE1"), Outcome.DELETED, "")));
        assertThat(deleted.path("Compliance").path("Status").asText()).isEqualTo("PASSED");
        assertThat(deleted.path("RecordState").asText()).isEqualTo("ARCHIVED");
        assertThat(deleted.path("Severity").path("Label").asText()).isEqualTo("INFORMATIONAL");
    }

    @Test
    void anExemptKey_staysResolved_evenInTheLastDaysOfItsExemption() {
        User u = new User("vendor", "arn:aws:iam::123456789012:user/vendor", daysAgo(1000), false,
                Map.of("iam-key-remediator:exempt", NOW.toString().substring(0, 10)),
                List.of(new AccessKey("AKIAV", "vendor", KeyStatus.ACTIVE, daysAgo(300), daysAgo(100), "s3")));
        KeyDecision d = PLANNER.decide(u, NOW).keys().get(0);
        assertThat(d.upcoming()).as("the exemption ends within the upcoming window").isPresent();
        ObjectNode f = only(report(ENFORCE, new KeyOutcome(d, Outcome.UPCOMING, "")));
        assertThat(f.path("Compliance").path("Status").asText()).isEqualTo("PASSED");
        assertThat(f.path("RecordState").asText()).isEqualTo("ARCHIVED");
    }

    @Test
    void aDeletedKey_isNoLongerActive_andTheProviderFieldsCarryTheSeverity() {
        ObjectNode deleted = only(report(ENFORCE, new KeyOutcome(unused("alice", "AKIAALICE1"), Outcome.DELETED, "")));
        assertThat(deleted.path("Resources").get(0).path("Details").path("AwsIamAccessKey").path("Status").asText())
                .isEqualTo("Inactive");
        ObjectNode deactivated = only(report(ENFORCE, new KeyOutcome(unused("bob", "AKIABOB"), Outcome.WOULD_DEACTIVATE, "")));
        assertThat(deactivated.path("FindingProviderFields").path("Severity").path("Label").asText()).isEqualTo("MEDIUM");
        assertThat(deactivated.path("FindingProviderFields").path("Types").get(0).asText())
                .isEqualTo("Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark");
    }

    @Test
    void rootAccessKey_isACriticalIam4Finding_onTheAccount_namedByItsReportSlot() {
        User root = new User(User.ROOT, "arn:aws:iam::123456789012:root", daysAgo(3000), true, Map.of(),
                List.of(AccessKey.fromReport(1, User.ROOT, KeyStatus.ACTIVE, daysAgo(900), daysAgo(10), "s3")),
                Source.report(NOW));
        ObjectNode f = only(report(ENFORCE, new KeyOutcome(PLANNER.decide(root, NOW).keys().get(0), Outcome.REPORTED, "")));
        assertThat(f.path("Id").asText()).isEqualTo("iam-key-remediator/123456789012/root-key-1/ROOT_ACCESS_KEY");
        assertThat(f.path("Severity").path("Label").asText()).isEqualTo("CRITICAL");
        assertThat(f.path("Compliance").path("RelatedRequirements").toString()).contains("IAM.4");
        assertThat(f.path("Resources")).singleElement().satisfies(r -> {
            assertThat(r.path("Type").asText()).isEqualTo("AwsAccount");
            assertThat(r.path("Id").asText()).isEqualTo("AWS::::Account:123456789012");
        });
        assertThat(f.path("Remediation").path("Recommendation").path("Text").asText()).contains("assume-root");
    }

    @Test
    void exposedKeyOfAnExemptUser_staysACriticalOpenFinding_theExemptionOverridden() {
        User u = new User("leaky", "arn:aws:iam::123456789012:user/leaky", daysAgo(300), false,
                Map.of("iam-key-remediator:exempt", "true"), List.of(new AccessKey("AKIALEAKY", "leaky",
                        KeyStatus.ACTIVE, daysAgo(100), daysAgo(1), "s3")), Source.live(NOW),
                java.util.Set.of("AWSCompromisedKeyQuarantineV2"));
        ObjectNode f = only(report(ENFORCE, new KeyOutcome(PLANNER.decide(u, NOW).keys().get(0), Outcome.DEACTIVATED,
                "exemption overridden")));
        assertThat(f.path("Severity").path("Label").asText()).isEqualTo("CRITICAL");
        assertThat(f.path("RecordState").asText()).isEqualTo("ACTIVE");
        assertThat(f.path("Compliance").path("Status").asText()).isEqualTo("FAILED");
        assertThat(f.path("Types")).extracting(JsonNode::asText).containsExactly("TTPs/Credential Access",
                "Effects/Data Exposure");
    }

    @Test
    void aKeyKnownOnlyByItsReportSlot_hasNoFinding_forItsIdIsUnknown() {
        AccessKey slot = AccessKey.fromReport(1, "dave", KeyStatus.ACTIVE, daysAgo(200), daysAgo(1), null);
        User u = new User("dave", "arn", daysAgo(1000), false, Map.of(), List.of(slot), Source.report(NOW));
        KeyDecision d = PLANNER.decide(u, NOW).keys().get(0);
        assertThat(d.findings()).extracting(f -> f.rule().id()).containsExactly("KEY_ROTATION_DUE");
        assertThat(ASFF.findings(report(ENFORCE, new KeyOutcome(d, Outcome.REPORTED, "")), NOW)).isEmpty();
    }

    @Test
    void anEarlierFindingNoLongerSeen_keepsItsIdentity_andIsArchivedAsPassed() {
        ObjectNode earlier = only(report(ENFORCE, new KeyOutcome(unused("alice", "AKIAALICE1"), Outcome.DEACTIVATED, "")));
        ObjectNode resolved = ASFF.resolved(earlier, NOW.plusSeconds(86400), "fixed");
        for (String field : List.of("Id", "ProductArn", "GeneratorId", "AwsAccountId", "CreatedAt", "Resources", "Types")) {
            assertThat(resolved.path(field)).as(field).isEqualTo(earlier.path(field));
        }
        assertThat(resolved.path("UpdatedAt").asText()).isEqualTo(NOW.plusSeconds(86400).toString());
        assertThat(resolved.path("Compliance").path("Status").asText()).isEqualTo("PASSED");
        assertThat(resolved.path("Compliance").path("RelatedRequirements"))
                .isEqualTo(earlier.path("Compliance").path("RelatedRequirements"));
        assertThat(resolved.path("RecordState").asText()).isEqualTo("ARCHIVED");
    }
}
