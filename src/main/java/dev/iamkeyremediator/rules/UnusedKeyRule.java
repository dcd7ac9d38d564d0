package dev.iamkeyremediator.rules;

import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CIS 1.12 / Security Hub IAM.8: an Active key whose last activity (last use, or creation if never used) is at least
 * {@code UNUSED_KEY_DAYS} calendar days ago is deactivated. Age alone never counts: a key used yesterday is not unused.
 */
public final class UnusedKeyRule implements Rule {

    private final int idleDays;

    public UnusedKeyRule(int idleDays) {
        this.idleDays = idleDays;
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
            Instant dueAt = Days.after(key.lastActivity(), idleDays);
            if (Days.reached(dueAt, now)) {
                findings.add(new Finding(key.accessKeyId(), id(), Action.DEACTIVATE, dueAt,
                        "active, %s (threshold %d days)".formatted(idleness(key, now), idleDays)));
            }
        }
        return findings;
    }

    /** "last used 100 days ago", "never used, created 95 days ago", or the unknown-usage wording. */
    static String idleness(AccessKey key, Instant now) {
        long days = Days.between(key.lastActivity(), now);
        if (key.lastUsed().isPresent()) {
            return "last used %d days ago".formatted(days);
        }
        return key.usageUnknown()
                ? "usage unknown (created before IAM tracked key use), created %d days ago".formatted(days)
                : "never used, created %d days ago".formatted(days);
    }
}
