package dev.iamkeyremediator.remediation;

/** An IAM call about one key or user failed after the SDK's retries; the message names the operation. */
public final class KeyActionException extends RuntimeException {

    public KeyActionException(String operation, String message, Throwable cause) {
        super(operation + ": " + message, cause);
    }
}
