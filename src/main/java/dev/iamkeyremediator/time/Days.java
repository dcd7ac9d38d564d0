package dev.iamkeyremediator.time;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Day thresholds count UTC calendar days: a key last used on 2026-08-25, at any time of that day, is idle 90 days
 * from the first instant of 2026-11-23. Hours and seconds thresholds stay exact instants and do not use this class.
 */
public final class Days {

    private Days() {
    }

    /** The UTC calendar day of an instant. */
    public static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    /** The first instant of a UTC calendar day. */
    public static Instant startOf(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** When a threshold of {@code days} calendar days counted from the day of {@code from} is reached. */
    public static Instant after(Instant from, long days) {
        return startOf(day(from).plusDays(days));
    }

    /** Whole calendar days from the day of {@code from} to the day of {@code to}. */
    public static long between(Instant from, Instant to) {
        return ChronoUnit.DAYS.between(day(from), day(to));
    }

    /** A time condition holds from {@code dueAt} on, that instant included. */
    public static boolean reached(Instant dueAt, Instant now) {
        return !now.isBefore(dueAt);
    }
}
