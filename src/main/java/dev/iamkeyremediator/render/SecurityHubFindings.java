package dev.iamkeyremediator.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamkeyremediator.config.Release;
import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.remediation.KeyOutcome;
import dev.iamkeyremediator.remediation.Outcome;
import dev.iamkeyremediator.report.RunReport;
import dev.iamkeyremediator.rules.Finding;
import dev.iamkeyremediator.rules.Rule;
import dev.iamkeyremediator.time.Days;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A run's findings in the AWS Security Finding Format, for Security Hub. Pure. One finding per key and rule, whose
 * id depends on nothing but the account, the key and the rule, so each run updates the same finding; a finding of
 * a key exempt or deleted is resolved (compliance PASSED, record ARCHIVED), and so is any finding of an earlier run
 * that this run no longer has ({@link #resolved}).
 */
public final class SecurityHubFindings {

    /** Every finding's GeneratorId starts with it; the run looks for its earlier findings by it. */
    public static final String GENERATOR_PREFIX = "iam-key-remediator/";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String partition;
    private final String region;
    private final String accountId;
    private final String exemptTagKey;

    /** @param exemptTagKey the tag an owner writes to keep a key, named in the remediation text */
    public SecurityHubFindings(String partition, String region, String accountId, String exemptTagKey) {
        this.partition = partition;
        this.region = region;
        this.accountId = accountId;
        this.exemptTagKey = exemptTagKey;
    }

    /** The account's own product, where a customer's findings are imported. */
    public String productArn() {
        return "arn:%s:securityhub:%s:%s:product/%s/default".formatted(partition, region, accountId, accountId);
    }

    public String findingId(String accessKeyId, Rule rule) {
        return GENERATOR_PREFIX + accountId + "/" + accessKeyId + "/" + rule.id();
    }

    /**
     * The findings of the run: one per key and rule that applies to it, for keys whose id was read, and for the root
     * user's keys, which only the credential report names (by slot: "root-key-1").
     */
    public List<ObjectNode> findings(RunReport report, Instant now) {
        List<ObjectNode> findings = new ArrayList<>();
        for (KeyOutcome outcome : report.outcomes()) {
            if (!outcome.decision().key().identified() && !outcome.decision().user().root()) {
                continue;
            }
            for (Finding finding : outcome.decision().findings()) {
                findings.add(finding(report, outcome, finding, now));
            }
        }
        return findings;
    }

    private ObjectNode finding(RunReport report, KeyOutcome outcome, Finding finding, Instant now) {
        User user = outcome.decision().user();
        AccessKey key = outcome.decision().key();
        // deleted, or exempt (until the exemption ends, even in its last 7 days, when the outcome is UPCOMING)
        boolean resolved = outcome.outcome() == Outcome.DELETED || outcome.decision().heldByExemption();
        ObjectNode f = JSON.objectNode();
        f.put("SchemaVersion", "2018-10-08");
        f.put("Id", findingId(resourceKeyId(outcome), finding.rule()));
        f.put("ProductArn", productArn());
        f.put("GeneratorId", GENERATOR_PREFIX + finding.rule().id());
        f.put("AwsAccountId", accountId);
        finding.rule().findingTypes().forEach(f.putArray("Types")::add);
        // ASFF: CreatedAt is when the finding was first seen, never later than UpdatedAt; for a finding an earlier run
        // imported, the publisher keeps that run's CreatedAt and FirstObservedAt. The due date is a product field.
        f.put("CreatedAt", now.toString());
        f.put("FirstObservedAt", now.toString());
        f.put("UpdatedAt", now.toString());
        f.put("LastObservedAt", now.toString());
        String severity = resolved ? "INFORMATIONAL" : severity(finding);
        f.putObject("Severity").put("Label", severity);
        // what a finding provider sets on an update, next to what a customer may have changed with BatchUpdateFindings
        ObjectNode provider = f.putObject("FindingProviderFields");
        provider.putObject("Severity").put("Label", severity).put("Original", severity);
        finding.rule().findingTypes().forEach(provider.putArray("Types")::add);
        f.put("Title", Text.clip("%s: access key %s of IAM user %s".formatted(finding.rule().id(), key.accessKeyId(),
                user.userName()), 256));
        f.put("Description", Text.clip("%s. Key: %s. %s.".formatted(finding.reason(), Text.facts(outcome),
                finding.rule().standards()), 1024));
        f.putObject("Remediation").putObject("Recommendation").put("Text", Text.clip(remediation(report, outcome), 512));
        productFields(f.putObject("ProductFields"), report, outcome, finding);
        resources(f.putArray("Resources"), outcome);
        return compliance(f, finding, resolved);
    }

    private static void productFields(ObjectNode fields, RunReport report, KeyOutcome outcome, Finding finding) {
        fields.put("iam-key-remediator/Outcome", outcome.outcome().name());
        fields.put("iam-key-remediator/Mode", report.mode().mode().parameterValue());
        fields.put("iam-key-remediator/Version", Release.version());
        fields.put("iam-key-remediator/DueAt", finding.dueAt().toString());
        outcome.marker().deleteOn().ifPresent(d -> fields.put("iam-key-remediator/DeleteOn", d.toString()));
    }

    /** The account, for the root user's keys; otherwise the key, with its status after this run, and its user. */
    private void resources(ArrayNode resources, KeyOutcome outcome) {
        User user = outcome.decision().user();
        AccessKey key = outcome.decision().key();
        if (user.root()) {
            resources.addObject().put("Type", "AwsAccount").put("Id", "AWS::::Account:" + accountId)
                    .put("Partition", partition).put("Region", region);
            return;
        }
        boolean active = key.active() && outcome.outcome() != Outcome.DEACTIVATED
                && outcome.outcome() != Outcome.DELETED;
        ObjectNode accessKey = resources.addObject().put("Type", "AwsIamAccessKey").put("Id", key.accessKeyId())
                .put("Partition", partition).put("Region", region);
        accessKey.putObject("Details").putObject("AwsIamAccessKey")
                .put("AccessKeyId", key.accessKeyId()).put("AccountId", accountId)
                .put("PrincipalName", user.userName()).put("PrincipalType", "IAMUser").put("UserName", user.userName())
                .put("Status", active ? "Active" : "Inactive").put("CreatedAt", key.createDate().toString());
        ObjectNode iamUser = resources.addObject().put("Type", "AwsIamUser").put("Id", user.arn())
                .put("Partition", partition).put("Region", region);
        iamUser.putObject("Details").putObject("AwsIamUser").put("UserName", user.userName())
                .put("CreateDate", user.createDate().toString());
    }

    private static ObjectNode compliance(ObjectNode f, Finding finding, boolean resolved) {
        ObjectNode compliance = f.putObject("Compliance").put("Status", resolved ? "PASSED" : "FAILED");
        ArrayNode requirements = compliance.putArray("RelatedRequirements");
        finding.rule().requirements().forEach(requirements::add);
        f.put("RecordState", resolved ? "ARCHIVED" : "ACTIVE");
        return f;
    }

    /** The key's id, or for the root user's key, known by its report slot only, "root-key-N". */
    private static String resourceKeyId(KeyOutcome outcome) {
        AccessKey key = outcome.decision().key();
        return key.identified() ? key.accessKeyId() : "root-key-" + key.reportSlot();
    }

    /** An earlier run's finding this run no longer has (the key fixed, exempted or gone): resolved, with why. */
    public ObjectNode resolved(JsonNode earlier, Instant now, String why) {
        ObjectNode f = JSON.objectNode();
        for (String field : List.of("SchemaVersion", "Id", "ProductArn", "GeneratorId", "AwsAccountId", "Types",
                "CreatedAt", "FirstObservedAt", "Title", "Description", "Resources", "ProductFields")) {
            if (earlier.has(field)) {
                f.set(field, earlier.get(field).deepCopy());
            }
        }
        f.put("UpdatedAt", now.toString());
        f.put("LastObservedAt", now.toString());
        f.putObject("Severity").put("Label", "INFORMATIONAL");
        ObjectNode provider = f.putObject("FindingProviderFields");
        provider.putObject("Severity").put("Label", "INFORMATIONAL").put("Original", "INFORMATIONAL");
        provider.set("Types", earlier.path("Types").deepCopy());
        f.putObject("Remediation").putObject("Recommendation").put("Text", Text.clip(why, 512));
        ObjectNode compliance = f.putObject("Compliance").put("Status", "PASSED");
        compliance.set("RelatedRequirements", earlier.path("Compliance").path("RelatedRequirements").deepCopy());
        f.put("RecordState", "ARCHIVED");
        return f;
    }

    /** CRITICAL for a critical rule's finding (an exposed key's action, the root user's key), else by action. */
    private static String severity(Finding finding) {
        if (finding.critical()) {
            return "CRITICAL";
        }
        return switch (finding.action()) {
            case DELETE -> "HIGH";
            case DEACTIVATE -> "MEDIUM";
            case REPORT -> "LOW";
        };
    }

    /** What the tool did or will do, and when, with the undo command where there is one. */
    private String remediation(RunReport report, KeyOutcome o) {
        String day = Days.day(report.startedAt()).toString();
        String marker = o.marker().note().map(n -> " " + capitalise(n) + ".").orElse("");
        return switch (o.outcome()) {
            case DELETED -> "Deleted by iam-key-remediator on %s.".formatted(day);
            case DEACTIVATED -> "Deactivated by iam-key-remediator on %s.%s Undo: %s".formatted(day, marker, o.undoCommand());
            case WOULD_DELETE -> "Dry-run: enforce mode would delete this key.";
            case WOULD_DEACTIVATE -> "Dry-run: enforce mode would deactivate this key.%s".formatted(marker);
            case UPCOMING -> o.decision().upcoming().map(f -> "iam-key-remediator will %s this key on %s %s. To keep it, use it or tag the user %s."
                    .formatted(f.action().name().toLowerCase(Locale.ROOT), Days.day(f.dueAt()), f.rule().upcomingCondition(),
                            exemptTagKey + "=YYYY-MM-DD"))
                    .orElse("Upcoming.");
            case EXEMPT -> "Exempt: %s.".formatted(o.detail());
            case WITHHELD -> "Withheld: more than MAX_ACTION_PERCENT of the account's keys would change at once, so none did. %s".formatted(o.detail());
            case DEFERRED -> "Deferred past MAX_ACTIONS_PER_RUN; a later run acts on it.";
            case REPORTED -> o.decision().governing().flatMap(f -> f.rule().reportAdvice())
                    .orElse("Report only: %s.".formatted(o.decision().governing().map(Finding::reason).orElse("")));
            case BACKOUT -> "Inactive, awaiting deletion.%s".formatted(marker);
            case SKIPPED, NOT_PROCESSED, FAILED -> "Not acted on this run: %s.".formatted(o.detail());
        };
    }

    private static String capitalise(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
