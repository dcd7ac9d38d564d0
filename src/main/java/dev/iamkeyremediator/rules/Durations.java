package dev.iamkeyremediator.rules;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Formatting shared by rule reasons. */
final class Durations {

    private Durations() {
    }

    static long daysBetween(Instant from, Instant to) {
        return Duration.between(from, to).toDays();
    }

    static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    /** The time condition holds from {@code dueAt} on, that instant included. */
    static boolean reached(Instant dueAt, Instant now) {
        return !now.isBefore(dueAt);
    }
}
