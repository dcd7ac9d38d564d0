package dev.iamkeyremediator.inventory;

/**
 * The credential report could not be read, the line and the column named: the audit refuses the file (exit 2); a run
 * reads every user live instead.
 */
public final class MalformedCredentialReportException extends RuntimeException {
    public MalformedCredentialReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
