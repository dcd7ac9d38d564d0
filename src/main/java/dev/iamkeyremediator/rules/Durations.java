package dev.iamkeyremediator.rules;

import java.time.Duration;
import java.time.Instant;

/** Formatting shared by rule reasons. */
final class Durations {

    private Durations() {
    }

    static long daysBetween(Instant from, Instant to) {
        return Duration.between(from, to).toDays();
    }

    /** The time condition holds from {@code dueAt} on, that instant included. */
    static boolean reached(Instant dueAt, Instant now) {
        return !now.isBefore(dueAt);
    }
}
