package dev.iamkeyremediator.remediation;

import dev.iamkeyremediator.rules.KeyDecision;

/**
 * @param decision what the rules decided for the key
 * @param outcome  what the run did about it
 * @param detail   why, for people (empty when the decision says it all)
 * @param marker   what became of its backout marker
 */
public record KeyOutcome(KeyDecision decision, Outcome outcome, String detail, MarkerOutcome marker) {

    public KeyOutcome(KeyDecision decision, Outcome outcome, String detail) {
        this(decision, outcome, detail, MarkerOutcome.NONE);
    }

    public KeyOutcome withMarker(MarkerOutcome value) {
        return new KeyOutcome(decision, outcome, detail, value);
    }
}
