package dev.iamkeyremediator.it;

import java.time.Duration;
import java.time.Instant;

/**
 * Dates for tests that span days: libfaketime offsets (signed seconds) that make a clock read a chosen instant, for
 * moto ({@link Moto#travel}) and for the jar ({@link JarProcess#startAt}) alike. Tests run on a fixed calendar, so
 * their dates do not depend on the day, or the hour, they run.
 */
public final class FakeTime {

    /** Noon UTC, far from a day boundary. */
    public static final Instant DAY_ZERO = Instant.parse("2027-03-01T12:00:00Z");

    private FakeTime() {
    }

    public static Instant day(long n) {
        return DAY_ZERO.plus(Duration.ofDays(n));
    }

    /** The libfaketime offset that makes a clock read {@code at} now, such as {@code "+8438981"} or {@code "-17280000"}. */
    public static String offsetTo(Instant at) {
        long seconds = at.getEpochSecond() - Instant.now().getEpochSecond();
        return (seconds >= 0 ? "+" : "") + seconds;
    }
}
