package dev.iamkeyremediator.time;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How long the run may still start new work. The Lambda handler derives it from the context's remaining time, less a
 * reserve for publishing the digest; work not started in time is listed as not processed and the run fails.
 */
@FunctionalInterface
public interface RunBudget {

    RunBudget UNLIMITED = () -> false;

    /** Time kept for the digest alone: the other channels (Security Hub, owner notices, chat) stop short of it. */
    Duration DIGEST_RESERVE = Duration.ofSeconds(20);

    /** Why a channel other than the digest sent nothing more. */
    String CHANNELS_OUT_OF_TIME = "the run's time ran out before the digest";

    /** True once no new work may start. */
    boolean exhausted();

    /**
     * True once only the digest may still go out: Security Hub, the owners' notices and the chat summary start no new
     * call, so that a slow service cannot keep the digest from being published before the timeout.
     */
    default boolean channelsExhausted() {
        return false;
    }

    /**
     * Exhausted when {@code remainingMillis} falls below {@code reserve}; the channels other than the digest when it
     * falls below {@link #DIGEST_RESERVE}.
     */
    static RunBudget remaining(LongSupplier remainingMillis, Duration reserve) {
        return new RunBudget() {
            @Override
            public boolean exhausted() {
                return remainingMillis.getAsLong() < reserve.toMillis();
            }

            @Override
            public boolean channelsExhausted() {
                return remainingMillis.getAsLong() < DIGEST_RESERVE.toMillis();
            }
        };
    }
}
