package dev.iamkeyremediator.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * One line for people from an SDK exception, wrapped or not: the error code and message, never a credential or a
 * whole response.
 */
final class AwsErrors {

    private AwsErrors() {
    }

    static String describe(Throwable error) {
        return oneLine(describeOnLines(error));
    }

    private static String describeOnLines(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof AwsServiceException service && service.awsErrorDetails() != null) {
                String code = service.awsErrorDetails().errorCode();
                String message = service.awsErrorDetails().errorMessage();
                String shown = "%s (HTTP %d)".formatted(code == null ? "an error without a code" : code,
                        service.statusCode());
                return message == null || message.isBlank() ? shown : shown + ": " + message;
            }
        }
        Throwable shown = sdkCause(error);
        String message = shown.getMessage();
        return shown instanceof SdkException || message != null
                ? shown.getClass().getSimpleName() + ": " + message
                : shown.getClass().getSimpleName();
    }

    /** A parser's message spans lines; a digest's warning or error is one. */
    private static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ");
    }

    /** The SDK's own exception when another (a library's, a future's) wraps it; else the error itself. */
    private static Throwable sdkCause(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SdkException) {
                return t;
            }
        }
        return error;
    }
}
