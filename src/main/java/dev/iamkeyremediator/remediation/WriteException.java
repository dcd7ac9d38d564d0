package dev.iamkeyremediator.remediation;

/** A write to IAM about one key or user failed after the SDK's retries; the message names the operation. */
public final class WriteException extends RuntimeException {

    public WriteException(String operation, String message, Throwable cause) {
        super(operation + ": " + message, cause);
    }
}
