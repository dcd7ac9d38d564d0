package dev.iamkeyremediator.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iamkeyremediator.it.FaultProxy;
import dev.iamkeyremediator.it.Moto;
import dev.iamkeyremediator.it.MotoAccount;
import dev.iamkeyremediator.it.Scenario;
import dev.iamkeyremediator.it.TestAccount;
import dev.iamkeyremediator.report.RunSummary;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** With SECURITY_HUB=true every run imports its findings into moto's Security Hub and resolves the ones it lost. */
@ExtendWith(MotoAccount.class)
class SecurityHubIT {

    private static final String ACCOUNT = "123456789012";
    private final Moto moto = Moto.shared();
    private TestAccount account;
    private Scenario scenario;
    private String topic;

    @BeforeEach
    void seed(TestAccount account) {
        this.account = account;
        scenario = Scenario.seed(account);
        topic = account.topicWithQueue();
    }

    private TestRun run() {
        return TestRun.against(moto.endpoint()).env(Map.of("TOPIC_ARN", topic, "SECURITY_HUB", "true"));
    }

    private static String id(TestAccount.Key key, String rule) {
        return "iam-key-remediator/%s/%s/%s".formatted(ACCOUNT, key.id(), rule);
    }

    private static Map<String, String> states(Map<String, JsonNode> findings) {
        Map<String, String> states = new TreeMap<>();
        findings.forEach((id, f) -> states.put(id, f.path("RecordState").asText() + "/"
                + f.path("Compliance").path("Status").asText()));
        return states;
    }

    @Test
    void firstRunCreates_aRunAfterKeysAreFixedArchivesThem_andIdsStayStable() {
        account.setMode("dry-run");
        Map<String, String> keysBefore = account.keyStates();

        RunSummary first = run().run();

        assertThat(account.keyStates()).as("findings are not writes to IAM").isEqualTo(keysBefore);
        Map<String, JsonNode> created = account.securityHubFindings();
        assertThat(states(created))
                .containsEntry(id(scenario.setupKey, "INITIAL_SETUP_KEY"), "ACTIVE/FAILED")
                .containsEntry(id(scenario.ciBot, "UNUSED_KEY"), "ACTIVE/FAILED")
                .containsEntry(id(scenario.rotatingOld, "MULTIPLE_ACTIVE_KEYS"), "ACTIVE/FAILED")
                .containsEntry(id(scenario.exempt, "UNUSED_KEY"), "ARCHIVED/PASSED")
                .containsEntry(id(scenario.oldButBusy, "KEY_ROTATION_DUE"), "ACTIVE/FAILED")
                .doesNotContainKey(id(scenario.healthy, "KEY_ROTATION_DUE"))
                // an Inactive key first seen today is only marked: its finding comes when its backout window ends
                .doesNotContainKey(id(scenario.oldInactive, "STALE_INACTIVE_KEY"))
                .doesNotContainKey(id(scenario.rotatingNew, "MULTIPLE_ACTIVE_KEYS"));
        assertThat(first.findingsImported()).isEqualTo(created.size());
        assertThat(first.findingsResolved()).isZero();
        JsonNode unused = created.get(id(scenario.ciBot, "UNUSED_KEY"));
        assertThat(unused.path("ProductArn").asText())
                .isEqualTo("arn:aws:securityhub:us-east-1:%s:product/%s/default".formatted(ACCOUNT, ACCOUNT));
        assertThat(unused.path("Resources").findValuesAsText("Type")).containsExactly("AwsIamAccessKey", "AwsIamUser");
        assertThat(unused.path("Compliance").path("RelatedRequirements").toString()).contains("IAM.8", "IAM.22");
        assertThat(unused.path("Remediation").path("Recommendation").path("Text").asText())
                .startsWith("Dry-run: enforce mode would deactivate this key.");

        // the owners fix two keys: one is used again, one is deleted
        account.use(scenario.ciBot);
        account.iam().deleteAccessKey(r -> r.userName("setup-key-user").accessKeyId(scenario.setupKey.id()));

        RunSummary second = run().run();

        Map<String, JsonNode> after = account.securityHubFindings();
        assertThat(states(after))
                .containsEntry(id(scenario.ciBot, "UNUSED_KEY"), "ARCHIVED/PASSED")
                .containsEntry(id(scenario.setupKey, "INITIAL_SETUP_KEY"), "ARCHIVED/PASSED")
                .containsEntry(id(scenario.rotatingOld, "MULTIPLE_ACTIVE_KEYS"), "ACTIVE/FAILED")
                .containsEntry(id(scenario.oldButBusy, "KEY_ROTATION_DUE"), "ACTIVE/FAILED");
        assertThat(second.findingsResolved()).isEqualTo(2);
        String kept = id(scenario.rotatingOld, "MULTIPLE_ACTIVE_KEYS");
        assertThat(after.get(kept).path("FirstObservedAt")).as("first observed by the first run")
                .isEqualTo(created.get(kept).path("FirstObservedAt"));
        assertThat(after.get(kept).path("UpdatedAt").asText()).isGreaterThan(created.get(kept).path("UpdatedAt").asText());
        // ASFF: CreatedAt is the first observation, unchanged across runs, and never after UpdatedAt
        for (Map<String, JsonNode> findings : List.of(created, after)) {
            findings.forEach((id, f) -> assertThat(Instant.parse(f.path("CreatedAt").asText()))
                    .as(id).isBeforeOrEqualTo(Instant.parse(f.path("UpdatedAt").asText())));
        }
        created.forEach((id, f) -> assertThat(after.get(id).path("CreatedAt")).as(id).isEqualTo(f.path("CreatedAt")));
        // the same findings were updated, not duplicated; the key used again is now only due for rotation
        assertThat(after.keySet()).containsAll(created.keySet());
        assertThat(after.keySet().stream().filter(i -> !created.containsKey(i)).collect(Collectors.toSet()))
                .containsExactly(id(scenario.ciBot, "KEY_ROTATION_DUE"));
        assertThat(after.get(id(scenario.ciBot, "UNUSED_KEY")).path("Remediation").path("Recommendation")
                .path("Text").asText()).startsWith("Resolved by iam-key-remediator on");

        RunSummary third = run().run();
        assertThat(third.findingsResolved()).as("an archived finding is not resolved again").isZero();
        assertThat(account.securityHubFindings().keySet()).isEqualTo(after.keySet());
    }

