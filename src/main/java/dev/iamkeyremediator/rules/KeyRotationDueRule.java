package dev.iamkeyremediator.rules;

import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CIS 1.14 / Security Hub IAM.3: an Active key created at least {@code MAX_KEY_AGE_DAYS} calendar days ago is reported
 * as due for rotation, unless another rule already deactivates or deletes it. Report only: rotation needs its owner.
 */
public final class KeyRotationDueRule implements Rule {

    private final int maxAgeDays;

    public KeyRotationDueRule(int maxAgeDays) {
        this.maxAgeDays = maxAgeDays;
    }

    @Override
    public RuleId id() {
        return RuleId.KEY_ROTATION_DUE;
    }

    @Override
    public List<Finding> evaluate(User user, Map<String, Action> decided, Instant now) {
        List<Finding> findings = new ArrayList<>();
        for (AccessKey key : user.accessKeys()) {
            Action already = decided.get(key.accessKeyId());
            if (!key.active() || (already != null && already.changesIam())) {
                continue;
            }
            Instant dueAt = Days.after(key.createDate(), maxAgeDays);
            if (Days.reached(dueAt, now)) {
                findings.add(new Finding(key.accessKeyId(), id(), Action.REPORT, dueAt,
                        "created %d days ago (rotate every %d)".formatted(Days.between(key.createDate(), now), maxAgeDays)));
            }
        }
        return findings;
    }
}
