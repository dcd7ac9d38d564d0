package dev.iamkeyremediator.aws.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;

/**
 * Security Hub's REST-JSON API (BatchImportFindings, GetFindings) called with the SDK's own parts (its SigV4 signer,
 * the shared HTTP client, its retry strategy) instead of the SDK's {@code securityhub} module.
 *
 * <p>Organizations' {@code ListAccounts}, for the organization roll-up, goes the same way ({@link #target}), for the
 * same reason: its {@code organizations} module is served only at 2.40.2 too.
 *
 * <p>Why it exists: that module is not served by the project's registry at the version of the AWS SDK BOM in
 * pom.xml (2.57.8; the newest it serves is 2.40.2), and modules of two SDK versions must not be mixed in one
 * artifact. What it costs: this class owns what the SDK would do for Security Hub: signing, endpoint resolution
 * ({@link #endpointFor}: no FIPS, no dual-stack), error parsing and the retry loop. What would let it go: the
 * {@code securityhub} module served at the BOM's version; then {@code aws/AwsClients} builds a
 * {@code SecurityHubClient} like its IAM, SNS, SSM and STS clients, {@code aws/SecurityHubPublisher} calls it, and
 * this package is deleted.
 *
 * <p>Errors are raised as the SDK's {@link AwsServiceException}, with the service's error code, so that the SDK's
 * retry strategy and {@code aws/AwsErrors} treat them as any other SDK call's.
 */
