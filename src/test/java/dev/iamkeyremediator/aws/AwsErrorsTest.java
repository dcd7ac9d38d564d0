package dev.iamkeyremediator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

class AwsErrorsTest {

    private static final AwsServiceException NOT_FOUND = AwsServiceException.builder().statusCode(400)
            .message("Parameter /p not found.").awsErrorDetails(AwsErrorDetails.builder()
                    .errorCode("ParameterNotFound").errorMessage("Parameter /p not found.").build())
            .build();

    @Test
    void aServiceError_isItsCodeStatusAndMessage() {
        assertThat(AwsErrors.describe(NOT_FOUND)).isEqualTo("ParameterNotFound (HTTP 400): Parameter /p not found.");
    }

    @Test
    void aWrappedServiceError_isDescribedAsItself() {
        assertThat(AwsErrors.describe(new IllegalStateException("a library's wrapper", NOT_FOUND)))
                .isEqualTo("ParameterNotFound (HTTP 400): Parameter /p not found.");
    }

    @Test
    void aWrappedClientError_isDescribedAsItself_notAsTheWrapper() {
        SdkClientException unreachable = SdkClientException.create("Unable to execute HTTP request: Connection refused");

        assertThat(AwsErrors.describe(new RuntimeException("a library's wrapper", unreachable)))
                .isEqualTo("SdkClientException: Unable to execute HTTP request: Connection refused");
    }

    @Test
    void aServiceErrorWithoutCodeOrMessage_saysSo_notNull() {
        AwsServiceException bare = AwsServiceException.builder().statusCode(403)
                .awsErrorDetails(AwsErrorDetails.builder().build()).build();

        assertThat(AwsErrors.describe(bare)).isEqualTo("an error without a code (HTTP 403)");
    }

    @Test
    void aMessageOnSeveralLines_isOneLine() {
        SdkClientException unreadable = SdkClientException.create(
                "Unable to unmarshall response (JsonParseException: Unrecognized token 'enforce'\n at [Source: stream])");

        assertThat(AwsErrors.describe(unreadable)).isEqualTo(
                "SdkClientException: Unable to unmarshall response (JsonParseException: Unrecognized token 'enforce' at [Source: stream])");
    }

    @Test
    void anyOtherError_isItsClassAndMessage() {
        assertThat(AwsErrors.describe(new IllegalArgumentException("bad"))).isEqualTo("IllegalArgumentException: bad");
        assertThat(AwsErrors.describe(new NullPointerException())).isEqualTo("NullPointerException");
    }
}
