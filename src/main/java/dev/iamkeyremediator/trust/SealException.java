package dev.iamkeyremediator.trust;

/** A seal could not be made or checked: the operation and what the service said. */
public final class SealException extends RuntimeException {

    private final String operation;

    public SealException(String operation, String message, Throwable cause) {
        super(message, cause);
        this.operation = operation;
    }

    /** The KMS operation that failed ({@code GenerateMac}, {@code VerifyMac}). */
    public String operation() {
        return operation;
    }
}
