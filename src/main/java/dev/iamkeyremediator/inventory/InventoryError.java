package dev.iamkeyremediator.inventory;

/**
 * A read that failed after retries. The user is left out of this run's decisions and named in the digest.
 *
 * @param userName  the user concerned, or null for an account-wide read
 * @param operation the IAM operation that failed (e.g. ListAccessKeys)
 * @param message   what the service said (error code and message), never a credential
 */
public record InventoryError(String userName, String operation, String message) {
}
