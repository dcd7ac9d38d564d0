package dev.iamkeyremediator.rules;

import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.User;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CIS 1.12 / Security Hub IAM.8: an Active key whose last activity (last use, or creation if never used) is at least
 * {@code UNUSED_KEY_DAYS} ago is deactivated. Age alone never counts: a key used yesterday is not unused.
 */
public final class UnusedKeyRule implements Rule {

    private final Duration idleAge;

    public UnusedKeyRule(Duration idleAge) {
        this.idleAge = idleAge;
    }

    @Override
    public RuleId id() {
        return RuleId.UNUSED_KEY;
    }

    @Override
    public List<Finding> evaluate(User user, Map<String, Action> decided, Instant now) {
        List<Finding> findings = new ArrayList<>();
        for (AccessKey key : user.accessKeys()) {
            if (!key.active()) {
                continue;
            }
            Instant dueAt = key.lastActivity().plus(idleAge);
            if (Durations.reached(dueAt, now)) {
                String what = key.lastUsed().isPresent() ? "last used" : "never used, created";
                findings.add(new Finding(key.accessKeyId(), id(), Action.DEACTIVATE, dueAt,
                        "active, %s %d days ago (threshold %d)"
                                .formatted(what, Durations.daysBetween(key.lastActivity(), now), idleAge.toDays())));
            }
        }
        return findings;
    }
}
