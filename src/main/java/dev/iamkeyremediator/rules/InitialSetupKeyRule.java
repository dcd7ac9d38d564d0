package dev.iamkeyremediator.rules;

import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.time.Days;
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

    public static final String ID = "INITIAL_SETUP_KEY";
    public static final Setting SETUP_WINDOW_SECONDS = new Setting("INITIAL_SETUP_WINDOW_SECONDS", 600, 0, 86_400,
            "a key this close to its user's creation, in seconds, counts as created at setup");
    public static final Setting GRACE_HOURS = new Setting("INITIAL_KEY_GRACE_HOURS", 24, 0, 8760,
            "hours a never-used setup key is left alone");
    static final RuleDefinition DEFINITION = new RuleDefinition(List.of(SETUP_WINDOW_SECONDS, GRACE_HOURS),
            s -> new InitialSetupKeyRule(Duration.ofSeconds(s.get(SETUP_WINDOW_SECONDS)),
                    Duration.ofHours(s.get(GRACE_HOURS))));

    private final Duration setupWindow;
    private final Duration grace;

    public InitialSetupKeyRule(Duration setupWindow, Duration grace) {
        this.setupWindow = setupWindow;
        this.grace = grace;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String standards() {
        return "CIS AWS Foundations 1.11 (v1.3-v3.0), 1.10 (v5), 2.10 (v6)";
    }

    @Override
    public List<String> requirements() {
        return List.of("CIS AWS Foundations Benchmark v1.3.0/1.11", "CIS AWS Foundations Benchmark v1.4.0/1.11",
                "CIS AWS Foundations Benchmark v3.0.0/1.11", "CIS AWS Foundations Benchmark v5.0.0/1.10",
                "CIS AWS Foundations Benchmark v6.0.0/2.10");
    }

    /** Whether the rule can apply to this key, password and age aside: the live read fetches the password only then. */
    @Override
    public boolean needsPassword(Instant userCreated, AccessKey key) {
        return key.neverUsed() && Duration.between(userCreated, key.createDate()).abs().compareTo(setupWindow) <= 0;
    }

    @Override
    public List<Finding> evaluate(User user, Map<String, Action> decided, Instant now) {
        List<Finding> findings = new ArrayList<>();
        if (!user.hasConsolePassword()) {
            return findings;
        }
        for (AccessKey key : user.accessKeys()) {
            if (!needsPassword(user.createDate(), key)) {
                continue;
            }
            Instant dueAt = key.createDate().plus(grace);
            if (Days.reached(dueAt, now)) {
                findings.add(new Finding(key.accessKeyId(), this, Action.DELETE, dueAt,
                        "created %d s after its user, who has a console password; never used"
                                .formatted(Duration.between(user.createDate(), key.createDate()).abs().toSeconds())));
            }
        }
        return findings;
    }
}
