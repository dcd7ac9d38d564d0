package dev.iamkeyremediator.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.iamkeyremediator.config.Release;
import dev.iamkeyremediator.errors.RunError;
import dev.iamkeyremediator.remediation.KeyOutcome;
import dev.iamkeyremediator.remediation.Outcome;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run returns (the handler's result, {@code run}'s stdout). Plain values only, so any JSON serializer (the
 * Lambda runtime's included) writes it the same way.
 *
 * @param schema            the version of this document's form ({@link #SCHEMA}), which the roll-up checks
 * @param version           the release that made it ({@link Release#version()})
 * @param status            {@code succeeded} or {@code failed}
 * @param mode              {@code dry-run} or {@code enforce}
 * @param modeReason        where the mode came from
 * @param account           the AWS account
 * @param startedAt         ISO-8601 instant
 * @param durationMillis    wall time of the run
 * @param inventoryStrategy how the inventory was taken
 * @param usersEvaluated    users in the account
 * @param keysEvaluated     keys decided on
 * @param usersReadLive     users read live; the others were settled or taken from the credential report
 * @param outcomes          keys per outcome
 * @param findingsByRule    keys per rule that applies to them (a key can count under several rules)
 * @param errors            one line per failed read or action
 * @param digestParts       how many messages the digest took
 * @param digestDelivery    where the digest went (message ids), or why it did not
 * @param findingsImported  findings imported into Security Hub (0 when it is off)
 * @param findingsResolved  earlier Security Hub findings resolved
 * @param failures          why the run failed; empty when it succeeded
 */
public record RunSummary(int schema, String version, String status, String mode, String modeReason, String account,
        String startedAt, long durationMillis, String inventoryStrategy, int usersEvaluated, int keysEvaluated,
        int usersReadLive, Map<String, Long> outcomes, Map<String, Long> findingsByRule, List<String> errors,
        int digestParts, List<String> digestDelivery, int findingsImported, int findingsResolved,
        List<String> failures) {

    /** The summary's form: raised when a field changes meaning or goes, so that a roll-up never guesses. */
    public static final int SCHEMA = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @param digestParts      how many messages the digest took
     * @param digestDelivery   where the digest went, or why not
     * @param findingsImported findings imported into Security Hub
     * @param findingsResolved earlier findings resolved
     */
    public static RunSummary of(RunReport report, long durationMillis, int digestParts, List<String> digestDelivery,
            int findingsImported, int findingsResolved, List<String> failures) {
        Map<String, Long> outcomes = new LinkedHashMap<>();
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome.name(), report.count(outcome));
        }
        Map<String, Long> byRule = new LinkedHashMap<>();
        for (String rule : report.ruleIds()) {
            byRule.put(rule, report.outcomes().stream().map(KeyOutcome::decision)
                    .filter(d -> d.findings().stream().map(f -> f.rule().id()).anyMatch(rule::equals)).count());
        }
        List<String> errors = new ArrayList<>();
        for (RunError error : report.errors()) {
            errors.add("%s %s: %s".formatted(error.subject(),
                    error.operation(), error.message()));
        }
        for (KeyOutcome failed : report.withOutcome(Outcome.FAILED)) {
            errors.add("%s %s: %s".formatted(failed.decision().user().userName(),
                    failed.decision().key().accessKeyId(), failed.detail()));
        }
        return new RunSummary(SCHEMA, Release.version(), failures.isEmpty() ? "succeeded" : "failed",
                report.mode().mode().parameterValue(), report.mode().reason(), report.account(),
                report.startedAt().toString(), durationMillis, report.inventoryStrategy(), report.usersEvaluated(),
                report.keysEvaluated(), report.usersReadLive(), outcomes, byRule, errors, digestParts, digestDelivery,
                findingsImported, findingsResolved, failures);
    }

    /** The same summary, failed for one more reason (found after it was made). */
    public RunSummary withFailure(String why) {
        List<String> more = new ArrayList<>(failures);
        more.add(why);
        return new RunSummary(schema, version, "failed", mode, modeReason, account, startedAt, durationMillis,
                inventoryStrategy, usersEvaluated, keysEvaluated, usersReadLive, outcomes, findingsByRule, errors,
                digestParts, digestDelivery, findingsImported, findingsResolved, List.copyOf(more));
    }

    public boolean failed() {
        return !failures.isEmpty();
    }

    /** The summary as JSON, as the handler returns it and {@code run} prints it. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
