package dev.iamkeyremediator.publish;

/** A message (the digest, an owner's notice, the chat summary) could not be delivered after retries. */
public final class PublishException extends RuntimeException {
    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
