package dev.iamkeyremediator.rules;

import dev.iamkeyremediator.inventory.User;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One rule of DESIGN.md: pure, no I/O, the clock passed in. */
public interface Rule {

    RuleId id();

    /**
     * @param user    the user and all its keys
     * @param decided the strongest action stronger rules have already asked for, per key id
     * @param now     the instant the run evaluates at
     * @return the findings that hold at {@code now}
     */
    List<Finding> evaluate(User user, Map<String, Action> decided, Instant now);
}