public final class AwsJsonApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A call with its retries ends within this, as the SDK clients' apiCallTimeout bounds theirs (AwsClients). */
    static final Duration CALL_TIMEOUT = Duration.ofMinutes(3);

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final Region region;
    private final String signingName;
    private final URI endpoint;
    private final RetryStrategy retry;

    /**
     * @param signingName the service's name in the signature's scope ({@code securityhub}), and in errors
     * @param endpoint    where calls go: an override, or {@link #endpointFor}'s answer
     */
    public AwsJsonApi(SdkHttpClient http, AwsCredentialsProvider credentials, Region region, String signingName,
            URI endpoint, RetryStrategy retry) {
        this.http = http;
        this.credentials = credentials;
        this.region = region;
        this.signingName = signingName;
        this.endpoint = endpoint;
        this.retry = retry;
    }

    /**
     * The endpoint the SDK would use: {@code AWS_ENDPOINT_URL_<SERVICE>}, then {@code AWS_ENDPOINT_URL}, then the
     * service's regional endpoint in the region's partition.
     */
    public static URI endpointFor(String serviceEnvironmentName, String endpointPrefix, Region region, Map<String, String> env) {
        String specific = env.get("AWS_ENDPOINT_URL_" + serviceEnvironmentName);
        if (specific != null && !specific.isBlank()) {
            return URI.create(specific.trim());
        }
        String general = env.get("AWS_ENDPOINT_URL");
        if (general != null && !general.isBlank()) {
            return URI.create(general.trim());
        }
        String dnsSuffix = region.metadata() == null ? "amazonaws.com" : region.metadata().partition().dnsSuffix();
        return URI.create("https://%s.%s.%s".formatted(endpointPrefix, region.id(), dnsSuffix));
    }

    /** A REST-JSON call ({@code POST /findings/import}): the answer's JSON, or a {@link NullNode} for none. */
    public JsonNode rest(SdkHttpMethod method, String path, JsonNode body) {
        return call(method, path, Map.of("Content-Type", "application/json"), body);
    }

    /**
     * A JSON 1.1 call, as Organizations speaks it ({@code X-Amz-Target: AWSOrganizationsV20161128.ListAccounts}):
     * the answer's JSON.
     */
    public JsonNode target(String target, JsonNode body) {
        return call(SdkHttpMethod.POST, "/", Map.of("Content-Type", "application/x-amz-json-1.1", "X-Amz-Target",
                target), body);
    }

    private JsonNode call(SdkHttpMethod method, String path, Map<String, String> headers, JsonNode body) {
        byte[] payload = write(body);
        AcquireInitialTokenResponse initial = retry.acquireInitialToken(AcquireInitialTokenRequest.create(signingName));
        RetryToken token = initial.token();
        long deadline = System.nanoTime() + CALL_TIMEOUT.toNanos();
        sleep(initial.delay());
        while (true) {
            try {
                JsonNode result = attempt(method, path, headers, payload);
                retry.recordSuccess(RecordSuccessRequest.create(token));
                return result;
            } catch (SdkException e) {
                try {
                    var refreshed = retry.refreshRetryToken(RefreshRetryTokenRequest.builder().token(token).failure(e).build());
                    token = refreshed.token();
                    if (System.nanoTime() + refreshed.delay().toNanos() > deadline) {
                        throw e; // no retry would end within the call's bound
                    }
                    sleep(refreshed.delay());
                } catch (TokenAcquisitionFailedException noMore) {
                    throw e;
                }
            }
        }
    }

    private JsonNode attempt(SdkHttpMethod method, String path, Map<String, String> headers, byte[] payload) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(method)
                .uri(endpoint.resolve(path.startsWith("/") ? path : "/" + path))
                .putHeader("Content-Length", String.valueOf(payload.length));
        headers.forEach(request::putHeader);
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(credentials.resolveCredentials())
                .request(request.build()).payload(ContentStreamProvider.fromByteArray(payload))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
        ExecutableHttpRequest call = http.prepareRequest(HttpExecuteRequest.builder().request(signed.request())
                .contentStreamProvider(signed.payload().orElse(null)).build());
        HttpExecuteResponse response;
        byte[] answer;
        try {
            response = call.call(); // bounded by the HTTP client's connection and socket timeouts
            try (InputStream in = response.responseBody().map(InputStream.class::cast).orElse(InputStream.nullInputStream())) {
                answer = in.readAllBytes();
            }
        } catch (IOException e) {
            throw SdkClientException.builder().message("%s call failed: %s".formatted(signingName, e)).cause(e).build();
        }
        int status = response.httpResponse().statusCode();
        if (status / 100 == 2) {
            return answer.length == 0 ? NullNode.getInstance() : read(answer);
        }
        throw error(response.httpResponse(), answer);
    }

    /** The service's error as the SDK raises it: code from {@code __type} or {@code x-amzn-ErrorType}, and message. */
    private AwsServiceException error(SdkHttpResponse response, byte[] answer) {
        JsonNode body = answer.length == 0 ? NullNode.getInstance() : readQuietly(answer);
        String type = Optional.ofNullable(body.path("__type").textValue())
                .or(() -> response.firstMatchingHeader("x-amzn-ErrorType"))
                .or(() -> Optional.ofNullable(body.path("code").textValue()))
                .orElse("HTTP " + response.statusCode());
        String code = type.substring(type.lastIndexOf('#') + 1).split(":")[0];
        String message = Optional.ofNullable(body.path("message").textValue())
                .or(() -> Optional.ofNullable(body.path("Message").textValue())).orElse("");
        return AwsServiceException.builder().statusCode(response.statusCode()).message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message)
                        .serviceName(signingName).sdkHttpResponse(response).build())
                .build();
    }

    private static byte[] write(JsonNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(byte[] answer) {
        try {
            return JSON.readTree(answer);
        } catch (IOException e) {
            throw SdkClientException.builder().message("unreadable answer: " + new String(answer, 0,
                    Math.min(answer.length, 200), StandardCharsets.UTF_8)).cause(e).build();
        }
    }

    private static JsonNode readQuietly(byte[] answer) {
        try {
            return JSON.readTree(answer);
        } catch (IOException e) {
            return NullNode.getInstance();
        }
    }

    private static void sleep(Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            return;
        }
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SdkClientException.builder().message("interrupted").cause(e).build();
        }
    }
}
