package dev.iamkeyremediator.report;

import dev.iamkeyremediator.config.Mode;
import dev.iamkeyremediator.inventory.InventoryError;
import dev.iamkeyremediator.remediation.KeyOutcome;
import dev.iamkeyremediator.remediation.Outcome;
import java.time.Instant;
import java.util.List;

/**
 * Everything one run found and did: what the digest and the run summary are made from.
 *
 * @param startedAt         when the run started (the instant the rules were evaluated at)
 * @param accountId         the AWS account, or "unknown"
 * @param mode              the mode and why
 * @param inventoryStrategy how the inventory was taken
 * @param usersEvaluated    users decided on
 * @param keysEvaluated     keys decided on
 * @param usersReadLive     users read live (the others were settled, or taken from the credential report)
 * @param outcomes          one per key with something to say
 * @param errors            reads that failed (per user, or account-wide)
 * @param warnings          run-wide warnings for the top of the digest
 */
public record RunReport(Instant startedAt, String accountId, Mode mode, String inventoryStrategy, int usersEvaluated,
        int keysEvaluated, int usersReadLive, List<KeyOutcome> outcomes, List<InventoryError> errors, List<String> warnings) {

    public RunReport {
        outcomes = List.copyOf(outcomes);
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    /** The same report with {@code value} as its errors (once a later step of the run added some). */
    public RunReport withErrors(List<InventoryError> value) {
        return new RunReport(startedAt, accountId, mode, inventoryStrategy, usersEvaluated, keysEvaluated,
                usersReadLive, outcomes, value, warnings);
    }

    public List<KeyOutcome> withOutcome(Outcome outcome) {
        return outcomes.stream().filter(o -> o.outcome() == outcome).toList();
    }

    public long count(Outcome outcome) {
        return outcomes.stream().filter(o -> o.outcome() == outcome).count();
    }

    /** Errors of every kind: failed reads and failed actions. */
    public long errorCount() {
        return errors.size() + count(Outcome.FAILED);
    }
}
