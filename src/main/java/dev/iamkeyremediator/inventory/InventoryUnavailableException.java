package dev.iamkeyremediator.inventory;

/** The account could not be listed at all (GetAccountAuthorizationDetails, the user listing, failed after retries): the run has no inventory. */
public final class InventoryUnavailableException extends RuntimeException {
    public InventoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
