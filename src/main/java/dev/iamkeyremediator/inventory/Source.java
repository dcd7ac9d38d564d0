package dev.iamkeyremediator.inventory;

import java.time.Instant;
import java.util.Optional;

/**
 * Where a user's data comes from: a live read of IAM at a known instant (the only data a write may be decided on),
 * or the credential report.
 *
 * @param readLiveAt        when the user was read live; empty for report data, or for a live read whose instant is
 *                          unknown (such a user is read again before any write)
 * @param reportGeneratedAt when IAM generated the report the data comes from; empty for a live read
 */
public record Source(Optional<Instant> readLiveAt, Optional<Instant> reportGeneratedAt) {

    /** A live read whose instant is not known: fresh enough for a plan, never for a write. */
    public static final Source LIVE_UNTIMED = new Source(Optional.empty(), Optional.empty());

    public static Source live(Instant readAt) {
        return new Source(Optional.of(readAt), Optional.empty());
    }

    public static Source report(Instant generatedAt) {
        return new Source(Optional.empty(), Optional.of(generatedAt));
    }

    /** Whether the data was read live (keys by id, last use, tags, the password where it matters). */
    public boolean live() {
        return reportGeneratedAt.isEmpty();
    }
}
