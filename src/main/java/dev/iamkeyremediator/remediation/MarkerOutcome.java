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

    /** What became of the marker, for people (the digest, a finding, an owner's notice); empty when no marker is involved. */
    public Optional<String> note() {
        String day = since.map(LocalDate::toString).orElse("");
        String delete = deleteOn.map(LocalDate::toString).orElse("");
        String why = reason.isEmpty() ? "" : reason + ": ";
        return Optional.ofNullable(switch (kind) {
            case NONE -> null;
            case KEPT -> "Inactive since %s (marked): may be deleted on %s if still Inactive and unused".formatted(day, delete);
            case MARKED -> "%smarked Inactive since %s; may be deleted on %s if still Inactive and unused"
                    .formatted(why, day, delete);
            case WOULD_MARK -> ("%senforce mode would mark it Inactive since %s, starting the countdown: deletion on %s "
                    + "at the earliest").formatted(why, day, delete);
            case REMOVED -> "backout marker removed: " + reason;
            case WOULD_REMOVE -> "enforce mode would remove its backout marker: " + reason;
            case NOT_MARKED -> "not marked: " + reason;
        });
    }
}
