package dev.iamkeyremediator.report;

import dev.iamkeyremediator.config.Mode;
import dev.iamkeyremediator.errors.RunError;
import dev.iamkeyremediator.remediation.KeyOutcome;
import dev.iamkeyremediator.remediation.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything one run found and did: what the digest and the run summary are made from.
 *
 * @param startedAt         when the run started (the instant the rules were evaluated at)
 * @param accountId         the AWS account; empty when the run's identity could not be established
 * @param mode              the mode and why
 * @param inventoryStrategy how the inventory was taken
 * @param usersEvaluated    users decided on
 * @param keysEvaluated     keys decided on
 * @param usersReadLive     users read live (the others were settled, or taken from the credential report)
 * @param ruleIds           every rule the run decided with, in precedence order
 * @param outcomes          one per key with something to say
 * @param errors            reads that failed (per user, or account-wide)
 * @param warnings          run-wide warnings for the top of the digest
 * @param leftoverTags      description tags of keys that no longer exist, to be removed by hand
 */
public record RunReport(Instant startedAt, Optional<String> accountId, Mode mode, String inventoryStrategy,
        int usersEvaluated, int keysEvaluated, int usersReadLive, List<String> ruleIds, List<KeyOutcome> outcomes,
        List<RunError> errors, List<String> warnings, List<LeftoverTag> leftoverTags) {

    public RunReport {
        ruleIds = List.copyOf(ruleIds);
        outcomes = List.copyOf(outcomes);
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
        leftoverTags = leftoverTags == null ? List.of() : List.copyOf(leftoverTags);
    }

    public RunReport(Instant startedAt, Optional<String> accountId, Mode mode, String inventoryStrategy,
            int usersEvaluated, int keysEvaluated, int usersReadLive, List<String> ruleIds, List<KeyOutcome> outcomes,
            List<RunError> errors, List<String> warnings) {
        this(startedAt, accountId, mode, inventoryStrategy, usersEvaluated, keysEvaluated, usersReadLive, ruleIds,
                outcomes, errors, warnings, List.of());
    }

    /** The same report with {@code value} as its errors (once a later step of the run added some). */
    public RunReport withErrors(List<RunError> value) {
        return new RunReport(startedAt, accountId, mode, inventoryStrategy, usersEvaluated, keysEvaluated,
                usersReadLive, ruleIds, outcomes, value, warnings, leftoverTags);
    }

    public List<KeyOutcome> withOutcome(Outcome outcome) {
        return outcomes.stream().filter(o -> o.outcome() == outcome).toList();
    }

    public long count(Outcome outcome) {
        return outcomes.stream().filter(o -> o.outcome() == outcome).count();
    }

    /** The account as people read it: its id, or {@code unknown}. */
    public String account() {
        return accountId.orElse("unknown");
    }

    /** Errors of every kind: failed reads and failed actions. */
    public long errorCount() {
        return errors.size() + count(Outcome.FAILED);
    }
}
