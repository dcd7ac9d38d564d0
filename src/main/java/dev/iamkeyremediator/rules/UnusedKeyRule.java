package dev.iamkeyremediator.rules;

import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.time.Days;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CIS 1.12 / Security Hub IAM.8: an Active key whose last activity (last use, or creation if never used) is at least
 * {@code UNUSED_KEY_DAYS} calendar days ago is deactivated. Age alone never counts: a key used yesterday is not unused.
 */
public final class UnusedKeyRule implements Rule {

    public static final String ID = "UNUSED_KEY";
    public static final Setting IDLE_DAYS = new Setting("UNUSED_KEY_DAYS", 90, 1, 3650,
            "idle days before an Active key is deactivated");
    static final RuleDefinition DEFINITION = new RuleDefinition(List.of(IDLE_DAYS),
            s -> new UnusedKeyRule(s.get(IDLE_DAYS)));

    private final int idleDays;

    public UnusedKeyRule(int idleDays) {
        this.idleDays = idleDays;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String standards() {
        return "CIS 1.12 (v1.4-v3.0) / 2.11 (v6); Security Hub IAM.8 and IAM.22";
    }

    @Override
    public List<String> requirements() {
        return List.of("CIS AWS Foundations Benchmark v1.4.0/1.12", "CIS AWS Foundations Benchmark v3.0.0/1.12",
                "CIS AWS Foundations Benchmark v6.0.0/2.11", "IAM.8", "IAM.22");
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
                findings.add(new Finding(key.accessKeyId(), this, Action.DEACTIVATE, dueAt,
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
