package dev.iamkeyremediator;

/** The account could not be listed at all (for example ListUsers failed after retries): the run has no inventory. */
public final class InventoryUnavailableException extends RuntimeException {
    public InventoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
