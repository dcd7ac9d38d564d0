package dev.iamkeyremediator.aws;

import dev.iamkeyremediator.aws.internal.AwsJsonApi;
import dev.iamkeyremediator.config.ConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The AWS clients of one container, built once and reused: one shared HTTP client, explicit regions (IAM's global
 * region of the partition), timeouts, and adaptive retries suited to IAM throttling. Without an explicit endpoint the
 * SDK resolves endpoints itself, {@code AWS_ENDPOINT_URL} included. Security Hub is called through
 * {@link AwsJsonApi} (its SDK module is not served at this SDK's version), on the same HTTP client, credentials,
 * retry strategy and endpoint override.
 */
public final class AwsClients implements AutoCloseable {

    /** Attempts per call (the first included) unless AWS_MAX_ATTEMPTS or AWS_RETRY_MODE says otherwise. */
    static final int DEFAULT_MAX_ATTEMPTS = 10;

    private final SdkHttpClient httpClient;
    private final AwsCredentialsProvider credentials;
    private final Region region;
    private final Optional<URI> endpoint;
    private final RetryStrategy retryStrategy;
    private final IamClient iam;
    private final SnsClient sns;
    private final StsClient sts;
    private final SsmClient ssm;
    /** KMS clients by the region of the key they call, built when first needed: only sealed markers call KMS. */
    private final Map<Region, KmsClient> kmsByRegion = new ConcurrentHashMap<>();
    private final Map<Region, SqsClient> sqs = new ConcurrentHashMap<>();
    private final AwsJsonApi securityHub;
    private final ClientOverrideConfiguration override;
    /** SNS clients for topics in other regions than the run's, built when first needed. */
    private final Map<Region, SnsClient> snsElsewhere = new ConcurrentHashMap<>();

    private AwsClients(Builder b) {
        this.credentials = b.credentials != null ? b.credentials : DefaultCredentialsProvider.builder().build();
        this.region = b.region != null ? b.region : regionFromEnvironment();
        this.endpoint = b.endpoint;
        this.retryStrategy = retryStrategy();
        this.httpClient = Apache5HttpClient.builder()
                .maxConnections(b.maxConnections)
                .connectionTimeout(Duration.ofSeconds(3))
                .connectionAcquisitionTimeout(Duration.ofSeconds(30))
                .socketTimeout(Duration.ofSeconds(20))
                .build();
        this.override = ClientOverrideConfiguration.builder()
                .apiCallAttemptTimeout(Duration.ofSeconds(20))
                .apiCallTimeout(Duration.ofMinutes(3))
                .retryStrategy(retryStrategy)
                .executionInterceptors(b.interceptors)
                .build();
        // built side by side: most of a cold start is the SDK loading its classes, which two cores do faster together
        CompletableFuture<SnsClient> snsClient = CompletableFuture.supplyAsync(
                () -> configure(SnsClient.builder(), region, override, b.endpoint).build(), AwsClients::startThread);
        CompletableFuture<StsClient> stsClient = CompletableFuture.supplyAsync(
                () -> configure(StsClient.builder(), region, override, b.endpoint).build(), AwsClients::startThread);
        CompletableFuture<SsmClient> ssmClient = CompletableFuture.supplyAsync(
                () -> configure(SsmClient.builder(), region, override, b.endpoint).build(), AwsClients::startThread);
        this.iam = configure(IamClient.builder(), globalRegion(region), override, b.endpoint).build();
        this.sns = snsClient.join();
        this.sts = stsClient.join();
        this.ssm = ssmClient.join();
        this.securityHub = json("securityhub", "SECURITYHUB", "securityhub");
    }

    private static void startThread(Runnable task) {
        Thread.ofPlatform().daemon().name("aws-client-builder").start(task);
    }

    private AwsJsonApi json(String signingName, String environmentName, String endpointPrefix) {
        URI uri = endpoint.orElseGet(() -> AwsJsonApi.endpointFor(environmentName, endpointPrefix, region, System.getenv()));
        return new AwsJsonApi(httpClient, credentials, region, signingName, uri, retryStrategy);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Clients for the Lambda function or a local run: region, credentials and endpoint from the standard chains. */
    public static AwsClients fromEnvironment(int maxConnections) {
        return builder().maxConnections(maxConnections).build();
    }

    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, Region region,
            ClientOverrideConfiguration override, Optional<URI> endpoint) {
        builder.httpClient(httpClient).credentialsProvider(credentials).region(region).overrideConfiguration(override);
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }

    private static Region regionFromEnvironment() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            throw new ConfigurationException(List.of(
                    "AWS_REGION is not set and no region is configured in the AWS profile; set AWS_REGION (e.g. us-east-1)"));
        }
    }

    /** IAM lives in the global region of the partition the run is in. */
    static Region globalRegion(Region region) {
        String partition = region.metadata() == null ? "aws" : region.metadata().partition().id();
        return switch (partition) {
            case "aws-cn" -> Region.AWS_CN_GLOBAL;
            case "aws-us-gov" -> Region.AWS_US_GOV_GLOBAL;
            default -> Region.AWS_GLOBAL;
        };
    }

    /**
     * Adaptive retries with room for IAM throttling (10 attempts), unless the standard SDK settings choose the mode
     * or the attempts ({@code AWS_RETRY_MODE}, {@code AWS_MAX_ATTEMPTS}, or their system properties and profile).
     */
    static RetryStrategy retryStrategy() {
        boolean configured = System.getenv("AWS_RETRY_MODE") != null || System.getenv("AWS_MAX_ATTEMPTS") != null
                || System.getProperty("aws.retryMode") != null || System.getProperty("aws.maxAttempts") != null;
        if (!configured) {
            return AwsRetryStrategy.adaptiveRetryStrategy().toBuilder().maxAttempts(DEFAULT_MAX_ATTEMPTS).build();
        }
        RetryStrategy chosen = AwsRetryStrategy.forRetryMode(RetryMode.resolver().resolve());
        Integer attempts = SdkSystemSetting.AWS_MAX_ATTEMPTS.getIntegerValue().orElse(null);
        return attempts == null ? chosen : chosen.toBuilder().maxAttempts(attempts).build();
    }

    public IamClient iam() {
        return iam;
    }

    public SnsClient sns() {
        return sns;
    }

    /**
     * The SNS client for a topic: SNS answers a publish only in the topic's own region, so a topic elsewhere (a
     * central topic in the security account's region) gets a client of its own, built once.
     */
    public SnsClient snsFor(String topicArn) {
        Region topicRegion = regionOf(topicArn).orElse(region);
        if (topicRegion.equals(region)) {
            return sns;
        }
        return snsElsewhere.computeIfAbsent(topicRegion,
                r -> configure(SnsClient.builder(), r, override, endpoint).build());
    }

    /** The region field of an ARN ({@code arn:aws:sns:eu-west-1:123456789012:name}). */
    static Optional<Region> regionOf(String arn) {
        String[] fields = arn.split(":", 6);
        return fields.length == 6 && !fields[3].isEmpty() ? Optional.of(Region.of(fields[3])) : Optional.empty();
    }

    /** SQS in the run's region, for the organization roll-up's queue, built when first needed. */
    public SqsClient sqs() {
        return sqs.computeIfAbsent(region, r -> configure(SqsClient.builder(), r, override, endpoint).build());
    }

    /** Organizations' JSON API (ListAccounts), in its one region of the partition: us-east-1 for aws. */
    public AwsJsonApi organizations() {
        Region home = globalRegion(region) == Region.AWS_GLOBAL ? Region.US_EAST_1 : region;
        URI uri = endpoint.orElseGet(() -> AwsJsonApi.endpointFor("ORGANIZATIONS", "organizations", home,
                System.getenv()));
        return new AwsJsonApi(httpClient, credentials, home, "organizations", uri, retryStrategy);
    }

    /** KMS in the region of {@code keyArn}, for the seals of the marker tags (GenerateMac, VerifyMac). */
    public KmsClient kms(String keyArn) {
        return kmsByRegion.computeIfAbsent(regionOf(keyArn).orElse(region),
                r -> configure(KmsClient.builder(), r, override, endpoint).build());
    }

    /** SSM, for the mode (GetParameter, through Powertools parameters: {@link SsmModeSource}). */
    public SsmClient ssm() {
        return ssm;
    }

    /** Security Hub's JSON API (BatchImportFindings, GetFindings). */
    AwsJsonApi securityHub() {
        return securityHub;
    }

    public Region region() {
        return region;
    }

    public StsClient sts() {
        return sts;
    }

    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    @Override
    public void close() {
        iam.close();
        sns.close();
        sts.close();
        ssm.close();
        kmsByRegion.values().forEach(KmsClient::close);
        sqs.values().forEach(SqsClient::close);
        snsElsewhere.values().forEach(SnsClient::close);
        httpClient.close();
    }

    public static final class Builder {
        private Optional<URI> endpoint = Optional.empty();
        private Region region;
        private AwsCredentialsProvider credentials;
        private int maxConnections = 16;
        private final List<ExecutionInterceptor> interceptors = new ArrayList<>();

        private Builder() {
        }

        /** Sends every client to this endpoint (tests, emulators). */
        public Builder endpointOverride(URI value) {
            this.endpoint = Optional.of(value);
            return this;
        }

        public Builder region(Region value) {
            this.region = value;
            return this;
        }

        public Builder credentialsProvider(AwsCredentialsProvider value) {
            this.credentials = value;
            return this;
        }

        public Builder maxConnections(int value) {
            this.maxConnections = value;
            return this;
        }

        /** Observes every call of every client (call counting in tests and benchmarks). */
        public Builder addExecutionInterceptor(ExecutionInterceptor value) {
            this.interceptors.add(value);
            return this;
        }

        public AwsClients build() {
            return new AwsClients(this);
        }
    }
}
