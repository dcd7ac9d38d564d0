package dev.iamkeyremediator.remediation;

import dev.iamkeyremediator.rules.KeyDecision;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The limits on one run's writes, applied to the whole plan before any write: {@code MAX_ACTION_PERCENT} withholds
 * every change when too much of the account would change at once (never below {@link #BLAST_RADIUS_FLOOR} keys), and
 * {@code MAX_ACTIONS_PER_RUN} defers what is past the cap, deletes first, then the longest idle. An emergency
 * (an exposed key) is never held back and does not count. Pure.
 */
final class Caps {

    /** Below this many changes the percentage limit never withholds: a small account can always act. */
    static final int BLAST_RADIUS_FLOOR = 5;

    /** Emergencies, then deletes, then the longest idle, then by user and key: the order actions are capped and run in. */
    static final Comparator<KeyDecision> ACTION_ORDER = Comparator
            .comparing((KeyDecision d) -> !d.emergency())
            .thenComparing((KeyDecision d) -> d.action().orElseThrow(), Comparator.reverseOrder())
            .thenComparing(d -> d.key().lastActivity())
            .thenComparing(d -> d.user().userName())
            .thenComparing(d -> d.key().accessKeyId());

    /**
     * @param allowed key ids the run may change
     * @param held    the other keys of the plan's changes, withheld or deferred, by key id
     */
    record Capped(Set<String> allowed, Map<String, KeyOutcome> held) {
    }

    private final int maxActions;
    private final int maxPercent;

    Caps(int maxActions, int maxPercent) {
        this.maxActions = maxActions;
        this.maxPercent = maxPercent;
    }

    /**
     * @param planned   every key the plan would change, in {@link #ACTION_ORDER}
     * @param totalKeys how many keys the account holds, for the percentage
     */
    Capped apply(List<KeyDecision> planned, int totalKeys) {
        Map<String, KeyOutcome> held = new HashMap<>();
        Set<String> emergencies = new LinkedHashSet<>();
        planned.stream().filter(KeyDecision::emergency).forEach(d -> emergencies.add(d.key().accessKeyId()));
        List<KeyDecision> toChange = planned.stream().filter(d -> !d.emergency()).toList();
        if (exceedsBlastRadius(toChange.size(), totalKeys)) {
            String why = "%d of %d keys (over MAX_ACTION_PERCENT=%d%%)".formatted(toChange.size(), totalKeys, maxPercent);
            toChange.forEach(d -> held.put(d.key().accessKeyId(), new KeyOutcome(d, Outcome.WITHHELD, why)));
            return new Capped(Set.copyOf(emergencies), held);
        }
        Set<String> allowed = new LinkedHashSet<>(emergencies);
        for (KeyDecision d : toChange) {
            if (allowed.size() - emergencies.size() < maxActions) {
                allowed.add(d.key().accessKeyId());
            } else {
                held.put(d.key().accessKeyId(), new KeyOutcome(d, Outcome.DEFERRED,
                        "cap of %d actions per run reached".formatted(maxActions)));
            }
        }
        return new Capped(Set.copyOf(allowed), held);
    }

    /** True when changing {@code count} keys would exceed the share of the account allowed in one run. */
    boolean exceedsBlastRadius(int count, int totalKeys) {
        if (count <= BLAST_RADIUS_FLOOR || maxPercent >= 100) {
            return false;
        }
        return (long) count * 100 > (long) maxPercent * totalKeys;
    }
}
