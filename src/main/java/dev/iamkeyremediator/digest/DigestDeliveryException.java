package dev.iamkeyremediator.digest;

/** The digest could not be delivered after retries. */
public final class DigestDeliveryException extends RuntimeException {
    public DigestDeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
