package dev.iamkeyremediator.rules;

import dev.iamkeyremediator.inventory.User;
import java.util.List;
import java.util.Optional;

/**
 * The plan for one user.
 *
 * @param user          the user, as inventoried
 * @param exemption     its exemption (an exempt user gets no write of any kind)
 * @param keys          one decision per key, in the user's key order
 * @param markerChanges the marker writes it needs whatever this run's actions (first seen Inactive, void markers)
 * @param quarantineTag the quarantined-since tag to write or remove, if any
 */
public record UserDecision(User user, Exemption exemption, List<KeyDecision> keys, List<MarkerChange> markerChanges,
        Optional<QuarantineTag> quarantineTag) {

    public UserDecision {
        keys = List.copyOf(keys);
        markerChanges = List.copyOf(markerChanges);
    }
}
