package dev.iamkeyremediator.rules;

import java.time.Instant;
import java.util.List;

/**
 * Every user's decision at one instant.
 *
 * @param users       one per inventoried user
 * @param evaluatedAt the instant the rules were evaluated at
 */
public record Plan(List<UserDecision> users, Instant evaluatedAt) {

    public Plan {
        users = List.copyOf(users);
    }

    /** Every key's decision, user by user. */
    public List<KeyDecision> decisions() {
        return users.stream().flatMap(u -> u.keys().stream()).toList();
    }
}
