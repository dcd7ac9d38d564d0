package dev.iamkeyremediator.digest;

/** A message (the digest, an owner's notice, the chat summary) could not be delivered after retries. */
public final class DigestDeliveryException extends RuntimeException {
    public DigestDeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
