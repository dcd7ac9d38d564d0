package dev.iamkeyremediator.remediation;

/** An IAM call about one key or user failed after the SDK's retries. */
public final class KeyActionException extends RuntimeException {

    private final String operation;

    public KeyActionException(String operation, String message, Throwable cause) {
        super(operation + ": " + message, cause);
        this.operation = operation;
    }

    public String operation() {
        return operation;
    }
}
