package dev.iamkeyremediator.rollup;

/** A call of the roll-up (its queue, Organizations, its topic) that failed after the SDK's retries. */
public final class RollupException extends RuntimeException {

    public RollupException(String message, Throwable cause) {
        super(message, cause);
    }
}
