package dev.iamkeyremediator.rules;

import java.time.Instant;
import java.util.List;

/**
 * Every key's decision at one instant.
 *
 * @param decisions one per key of every inventoried user
 * @param evaluatedAt the instant the rules were evaluated at
 */
public record Plan(List<KeyDecision> decisions, Instant evaluatedAt) {

    public Plan {
        decisions = List.copyOf(decisions);
    }
}
