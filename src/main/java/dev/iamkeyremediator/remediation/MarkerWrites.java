package dev.iamkeyremediator.remediation;

import dev.iamkeyremediator.errors.RunError;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.remediation.MarkerOutcome.Kind;
import dev.iamkeyremediator.rules.MarkerChange;
import dev.iamkeyremediator.rules.MarkerPlan;
import dev.iamkeyremediator.rules.QuarantineTag;
import dev.iamkeyremediator.rules.StaleInactiveKeyRule;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A user's backout-marker writes after its actions: those the plan asks for, a marker for each key deactivated, the
 * removal of each deleted key's marker ({@link MarkerPlan}). In enforce they are written, removals first so their
 * places are free; in dry-run they are only described.
 */
final class MarkerWrites {

    private final KeyWriter writer;
    private final StaleInactiveKeyRule backout;
    private final LocalDate today;

    MarkerWrites(KeyWriter writer, StaleInactiveKeyRule backout, LocalDate today) {
        this.writer = writer;
        this.backout = backout;
        this.today = today;
    }

    /**
     * @param planned the marker changes of the user's decision
     * @param done    what this run did (or would do) to the user's keys
     * @param write   enforce: write them; dry-run: describe them
     * @param errors  where a refused write is recorded
     * @return what became of each marker, by key id
     */
    Map<String, MarkerOutcome> apply(User user, List<MarkerChange> planned, Collection<KeyOutcome> done, boolean write,
            List<RunError> errors) {
        List<String> deleted = keys(done, Outcome.DELETED, Outcome.WOULD_DELETE);
        List<String> deactivated = keys(done, Outcome.DEACTIVATED, Outcome.WOULD_DEACTIVATE);
        MarkerPlan plan = MarkerPlan.of(user.tags(), planned, deleted, deactivated, today);
        String userName = user.userName();
        Map<String, MarkerOutcome> result = new HashMap<>();
        boolean removed = plan.removals().isEmpty() || !write || written(userName, "UntagUser", errors,
                name -> writer.untag(name, plan.removals().stream().map(MarkerChange::tagKey).toList()));
        for (MarkerChange r : plan.removals()) {
            result.put(r.accessKeyId(), removed
                    ? MarkerOutcome.of(write ? Kind.REMOVED : Kind.WOULD_REMOVE, r.reason())
                    : MarkerOutcome.of(Kind.NOT_MARKED, "marker not removed: UntagUser failed, see Errors"));
        }
        boolean marked = plan.marks().isEmpty() || !write || written(userName, "TagUser", errors,
                name -> writer.tag(name, plan.tags(today)));
        for (MarkerChange mark : plan.marks()) {
            result.put(mark.accessKeyId(), marked
                    ? MarkerOutcome.of(write ? Kind.MARKED : Kind.WOULD_MARK, today, backout.deleteOn(today), mark.reason())
                    : MarkerOutcome.of(Kind.NOT_MARKED,
                            "marker not written: TagUser failed, see Errors; the countdown starts on a later run"));
        }
        plan.withoutRoom().forEach(keyId -> result.put(keyId, MarkerOutcome.of(Kind.NOT_MARKED, MarkerPlan.NO_ROOM)));
        return result;
    }

    /** Writes or removes the user's quarantined-since tag; a refusal is an error of the run. */
    void quarantine(User user, QuarantineTag tag, List<RunError> errors) {
        if (tag.removes()) {
            written(user.userName(), "UntagUser", errors, name -> writer.untag(name, List.of(tag.tagKey())));
        } else {
            written(user.userName(), "TagUser", errors, name -> writer.tag(name, Map.of(tag.tagKey(),
                    tag.value().orElseThrow())));
        }
    }

    private static List<String> keys(Collection<KeyOutcome> done, Outcome enforced, Outcome simulated) {
        return done.stream().filter(o -> o.outcome() == enforced || o.outcome() == simulated)
                .map(o -> o.decision().key().accessKeyId()).toList();
    }

    private static boolean written(String userName, String operation, List<RunError> errors, Consumer<String> call) {
        try {
            call.accept(userName);
            return true;
        } catch (WriteException e) {
            errors.add(RunError.write(userName, operation, e.getMessage()));
            return false;
        }
    }
}
