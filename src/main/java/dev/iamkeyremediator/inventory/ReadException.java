package dev.iamkeyremediator.inventory;

/** A read of one user failed after the SDK's retries; the message names the operation. */
public final class ReadException extends RuntimeException {

    private final String operation;

    public ReadException(String operation, String message, Throwable cause) {
        super(operation + ": " + message, cause);
        this.operation = operation;
    }

    /** The IAM operation that failed. */
    public String operation() {
        return operation;
    }
}
