package dev.iamkeyremediator.rollup;

/** A roll-up that failed: the invocation is an error, with the roll-up's result. */
public final class RollupFailedException extends RuntimeException {

    private final transient RollupResult result;

    public RollupFailedException(RollupResult result) {
        super("iam-key-remediator roll-up failed: " + String.join("; ", result.failures()));
        this.result = result;
    }

    public RollupResult result() {
        return result;
    }
}
