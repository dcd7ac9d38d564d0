package dev.iamkeyremediator.remediation;

/** What happened to a key in one run, in the order the digest lists them. */
public enum Outcome {
    DELETED("Deleted"),
    DEACTIVATED("Deactivated"),
    WOULD_DELETE("Would delete (dry-run)"),
    WOULD_DEACTIVATE("Would deactivate (dry-run)"),
    WITHHELD("Withheld: too many keys at once, nothing changed"),
    REPORTED("Report only"),
    UPCOMING("Upcoming"),
    BACKOUT("Backout window: Inactive keys and when they may be deleted"),
    EXEMPT("Exempt"),
    DEFERRED("Deferred past MAX_ACTIONS_PER_RUN"),
    SKIPPED("Skipped"),
    NOT_PROCESSED("Not processed: the run ran out of time"),
    FAILED("Errors");

    private final String heading;

    Outcome(String heading) {
        this.heading = heading;
    }

    public String heading() {
        return heading;
    }

    /** Whether the key was, or in dry-run would be, deactivated or deleted. */
    public boolean changes() {
        return this == DELETED || this == DEACTIVATED || this == WOULD_DELETE || this == WOULD_DEACTIVATE;
    }
}
