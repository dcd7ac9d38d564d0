package dev.iamkeyremediator.rules;

import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.time.Days;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * CIS 1.13: one active key per user. Among the keys still Active after the stronger rules, the keeper is chosen by
 * real use: a key that was used beats one never used; between two used keys the more recently used; between two
 * never-used keys the newer. The other key is deactivated once its last activity is {@code ROTATION_GRACE_DAYS}
 * calendar days ago and either it was never used or the keeper was used after its last use (traffic has moved).
 * Otherwise a rotation is in progress and the other key is only reported: a new key created for a rotation never
 * switches off the old key still in use.
 */
public final class MultipleActiveKeysRule implements Rule {

    /** The keeper first: used before usage-unknown before never used, then most recent activity, newer, key id. */
    static final Comparator<AccessKey> KEEP_ORDER = Comparator.comparingInt(MultipleActiveKeysRule::useRank)
            .thenComparing(AccessKey::lastActivity)
            .thenComparing(AccessKey::createDate)
            .thenComparing(AccessKey::accessKeyId)
            .reversed();

    public static final String ID = "MULTIPLE_ACTIVE_KEYS";
    public static final Setting GRACE_DAYS = new Setting("ROTATION_GRACE_DAYS", 7, 1, 3650,
            "idle days before the key not kept of two active keys is deactivated");
    static final RuleDefinition DEFINITION = new RuleDefinition(List.of(GRACE_DAYS),
            s -> new MultipleActiveKeysRule(s.get(GRACE_DAYS)));

    private final int graceDays;

    public MultipleActiveKeysRule(int graceDays) {
        this.graceDays = graceDays;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String standards() {
        return "CIS 1.13 / 2.12 (v6); Trend Micro Conformity IAM-004";
    }

    @Override
    public List<String> requirements() {
        return List.of("CIS AWS Foundations Benchmark v1.4.0/1.13", "CIS AWS Foundations Benchmark v3.0.0/1.13",
                "CIS AWS Foundations Benchmark v6.0.0/2.12");
    }

    private static int useRank(AccessKey key) {
        if (key.lastUsed().isPresent()) {
            return 2;
        }
        return key.usageUnknown() ? 1 : 0;
    }

    @Override
    public List<Finding> evaluate(User user, Map<String, Action> decided, Instant now) {
        List<AccessKey> stillActive = user.accessKeys().stream()
                .filter(AccessKey::active)
                .filter(k -> {
                    Action a = decided.get(k.accessKeyId());
                    return a == null || !a.changesIam();
                })
                .sorted(KEEP_ORDER)
                .toList();
        List<Finding> findings = new ArrayList<>();
        if (stillActive.size() < 2) {
            return findings;
        }
        AccessKey keeper = stillActive.get(0);
        for (AccessKey other : stillActive.subList(1, stillActive.size())) {
            Instant dueAt = Days.after(other.lastActivity(), graceDays);
            boolean trafficMoved = other.neverUsed()
                    || keeper.lastUsed().map(k -> k.isAfter(other.lastActivity())).orElse(false);
            boolean deactivate = trafficMoved && Days.reached(dueAt, now);
            String reason = "second active key, %s; %s is kept (%s); %s".formatted(UnusedKeyRule.idleness(other, now),
                    keeper.accessKeyId(), keeperUse(keeper), deactivate
                            ? "this one is idle past the %d-day grace".formatted(graceDays)
                            : "rotation in progress (grace %d days)".formatted(graceDays));
            findings.add(new Finding(other.accessKeyId(), this, deactivate ? Action.DEACTIVATE : Action.REPORT, dueAt,
                    reason));
        }
        return findings;
    }

    private static String keeperUse(AccessKey keeper) {
        return keeper.lastUsed().map(at -> "last used " + Days.day(at))
                .orElse(keeper.usageUnknown() ? "usage unknown" : "never used, the newer key");
    }
}
