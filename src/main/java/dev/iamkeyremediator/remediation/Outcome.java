package dev.iamkeyremediator.remediation;

/** What happened to a key in one run, in the order the digest lists them (their words: render.Text). */
public enum Outcome {
    DELETED,
    DEACTIVATED,
    WOULD_DELETE,
    WOULD_DEACTIVATE,
    WITHHELD,
    REPORTED,
    UPCOMING,
    BACKOUT,
    EXEMPT,
    DEFERRED,
    SKIPPED,
    NOT_PROCESSED,
    FAILED;

    /** Whether the key was, or in dry-run would be, deactivated or deleted. */
    public boolean changes() {
        return this == DELETED || this == DEACTIVATED || this == WOULD_DELETE || this == WOULD_DEACTIVATE;
    }
}