    @Test
    void enforce_findingsSayWhatWasDone_andTheDeletedKeysFindingIsResolved() {
        account.setMode("enforce");

        run().run();

        Map<String, JsonNode> findings = account.securityHubFindings();
        assertThat(states(findings)).containsEntry(id(scenario.setupKey, "INITIAL_SETUP_KEY"), "ARCHIVED/PASSED")
                .containsEntry(id(scenario.ciBot, "UNUSED_KEY"), "ACTIVE/FAILED");
        assertThat(findings.get(id(scenario.ciBot, "UNUSED_KEY")).path("Remediation").path("Recommendation")
                .path("Text").asText())
                .startsWith("Deactivated by iam-key-remediator on")
                .contains("Undo: aws iam update-access-key --user-name ci-bot-unused --access-key-id "
                        + scenario.ciBot.id() + " --status Active");
        assertThat(findings.get(id(scenario.ciBot, "UNUSED_KEY")).path("ProductFields")
                .path("iam-key-remediator/DeleteOn").asText()).matches("\\d{4}-\\d\\d-\\d\\d");
    }

    @Test
    void aRefusedImport_isAnErrorInTheDigest_andFailsTheRun_butChangesNoKeyDecision() throws Exception {
        account.setMode("enforce");
        Map<String, String> expected = new TreeMap<>(account.keyStates());
        expected.remove(scenario.setupKey.id());
        expected.put(scenario.ciBot.id(), "Inactive");
        expected.put(scenario.rotatingOld.id(), "Inactive");

        RunSummary summary;
        try (FaultProxy proxy = new FaultProxy(moto.endpoint())) {
            proxy.faults(call -> call.service().equals("securityhub")
                    ? FaultProxy.Fault.error(403, "InvalidAccessException", "Account is not subscribed to AWS Security Hub")
                    : FaultProxy.Fault.pass());
            summary = TestRun.against(proxy.endpoint()).env(Map.of("TOPIC_ARN", topic, "SECURITY_HUB", "true"))
                    .runAllowingFailure();
        }

        assertThat(account.keyStates()).isEqualTo(expected);
        assertThat(summary.status()).isEqualTo("failed");
        assertThat(summary.failures()).anySatisfy(f -> assertThat(f).contains("Security Hub"));
        assertThat(summary.findingsImported()).isZero();
        assertThat(account.digests()).singleElement().satisfies(d -> assertThat(d.body())
                .contains("== Errors (")
                .contains("BatchImportFindings: ")
                .contains("InvalidAccessException")
                .contains("is Security Hub enabled in us-east-1? Enable it, or deploy with SecurityHub=false")
                .contains("== Deactivated (2) =="));
        assertThat(account.securityHubFindings()).isEmpty();
    }

    @Test
    void off_importsNothing() {
        account.setMode("dry-run");
        RunSummary summary = TestRun.against(moto.endpoint()).env(Map.of("TOPIC_ARN", topic)).run();
        assertThat(summary.findingsImported()).isZero();
        assertThat(account.securityHubFindings()).isEmpty();
        assertThat(Set.of(summary.status())).containsExactly("succeeded");
    }
}
