package dev.iamkeyremediator.publish;

import dev.iamkeyremediator.errors.RunError;
import dev.iamkeyremediator.report.RunReport;
import dev.iamkeyremediator.time.RunBudget;
import java.util.List;
import java.util.function.Predicate;

/** Where a run's findings go besides the digest (Security Hub). Findings are not writes to IAM: dry-run sends them too. */
public interface FindingsPublisher {

    /** Nothing published: the integration is off. */
    FindingsPublisher NONE = (report, judged, budget) -> Published.OFF;

    /**
     * Publishes the run's findings and resolves the earlier ones it no longer has.
     *
     * @param judged users this run decided on in full: an earlier finding of theirs that the run no longer has is
     *               resolved; the others' stand (unreadable, not read in time, or outside an event's one key)
     * @param budget       no call starts once its channels are exhausted; what is left is an error, and the next
     *                     run catches up (the findings' ids are stable)
     */
    Published publish(RunReport report, Predicate<String> judged, RunBudget budget);

    /**
     * @param imported findings created or updated
     * @param resolved earlier findings resolved (their key fixed, exempted or gone)
     * @param errors   refused imports or reads: each fails the run, none changes a key decision
     */
    record Published(int imported, int resolved, List<RunError> errors) {

        public static final Published OFF = new Published(0, 0, List.of());

        public Published {
            errors = List.copyOf(errors);
        }
    }
}
