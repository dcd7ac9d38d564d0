package dev.iamkeyremediator.rules;

import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.User;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An Inactive key whose last activity is at least {@code UNUSED_KEY_DAYS + DELETE_AFTER_DAYS} ago is deleted: it was
 * deactivated (by this tool or by hand), nobody reactivated it during the backout period, so it can go.
 */
public final class StaleInactiveKeyRule implements Rule {

    private final Duration idleAge;

    public StaleInactiveKeyRule(Duration idleAge) {
        this.idleAge = idleAge;
    }

    @Override
    public RuleId id() {
        return RuleId.STALE_INACTIVE_KEY;
    }

    @Override
    public List<Finding> evaluate(User user, Map<String, Action> decided, Instant now) {
        List<Finding> findings = new ArrayList<>();
        for (AccessKey key : user.accessKeys()) {
            if (key.active()) {
                continue;
            }
            Instant dueAt = key.lastActivity().plus(idleAge);
            if (Durations.reached(dueAt, now)) {
                findings.add(new Finding(key.accessKeyId(), id(), Action.DELETE, dueAt,
                        "inactive, last activity %d days ago (threshold %d)"
                                .formatted(Durations.daysBetween(key.lastActivity(), now), idleAge.toDays())));
            }
        }
        return findings;
    }
}
