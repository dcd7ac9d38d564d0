package dev.iamkeyremediator.rules;

import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.time.Days;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The plan for one key.
 *
 * @param user      the owning user, as inventoried
 * @param key       the key, as inventoried
 * @param findings  every rule that applies now, in precedence order
 * @param governing the finding whose action the key gets (the strongest, first in precedence); empty if none
 * @param upcoming  a stronger action that a rule will take within the upcoming window if nothing changes; for an
 *                  exempt user, what happens when a dated exemption ending within the window is over
 * @param exemption the user's exemption; an exempt user's keys are never acted on
 * @param backout   where the key stands in the backout window (its marker)
 */
public record KeyDecision(User user, AccessKey key, List<Finding> findings, Optional<Finding> governing,
        Optional<Finding> upcoming, Exemption exemption, StaleInactiveKeyRule.KeyState backout) {

    public KeyDecision {
        findings = List.copyOf(findings);
    }

    /**
     * The day the upcoming action is due: its finding's due day, or for an exempt user, the first day after the
     * exemption if that is later.
     */
    public Optional<LocalDate> upcomingOn() {
        return upcoming.map(f -> {
            LocalDate due = Days.day(f.dueAt());
            return exemption.exempt() ? exemption.endsOn().filter(ends -> ends.isAfter(due)).orElse(due) : due;
        });
    }

    public Optional<Action> action() {
        return governing.map(Finding::action);
    }

    /** Whether, exemptions aside, this key would be deactivated or deleted now. */
    public boolean wantsChange() {
        return action().map(Action::changesIam).orElse(false);
    }

    /** Whether the action is an emergency's (EXPOSED_KEY): first, never capped, overriding an exemption. */
    public boolean emergency() {
        return wantsChange() && governing.map(f -> f.rule().emergency()).orElse(false);
    }

    /** Whether the key is held back by its user's exemption (an emergency is not). */
    public boolean heldByExemption() {
        return exemption.exempt() && !emergency();
    }

    public boolean hasNews() {
        return !findings.isEmpty() || upcoming.isPresent() || backout.hasNews();
    }
}
