package dev.iamkeyremediator.rules;

import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.time.Days;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CIS 1.14 / Security Hub IAM.3: an Active key created at least {@code MAX_KEY_AGE_DAYS} calendar days ago is reported
 * as due for rotation, unless another rule already deactivates or deletes it. Report only: rotation needs its owner.
 */
public final class KeyRotationDueRule implements Rule {

    public static final String ID = "KEY_ROTATION_DUE";
    public static final Setting MAX_AGE_DAYS = new Setting("MAX_KEY_AGE_DAYS", 90, 1, 3650,
            "key age in days from which an Active key is reported as due for rotation");
    static final RuleDefinition DEFINITION = new RuleDefinition(List.of(MAX_AGE_DAYS),
            s -> new KeyRotationDueRule(s.get(MAX_AGE_DAYS)));

    private final int maxAgeDays;

    public KeyRotationDueRule(int maxAgeDays) {
        this.maxAgeDays = maxAgeDays;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String standards() {
        return "CIS 1.14 / 2.13 (v6); Security Hub IAM.3";
    }

    @Override
    public List<String> requirements() {
        return List.of("CIS AWS Foundations Benchmark v1.4.0/1.14", "CIS AWS Foundations Benchmark v3.0.0/1.14",
                "CIS AWS Foundations Benchmark v6.0.0/2.13", "IAM.3");
    }

    @Override
    public Optional<String> reportAdvice() {
        return Optional.of("Rotate the key: create a second key, move its users to it, then deactivate this one"
                + " (iam-key-remediator deactivates it once the new key is in use and this one idle past the grace).");
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
                findings.add(new Finding(key.accessKeyId(), this, Action.REPORT, dueAt,
                        "created %d days ago (rotate every %d)".formatted(Days.between(key.createDate(), now), maxAgeDays)));
            }
        }
        return findings;
    }
}
