package dev.iamkeyremediator.remediation;

import dev.iamkeyremediator.errors.RunError;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.remediation.MarkerOutcome.Kind;
import dev.iamkeyremediator.rules.BackoutMarkers;
import dev.iamkeyremediator.rules.ExposedKeyRule;
import dev.iamkeyremediator.rules.MarkerChange;
import dev.iamkeyremediator.rules.MarkerPlan;
import dev.iamkeyremediator.rules.QuarantineTag;
import dev.iamkeyremediator.rules.StaleInactiveKeyRule;
import dev.iamkeyremediator.trust.SealException;
import dev.iamkeyremediator.trust.Sealer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A user's backout-marker writes after its actions: those the plan asks for, a marker for each key deactivated, the
 * removal of each deleted key's marker ({@link MarkerPlan}). In enforce they are written, removals first so their
 * places are free, each new value sealed ({@link Sealer}); in dry-run they are only described.
 *
 * <p>The role may remove only tags spelled as the tool writes them (its {@code aws:TagKeys} condition compares in
 * case). A marker written by hand in another case is removed apart from the others; when that is refused, the user
 * gets a warning with the command that removes it, and the run does not fail for it.
 */
final class MarkerWrites {

    private final KeyWriter writer;
    private final StaleInactiveKeyRule backout;
    private final Sealer sealer;
    private final LocalDate today;

    MarkerWrites(KeyWriter writer, StaleInactiveKeyRule backout, Sealer sealer, LocalDate today) {
        this.writer = writer;
        this.backout = backout;
        this.sealer = sealer;
        this.today = today;
    }

    /** Where a user's refused writes go: errors fail the run, warnings do not. */
    record Refusals(List<RunError> errors, List<String> warnings) {

        static Refusals none() {
            return new Refusals(new ArrayList<>(), new ArrayList<>());
        }
    }

    /**
     * @param planned  the marker changes of the user's decision
     * @param done     what this run did (or would do) to the user's keys
     * @param write    enforce: write them; dry-run: describe them
     * @param refused  where a refused write is recorded
     * @return what became of each marker, by key id
     */
    Map<String, MarkerOutcome> apply(User user, List<MarkerChange> planned, Collection<KeyOutcome> done, boolean write,
            Refusals refused) {
        List<String> deleted = keys(done, Outcome.DELETED, Outcome.WOULD_DELETE);
        List<String> deactivated = keys(done, Outcome.DEACTIVATED, Outcome.WOULD_DEACTIVATE);
        MarkerPlan plan = MarkerPlan.of(user.tags(), planned, deleted, deactivated, today);
        String userName = user.userName();
        Map<String, MarkerOutcome> result = new HashMap<>();
        List<MarkerChange> asWritten = plan.removals().stream().filter(r -> !foreignCase(r)).toList();
        List<MarkerChange> foreign = plan.removals().stream().filter(MarkerWrites::foreignCase).toList();
        boolean removed = asWritten.isEmpty() || !write || written(userName, "UntagUser", refused.errors(),
                name -> writer.untag(name, asWritten.stream().map(MarkerChange::tagKey).toList()));
        for (MarkerChange r : asWritten) {
            result.put(r.accessKeyId(), removed
                    ? MarkerOutcome.of(write ? Kind.REMOVED : Kind.WOULD_REMOVE, r.reason())
                    : MarkerOutcome.of(Kind.NOT_MARKED, "marker not removed: UntagUser failed, see Errors"));
        }
        for (MarkerChange r : foreign) {
            result.put(r.accessKeyId(), !write || removedByHand(user, r.tagKey(), refused.warnings())
                    ? MarkerOutcome.of(write ? Kind.REMOVED : Kind.WOULD_REMOVE, r.reason())
                    : MarkerOutcome.of(Kind.NOT_MARKED, ("marker %s not removed: it is spelled in another case than"
                            + " this tool writes, which its role may not untag; see the warning").formatted(r.tagKey())));
        }
        String unwritten = "";
        if (write && !plan.marks().isEmpty()) {
            try {
                Map<String, String> tags = new LinkedHashMap<>();
                plan.tags(today).forEach((key, value) -> tags.put(key, sealer.tagValue(user, key, value)));
                if (!written(userName, "TagUser", refused.errors(), name -> writer.tag(name, tags))) {
                    unwritten = "marker not written: TagUser failed, see Errors; the countdown starts on a later run";
                }
            } catch (SealException e) {
                refused.errors().add(RunError.write(userName, e.operation(), e.getMessage()));
                unwritten = "marker not written: its seal could not be made (%s failed, see Errors); the countdown"
                        .formatted(e.operation()) + " starts on a later run";
            }
        }
        for (MarkerChange mark : plan.marks()) {
            result.put(mark.accessKeyId(), unwritten.isEmpty()
                    ? MarkerOutcome.of(write ? Kind.MARKED : Kind.WOULD_MARK, today, backout.deleteOn(today), mark.reason())
                    : MarkerOutcome.of(Kind.NOT_MARKED, unwritten));
        }
        plan.withoutRoom().forEach(keyId -> result.put(keyId, MarkerOutcome.of(Kind.NOT_MARKED, MarkerPlan.NO_ROOM)));
        return result;
    }

    /**
     * Writes or removes the user's quarantined-since tag (its value sealed); a refusal is an error of the run, but for
     * the removal of a tag spelled in another case, which its role may not remove: a warning.
     */
    void quarantine(User user, QuarantineTag tag, Refusals refused) {
        if (tag.removes() && !tag.tagKey().equals(ExposedKeyRule.QUARANTINED_SINCE)) {
            removedByHand(user, tag.tagKey(), refused.warnings());
        } else if (tag.removes()) {
            written(user.userName(), "UntagUser", refused.errors(), name -> writer.untag(name, List.of(tag.tagKey())));
        } else {
            try {
                String value = sealer.tagValue(user, tag.tagKey(), tag.value().orElseThrow());
                written(user.userName(), "TagUser", refused.errors(),
                        name -> writer.tag(name, Map.of(tag.tagKey(), value)));
            } catch (SealException e) {
                refused.errors().add(RunError.write(user.userName(), e.operation(), e.getMessage()));
            }
        }
    }

    /** A marker whose tag key is not spelled as the tool writes it. */
    private static boolean foreignCase(MarkerChange removal) {
        return !removal.tagKey().equals(BackoutMarkers.tagKey(removal.accessKeyId()));
    }

    /** Removes a tag of the tool's spelled in another case; when that is refused, a warning says how to. */
    private boolean removedByHand(User user, String tagKey, List<String> warnings) {
        try {
            writer.untag(user.userName(), List.of(tagKey));
            return true;
        } catch (WriteException e) {
            warnings.add(("%s: the tag '%s' is spelled in another case than this tool writes, and removing it was"
                    + " refused (%s); remove it with: aws iam untag-user --user-name %s --tag-keys '%s'")
                    .formatted(user.userName(), tagKey, e.getMessage(), user.userName(), tagKey));
            return false;
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
