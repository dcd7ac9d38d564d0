package dev.iamkeyremediator.remediation;

import dev.iamkeyremediator.errors.RunError;
import java.util.List;

/**
 * What the executor did.
 *
 * @param outcomes one per key with something to say
 * @param errors   writes or re-reads that failed outside a key's own action (marker writes, a user's re-read)
 * @param warnings what could not be done for a user without failing the run (a marker its role may not remove)
 */
public record Execution(List<KeyOutcome> outcomes, List<RunError> errors, List<String> warnings) {

    public Execution {
        outcomes = List.copyOf(outcomes);
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }
}
