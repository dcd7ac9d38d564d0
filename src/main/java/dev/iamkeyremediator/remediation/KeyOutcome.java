package dev.iamkeyremediator.remediation;

import dev.iamkeyremediator.rules.KeyDecision;

/**
 * @param decision what the rules decided for the key
 * @param outcome  what the run did about it
 * @param detail   why, for people (empty when the decision says it all)
 */
public record KeyOutcome(KeyDecision decision, Outcome outcome, String detail) {
}
