package dev.iamkeyremediator.rules;

import dev.iamkeyremediator.inventory.User;
import java.util.List;

/**
 * The plan for one user.
 *
 * @param user          the user, as inventoried
 * @param exemption     its exemption (an exempt user gets no write of any kind)
 * @param keys          one decision per key, in the user's key order
 * @param markerChanges the marker writes it needs whatever this run's actions (first seen Inactive, void markers)
 */
public record UserDecision(User user, Exemption exemption, List<KeyDecision> keys, List<MarkerChange> markerChanges) {

    public UserDecision {
        keys = List.copyOf(keys);
        markerChanges = List.copyOf(markerChanges);
    }
}
