package dev.iamkeyremediator;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How long the run may still start new work. The Lambda handler derives it from the context's remaining time, less a
 * reserve for publishing the digest; work not started in time is listed as not processed and the run fails.
 */
@FunctionalInterface
public interface RunBudget {

    RunBudget UNLIMITED = () -> false;

    /** True once no new work may start. */
    boolean exhausted();

    /** Exhausted when {@code remainingMillis} falls below {@code reserve}. */
    static RunBudget remaining(LongSupplier remainingMillis, Duration reserve) {
        return () -> remainingMillis.getAsLong() < reserve.toMillis();
    }
}
