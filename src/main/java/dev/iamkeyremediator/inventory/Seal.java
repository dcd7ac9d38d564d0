package dev.iamkeyremediator.inventory;

/**
 * Whether one of the tool's own tags (a backout marker, the quarantined-since tag) was written by the tool: its seal
 * is an HMAC that only the tool's role can make (KMS {@code GenerateMac} on the stack's key).
 */
public enum Seal {
    /** Markers are not sealed in this run (no {@code MARKER_KEY_ARN}): the tag counts on its value alone. */
    PLAIN,
    /** The seal is the tool's: the tag counts. */
    SEALED,
    /** The tag carries no seal: it was not written by the tool (or by a release before sealing), and does not count. */
    MISSING,
    /** The seal is not the tool's for this account, user, tag and value: forged or altered; it does not count. */
    WRONG,
    /**
     * The seal could not be checked (KMS refused or unreachable after retries): the tag is kept as it is, and
     * nothing that needs it to be the tool's happens on this run (no deletion, no new countdown).
     */
    UNCHECKED;

    /** Whether the tag is known not to be the tool's (as opposed to not known to be). */
    public boolean disproven() {
        return this == MISSING || this == WRONG;
    }

    /** Whether the tag may steer what the tool does. */
    public boolean trusted() {
        return this == PLAIN || this == SEALED;
    }

    /** Why an untrusted tag does not count, for people. */
    public String why() {
        return switch (this) {
            case PLAIN, SEALED -> "";
            case MISSING -> "it carries no seal, so it was not written by this tool";
            case WRONG -> "its seal does not match, so it was not written by this tool or was altered";
            case UNCHECKED -> "its seal could not be checked on this run (see Errors)";
        };
    }
}
