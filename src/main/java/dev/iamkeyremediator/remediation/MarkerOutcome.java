package dev.iamkeyremediator.remediation;

import java.time.LocalDate;
import java.util.Optional;

/**
 * What became of a key's backout marker in one run.
 *
 * @param kind     what happened
 * @param since    the day the marker records (or would record)
 * @param deleteOn the day the key may be deleted, if it stays Inactive and unused
 * @param reason   why, for people (the marker's reason, or why it could not be written)
 */
public record MarkerOutcome(Kind kind, Optional<LocalDate> since, Optional<LocalDate> deleteOn, String reason) {

    public static final MarkerOutcome NONE = new MarkerOutcome(Kind.NONE, Optional.empty(), Optional.empty(), "");

    public enum Kind {
        /** No marker is involved. */
        NONE,
        /** A valid marker is in place: the countdown runs. */
        KEPT,
        /** Written by this run. */
        MARKED,
        /** Dry-run: enforce mode would write it. */
        WOULD_MARK,
        /** Removed by this run (void, or its key deleted). */
        REMOVED,
        /** Dry-run: enforce mode would remove it. */
        WOULD_REMOVE,
        /** Needed but not written (the user's tags are full, or the write failed): the key is not deleted. */
        NOT_MARKED
    }

    public static MarkerOutcome of(Kind kind, LocalDate since, LocalDate deleteOn, String reason) {
        return new MarkerOutcome(kind, Optional.ofNullable(since), Optional.ofNullable(deleteOn), reason);
    }

    public static MarkerOutcome of(Kind kind, String reason) {
        return new MarkerOutcome(kind, Optional.empty(), Optional.empty(), reason);
    }
}
