package dev.iamkeyremediator.rules;

import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.User;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * CIS 1.13: one active key per user. Among the keys still Active after the stronger rules, the one with the most
 * recent activity is kept; each other key is deactivated once it has been idle for the rotation grace, and only
 * reported while it was used within the grace (a rotation in progress).
 */
public final class MultipleActiveKeysRule implements Rule {

    /** Most recent activity first; ties go to the newer key, then to the key id, so the choice is stable. */
    static final Comparator<AccessKey> KEEP_ORDER = Comparator.comparing(AccessKey::lastActivity)
            .thenComparing(AccessKey::createDate)
            .thenComparing(AccessKey::accessKeyId)
            .reversed();

    private final Duration grace;

    public MultipleActiveKeysRule(Duration grace) {
        this.grace = grace;
    }

    @Override
    public RuleId id() {
        return RuleId.MULTIPLE_ACTIVE_KEYS;
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
        AccessKey kept = stillActive.get(0);
        for (AccessKey other : stillActive.subList(1, stillActive.size())) {
            Instant dueAt = other.lastActivity().plus(grace);
            long idleDays = Durations.daysBetween(other.lastActivity(), now);
            if (Durations.reached(dueAt, now)) {
                findings.add(new Finding(other.accessKeyId(), id(), Action.DEACTIVATE, dueAt,
                        "second active key; %s was active more recently; this one idle %d days (grace %d)"
                                .formatted(kept.accessKeyId(), idleDays, grace.toDays())));
            } else {
                Instant bothActiveSince = kept.createDate().isAfter(other.createDate())
                        ? kept.createDate() : other.createDate();
                findings.add(new Finding(other.accessKeyId(), id(), Action.REPORT, bothActiveSince,
                        "second active key; both used within the %d-day grace (rotation in progress?)"
                                .formatted(grace.toDays())));
            }
        }
        return findings;
    }
}
