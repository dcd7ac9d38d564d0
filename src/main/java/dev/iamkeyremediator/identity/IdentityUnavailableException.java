package dev.iamkeyremediator.identity;

/**
 * The run could not learn who it is: its credentials could not be resolved, or sts:GetCallerIdentity failed after
 * retries. Such a run writes nothing and fails.
 */
public final class IdentityUnavailableException extends RuntimeException {
    public IdentityUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
