package dev.iamkeyremediator;

/** The run could not learn who it is (sts:GetCallerIdentity failed after retries). */
public final class IdentityUnavailableException extends RuntimeException {
    public IdentityUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
