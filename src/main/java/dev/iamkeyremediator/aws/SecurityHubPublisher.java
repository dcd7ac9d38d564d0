package dev.iamkeyremediator.aws;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamkeyremediator.aws.internal.AwsJsonApi;
import dev.iamkeyremediator.errors.RunError;
import dev.iamkeyremediator.publish.FindingsPublisher;
import dev.iamkeyremediator.render.SecurityHubFindings;
import dev.iamkeyremediator.report.RunReport;
import dev.iamkeyremediator.time.RunBudget;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpMethod;

/**
 * Imports the run's findings into the account's Security Hub (BatchImportFindings, at most 100 a call) and resolves
 * the earlier findings of this tool that the run no longer has (found with GetFindings by GeneratorId). A refused
 * call is an error of the run, named in the digest; it never changes a key decision.
 */
public final class SecurityHubPublisher implements FindingsPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityHubPublisher.class);
    static final int BATCH = 100;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final AwsJsonApi securityHub;
    private final String partition;
    private final String region;
    private final String exemptTagKey;
    private final Clock clock;

    SecurityHubPublisher(AwsJsonApi securityHub, String partition, String region, String exemptTagKey, Clock clock) {
        this.securityHub = securityHub;
        this.partition = partition;
        this.region = region;
        this.exemptTagKey = exemptTagKey;
        this.clock = clock;
    }

    public SecurityHubPublisher(AwsClients clients, String exemptTagKey, Clock clock) {
        this(clients.securityHub(), clients.region().metadata() == null ? "aws"
                : clients.region().metadata().partition().id(), clients.region().id(), exemptTagKey, clock);
    }

    @Override
    public Published publish(RunReport report, Predicate<String> judged, RunBudget budget) {
        if (report.accountId().isEmpty()) {
            return new Published(0, 0, List.of(RunError.publish("BatchImportFindings",
                    "not imported: the account is unknown")));
        }
        String accountId = report.accountId().get();
        SecurityHubFindings asff = new SecurityHubFindings(partition, region, accountId, exemptTagKey);
        Instant now = clock.instant();
        List<ObjectNode> findings = new ArrayList<>(asff.findings(report, now));
        Map<String, ObjectNode> current = new HashMap<>();
        findings.forEach(f -> current.put(f.path("Id").asText(), f));
        List<RunError> errors = new ArrayList<>();
        Set<String> resolving = resolveEarlier(asff, accountId, judged, current, findings, now, budget, errors);
        Set<String> failedIds = importAll(findings, budget, errors);
        long imported = current.keySet().stream().filter(id -> !failedIds.contains(id)).count();
        int resolvedDone = (int) resolving.stream().filter(id -> !failedIds.contains(id)).count();
        LOG.info("security hub", entry("imported", imported), entry("resolved", resolvedDone), entry("errors", errors.size()));
        return new Published((int) imported, resolvedDone, errors);
    }

    /**
     * Keeps each current finding's first observation, and adds to {@code findings} the resolution of each earlier
     * finding of a judged user that the run no longer has.
     *
     * @return the ids of the findings being resolved
     */
    private Set<String> resolveEarlier(SecurityHubFindings asff, String accountId, Predicate<String> judged,
            Map<String, ObjectNode> current, List<ObjectNode> findings, Instant now, RunBudget budget,
            List<RunError> errors) {
        Set<String> resolving = new HashSet<>();
        Optional<List<JsonNode>> earlierFindings;
        try {
            earlierFindings = earlierFindings(asff, accountId, budget);
        } catch (SdkException e) {
            errors.add(RunError.publish("GetFindings", describe(e) + " (earlier findings not resolved)"));
            return resolving;
        }
        if (earlierFindings.isEmpty()) {
            errors.add(RunError.publish("GetFindings", RunBudget.CHANNELS_OUT_OF_TIME + " (earlier findings not resolved)"));
            return resolving;
        }
        for (JsonNode earlier : earlierFindings.get()) {
            String id = earlier.path("Id").asText();
            if (current.containsKey(id)) {
                for (String first : List.of("CreatedAt", "FirstObservedAt")) { // first seen by an earlier run
                    if (earlier.hasNonNull(first) && !after(earlier.get(first).asText(), now)) {
                        current.get(id).set(first, earlier.get(first).deepCopy());
                    }
                }
            } else if (earlier.path("RecordState").asText().equals("ACTIVE") && judged.test(userName(earlier))
                    && resolving.add(id)) {
                findings.add(asff.resolved(earlier, now,
                        "Resolved by iam-key-remediator on %s: the rule no longer applies (the key fixed, exempted or gone)."
                                .formatted(now.toString().substring(0, 10))));
            }
        }
        return resolving;
    }

    /** Imports the findings, 100 a call, until the channels' time is spent; returns the ids not imported. */
    private Set<String> importAll(List<ObjectNode> findings, RunBudget budget, List<RunError> errors) {
        Set<String> failedIds = new HashSet<>();
        for (int from = 0; from < findings.size(); from += BATCH) {
            List<ObjectNode> batch = findings.subList(from, Math.min(findings.size(), from + BATCH));
            if (budget.channelsExhausted()) {
                errors.add(RunError.publish("BatchImportFindings", "%d findings not imported: %s; the next run imports them"
                        .formatted(findings.size() - from, RunBudget.CHANNELS_OUT_OF_TIME)));
                findings.subList(from, findings.size()).forEach(f -> failedIds.add(f.path("Id").asText()));
                break;
            }
            try {
                ObjectNode body = JSON.objectNode();
                body.putArray("Findings").addAll(batch);
                JsonNode answer = securityHub.rest(SdkHttpMethod.POST, "/findings/import", body);
                for (JsonNode failed : answer.path("FailedFindings")) {
                    failedIds.add(failed.path("Id").asText());
                    errors.add(RunError.publish("BatchImportFindings", "finding %s refused: %s %s".formatted(
                            failed.path("Id").asText(), failed.path("ErrorCode").asText(), failed.path("ErrorMessage").asText())));
                }
            } catch (SdkException e) {
                batch.forEach(f -> failedIds.add(f.path("Id").asText()));
                errors.add(RunError.publish("BatchImportFindings", "%d findings not imported: %s"
                        .formatted(batch.size(), describe(e))));
            }
        }
        return failedIds;
    }

    /** The user a finding of this tool is about, from its AwsIamUser resource. */
    private static String userName(JsonNode finding) {
        for (JsonNode resource : finding.path("Resources")) {
            if (resource.path("Type").asText().equals("AwsIamUser")) {
                return resource.path("Details").path("AwsIamUser").path("UserName").asText("");
            }
        }
        return "";
    }

    /** The error, and what to do when Security Hub is simply not enabled where the function runs. */
    private String describe(SdkException e) {
        String described = AwsErrors.describe(e);
        return described.startsWith("InvalidAccessException")
                ? described + " (is Security Hub enabled in %s? Enable it, or deploy with SecurityHub=false)".formatted(region)
                : described;
    }

    /**
     * This tool's findings in the account, active and archived (an archived one keeps its first observation when it
     * comes back), page after page; empty when the channels' time ran out.
     */
    private Optional<List<JsonNode>> earlierFindings(SecurityHubFindings asff, String accountId, RunBudget budget) {
        List<JsonNode> found = new ArrayList<>();
        String next = null;
        do {
            if (budget.channelsExhausted()) {
                return Optional.empty();
            }
            ObjectNode request = JSON.objectNode();
            ObjectNode filters = request.putObject("Filters");
            filter(filters, "ProductArn", asff.productArn(), "EQUALS");
            filter(filters, "GeneratorId", SecurityHubFindings.GENERATOR_PREFIX, "PREFIX");
            filter(filters, "AwsAccountId", accountId, "EQUALS");
            request.put("MaxResults", BATCH);
            if (next != null) {
                request.put("NextToken", next);
            }
            JsonNode page = securityHub.rest(SdkHttpMethod.POST, "/findings", request);
            for (JsonNode f : page.path("Findings")) {
                // the service filters; so does this, against a partial filter implementation
                if (f.path("GeneratorId").asText().startsWith(SecurityHubFindings.GENERATOR_PREFIX)
                        && f.path("ProductArn").asText().equals(asff.productArn())) {
                    found.add(f);
                }
            }
            next = page.path("NextToken").isTextual() && !page.path("NextToken").asText().isEmpty()
                    ? page.path("NextToken").asText() : null;
        } while (next != null);
        return Optional.of(found);
    }

    private static void filter(ObjectNode filters, String field, String value, String comparison) {
        ArrayNode list = filters.putArray(field);
        list.addObject().put("Value", value).put("Comparison", comparison);
    }

    /** Whether an ASFF timestamp lies after {@code now} (an earlier release set CreatedAt to a due date). */
    private static boolean after(String timestamp, Instant now) {
        try {
            return OffsetDateTime.parse(timestamp).toInstant().isAfter(now);
        } catch (DateTimeParseException e) {
            return true; // unreadable: not kept
        }
    }
}
