package dev.iamkeyremediator.rules;

import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.User;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CIS 1.11: do not create access keys during initial setup for users that have a console password. A key created
 * within the setup window of its user, for a user with a console password, that has never been used (and whose
 * usage is not unknown) is deleted once it is older than the grace period. Both are exact durations.
 */
public final class InitialSetupKeyRule implements Rule {

    private final Duration setupWindow;
    private final Duration grace;

    public InitialSetupKeyRule(Duration setupWindow, Duration grace) {
        this.setupWindow = setupWindow;
        this.grace = grace;
    }

    @Override
    public RuleId id() {
        return RuleId.INITIAL_SETUP_KEY;
    }

    /** Whether the rule can apply to this key, password and age aside: the live read fetches the password only then. */
    public boolean couldApply(Instant userCreated, AccessKey key) {
        return key.neverUsed() && Duration.between(userCreated, key.createDate()).abs().compareTo(setupWindow) <= 0;
    }

    @Override
    public List<Finding> evaluate(User user, Map<String, Action> decided, Instant now) {
        List<Finding> findings = new ArrayList<>();
        if (!user.hasConsolePassword()) {
            return findings;
        }
        for (AccessKey key : user.accessKeys()) {
            if (!couldApply(user.createDate(), key)) {
                continue;
            }
            Instant dueAt = key.createDate().plus(grace);
            if (Days.reached(dueAt, now)) {
                findings.add(new Finding(key.accessKeyId(), id(), Action.DELETE, dueAt,
                        "created %d s after its user, who has a console password; never used"
                                .formatted(Duration.between(user.createDate(), key.createDate()).abs().toSeconds())));
            }
        }
        return findings;
    }
}
