package dev.iamkeyremediator.inventory;

/** The credential report could not be read; the run falls back to the live scan. */
public final class MalformedCredentialReportException extends RuntimeException {
    public MalformedCredentialReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
