package dev.iamkeyremediator.remediation;

import dev.iamkeyremediator.remediation.MarkerOutcome.Kind;
import dev.iamkeyremediator.rules.KeyDecision;
import dev.iamkeyremediator.rules.StaleInactiveKeyRule;
import dev.iamkeyremediator.rules.UserDecision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One outcome per key with news, for one user: what was done to it, what the caps held back, or what the plan says of
 * it (exempt, skipped, upcoming, reported, in the backout window), each with what became of its marker. Pure.
 */
final class OutcomeAssembly {

    private final Map<String, KeyOutcome> held;
    private final Set<String> protectedKeyIds;

    /**
     * @param held            keys the caps withheld or deferred, by key id
     * @param protectedKeyIds keys never touched (the key signing the run's requests)
     */
    OutcomeAssembly(Map<String, KeyOutcome> held, Set<String> protectedKeyIds) {
        this.held = Map.copyOf(held);
        this.protectedKeyIds = Set.copyOf(protectedKeyIds);
    }

    /**
     * @param acted   what this run did (or in dry-run would do) to the user's keys, by key id
     * @param markers what became of the user's markers, by key id
     */
    List<KeyOutcome> of(UserDecision user, Map<String, KeyOutcome> acted, Map<String, MarkerOutcome> markers) {
        List<KeyOutcome> outcomes = new ArrayList<>();
        Map<String, KeyOutcome> unlisted = new LinkedHashMap<>(acted);
        for (KeyDecision d : user.keys()) {
            String keyId = d.key().accessKeyId();
            unlisted.remove(keyId);
            KeyOutcome outcome = acted.containsKey(keyId) ? acted.get(keyId)
                    : held.containsKey(keyId) ? held.get(keyId)
                    : planned(d);
            if (outcome == null) {
                continue;
            }
            MarkerOutcome marker = markers.containsKey(keyId) ? markers.get(keyId)
                    : outcome.outcome().changes() ? MarkerOutcome.NONE : standing(d);
            outcomes.add(outcome.withMarker(marker));
        }
        outcomes.addAll(unlisted.values()); // keys gone since the plan: their skip is news too
        return outcomes;
    }

    /** What a key not acted on gets: exempt, skipped, upcoming, reported, in the backout window, or nothing. */
    private KeyOutcome planned(KeyDecision d) {
        if (d.heldByExemption()) {
            if (d.upcoming().isPresent()) {
                return new KeyOutcome(d, Outcome.UPCOMING, d.exemption().note());
            }
            return d.findings().isEmpty() ? null : new KeyOutcome(d, Outcome.EXEMPT, d.exemption().note());
        }
        if (d.wantsChange() && protectedKeyIds.contains(d.key().accessKeyId())) {
            return new KeyOutcome(d, Outcome.SKIPPED, "this key signs the run's own requests");
        }
        if (d.wantsChange() && !d.user().source().live()) {
            // the triage reads live every user a rule could write to: this would be a bug, and is never acted on
            return new KeyOutcome(d, Outcome.SKIPPED, "known only from the credential report; read live next run");
        }
        if (d.upcoming().isPresent()) {
            return new KeyOutcome(d, Outcome.UPCOMING, ""); // the owner's warning outranks a report
        }
        if (!d.findings().isEmpty()) {
            return new KeyOutcome(d, Outcome.REPORTED, "");
        }
        return d.backout().hasNews() ? new KeyOutcome(d, Outcome.BACKOUT, "") : null;
    }

    /** A marker the run leaves as it is: a running countdown, or one that cannot be written. */
    private static MarkerOutcome standing(KeyDecision d) {
        StaleInactiveKeyRule.KeyState state = d.backout();
        if (state.blocked().isPresent()) {
            return MarkerOutcome.of(Kind.NOT_MARKED, state.blocked().get());
        }
        if (state.change().isEmpty() && state.since().isPresent()) {
            return MarkerOutcome.of(Kind.KEPT, state.since().get(), state.deleteOn().orElse(null), "");
        }
        return MarkerOutcome.NONE;
    }
}
