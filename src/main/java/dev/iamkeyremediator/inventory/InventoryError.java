package dev.iamkeyremediator.inventory;

/**
 * A read or write that did not happen: the user is left out of this run's decisions (or its markers are left as they
 * were) and named in the digest.
 *
 * @param userName  the user concerned, or null for an account-wide read
 * @param operation the IAM operation that failed (e.g. ListAccessKeys), or what could not be done
 * @param message   what the service said (error code and message), never a credential
 * @param kind      whether it failed, or was never started because the run's time ran out
 */
public record InventoryError(String userName, String operation, String message, Kind kind) {

    public enum Kind {
        /** The call failed after the SDK's retries. */
        FAILED,
        /** The run's time budget ran out before it started: the next run does it. */
        NOT_PROCESSED
    }

    public InventoryError(String userName, String operation, String message) {
        this(userName, operation, message, Kind.FAILED);
    }

    public static InventoryError notProcessed(String userName, String message) {
        return new InventoryError(userName, "not processed", message, Kind.NOT_PROCESSED);
    }

    public boolean notProcessed() {
        return kind == Kind.NOT_PROCESSED;
    }
}
