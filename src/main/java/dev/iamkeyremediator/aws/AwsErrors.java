package dev.iamkeyremediator.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** One line for people from an SDK exception: the error code and message, never a credential or a whole response. */
final class AwsErrors {

    private AwsErrors() {
    }

    static String describe(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof AwsServiceException service && service.awsErrorDetails() != null) {
                return "%s (HTTP %d): %s".formatted(service.awsErrorDetails().errorCode(), service.statusCode(),
                        service.awsErrorDetails().errorMessage());
            }
        }
        String message = error.getMessage();
        return error instanceof SdkException || message != null
                ? error.getClass().getSimpleName() + ": " + message
                : error.getClass().getSimpleName();
    }
}
