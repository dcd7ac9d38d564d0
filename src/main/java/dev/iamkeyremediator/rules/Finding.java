package dev.iamkeyremediator.rules;

import java.time.Instant;

/**
 * A rule's verdict on one key.
 *
 * @param accessKeyId the key
 * @param rule        the rule that found it
 * @param action      what the rule asks for
 * @param dueAt       when the rule's time condition was (or will be) met
 * @param reason      one line for people: the facts that made the rule apply
 */
public record Finding(String accessKeyId, Rule rule, Action action, Instant dueAt, String reason) {

    /**
     * Whether the finding heads every channel (and is CRITICAL in Security Hub): an emergency's action (an exposed
     * key), or a critical rule's report (the root user's key); not an emergency rule's report (the rotation's key).
     */
    public boolean critical() {
        return rule.critical() && (action.changesIam() || !rule.emergency());
    }
}
