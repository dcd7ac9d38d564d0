package dev.iamkeyremediator.remediation;

import dev.iamkeyremediator.rules.KeyDecision;

/**
 * @param decision what the rules decided for the key
 * @param outcome  what the run did about it
 * @param detail   why, for people (empty when the decision says it all)
 * @param marker   what became of its backout marker
 */
public record KeyOutcome(KeyDecision decision, Outcome outcome, String detail, MarkerOutcome marker) {

    /** Why a key is skipped when it, or its user, was deleted since the inventory. */
    public static final String KEY_GONE = "the key no longer exists";
    public static final String USER_GONE = "the user no longer exists";

    public KeyOutcome(KeyDecision decision, Outcome outcome, String detail) {
        this(decision, outcome, detail, MarkerOutcome.NONE);
    }

    public KeyOutcome withMarker(MarkerOutcome value) {
        return new KeyOutcome(decision, outcome, detail, value);
    }

    /** Whether the key was found gone (it, or its user, deleted since the inventory). */
    public boolean gone() {
        return outcome == Outcome.SKIPPED && (detail.equals(KEY_GONE) || detail.equals(USER_GONE));
    }

    /** The command that makes the key Active again. */
    public String undoCommand() {
        return "aws iam update-access-key --user-name %s --access-key-id %s --status Active"
                .formatted(shellQuote(decision.user().userName()), decision.key().accessKeyId());
    }

    /** {@code value} as one word of a POSIX shell command. */
    public static String shellQuote(String value) {
        return value.matches("[A-Za-z0-9+=,.@_:/-]+") ? value : "'" + value.replace("'", "'\\''") + "'";
    }
}
