package dev.iamkeyremediator.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamkeyremediator.aws.AwsClients;
import dev.iamkeyremediator.rules.BackoutMarkers;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sts.StsClient;

/** An account in moto, seeded through the SDK like a real one, with the digest read back through SQS. */
public final class TestAccount implements AutoCloseable {

    public static final StaticCredentialsProvider ADMIN =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    public static final String MODE_PARAMETER = "/iam-key-remediator/mode";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Moto moto;
    private final AwsClients clients;
    private final AwsCredentialsProvider credentials;
    private final SqsClient sqs;
    private final Map<String, String> queueByTopic = new java.util.HashMap<>();
    private final Map<String, String> regionalQueues = new java.util.HashMap<>();
    private String topicArn;

    public TestAccount(Moto moto) {
        this(moto, ADMIN);
    }

    /** The account {@code credentials} act in (another account's, from {@link #assumeInto}). */
    public TestAccount(Moto moto, AwsCredentialsProvider credentials) {
        this.moto = moto;
        this.credentials = credentials;
        this.clients = AwsClients.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).build();
        this.sqs = SqsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).build();
    }

    /** Credentials that act in {@code accountId}: moto ties an assumed role's credentials to the role's account. */
    public static AwsCredentialsProvider assumeInto(Moto moto, String accountId) {
        try (StsClient sts = StsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(ADMIN).build()) {
            var c = sts.assumeRole(r -> r.roleArn("arn:aws:iam::%s:role/iam-key-remediator".formatted(accountId))
                    .roleSessionName("member")).credentials();
            return StaticCredentialsProvider.create(AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(),
                    c.sessionToken()));
        }
    }

    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    /** Sends one message to a queue, as any producer would. */
    public void sendRaw(String queueUrl, String body) {
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body));
    }

    /** A queue (and its dead-letter queue, by redrive policy): their URLs. */
    public List<String> queueWithDeadLetter(String name) {
        String dead = sqs.createQueue(r -> r.queueName(name + "-dead")).queueUrl();
        String deadArn = sqs.getQueueAttributes(r -> r.queueUrl(dead).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String queue = sqs.createQueue(r -> r.queueName(name).attributes(Map.of(QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"%s\",\"maxReceiveCount\":\"5\"}".formatted(deadArn)))).queueUrl();
        return List.of(queue, dead);
    }

    /** Subscribes an existing queue to a topic, with a filter policy. */
    public void subscribe(String topicArn, String queueUrl, String filterPolicy) {
        String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        clients.sns().subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queueArn)
                .attributes(Map.of("FilterPolicy", filterPolicy, "RawMessageDelivery", "true")));
    }

    /** How many messages a queue holds, visible or not. */
    public int queueDepth(String queueUrl) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    public Moto moto() {
        return moto;
    }

    public IamClient iam() {
        return clients.iam();
    }

    public record Key(String user, String id, String secret) {
    }

    public void createUser(String name) {
        iam().createUser(r -> r.userName(name));
    }

    public void givePassword(String name) {
        iam().createLoginProfile(r -> r.userName(name).password("Correct-Horse-42!"));
    }

    public void tag(String name, String key, String value) {
        iam().tagUser(r -> r.userName(name).tags(Tag.builder().key(key).value(value).build()));
    }

    public Key createKey(String user) {
        var key = iam().createAccessKey(r -> r.userName(user)).accessKey();
        return new Key(user, key.accessKeyId(), key.secretAccessKey());
    }

    /** Signs one request with the key: IAM (and moto) record it as the key's last use, at the emulator's time. */
    public void use(Key key) {
        use(key, Region.US_EAST_1);
    }

    /** The same, signed for {@code region}: the key's last use names that region. */
    public void use(Key key, Region region) {
        try (StsClient sts = StsClient.builder().endpointOverride(moto.endpoint()).region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key.id(), key.secret())))
                .build()) {
            sts.getCallerIdentity();
        }
    }

    public void deactivate(Key key) {
        iam().updateAccessKey(r -> r.userName(key.user()).accessKeyId(key.id()).status(StatusType.INACTIVE));
    }

    /** The user's tags as IAM holds them. */
    public Map<String, String> tags(String user) {
        Map<String, String> tags = new TreeMap<>();
        iam().listUserTagsPaginator(r -> r.userName(user)).tags().forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }

    /** The user's backout markers: key id to the value recorded (its date, then its seal when sealed). */
    public Map<String, String> markers(String user) {
        Map<String, String> markers = new TreeMap<>();
        iam().listUserTagsPaginator(r -> r.userName(user)).tags().forEach(t -> {
            if (t.key().startsWith(BackoutMarkers.TAG_PREFIX)) {
                markers.put(t.key().substring(BackoutMarkers.TAG_PREFIX.length()), t.value());
            }
        });
        return markers;
    }

    /** A KMS HMAC_256 key as the stack creates it for the seals of the markers: its ARN (MARKER_KEY_ARN). */
    public String markerKey() {
        try (KmsClient kms = KmsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(ADMIN).build()) {
            return kms.createKey(r -> r.keySpec(KeySpec.HMAC_256).keyUsage(KeyUsageType.GENERATE_VERIFY_MAC)
                    .description("iam-key-remediator marker seals")).keyMetadata().arn();
        }
    }

    /** A topic in another region than the run's, with a queue of that region subscribed to it. */
    public String topicWithQueueIn(Region region, String name) {
        try (SnsClient sns = SnsClient.builder().endpointOverride(moto.endpoint()).region(region)
                .credentialsProvider(ADMIN).build();
                SqsClient regionalSqs = SqsClient.builder().endpointOverride(moto.endpoint()).region(region)
                        .credentialsProvider(ADMIN).build()) {
            String arn = sns.createTopic(r -> r.name(name)).topicArn();
            String url = regionalSqs.createQueue(r -> r.queueName(name + "-reader")).queueUrl();
            String queueArn = regionalSqs.getQueueAttributes(r -> r.queueUrl(url)
                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
            sns.subscribe(r -> r.topicArn(arn).protocol("sqs").endpoint(queueArn));
            regionalQueues.put(arn, url);
            return arn;
        }
    }

    /** Every message the queue of {@link #topicWithQueueIn} received so far, removed from it. */
    public List<Received> receivedIn(Region region, String topicArn) {
        try (SqsClient regionalSqs = SqsClient.builder().endpointOverride(moto.endpoint()).region(region)
                .credentialsProvider(ADMIN).build()) {
            return received(regionalSqs, regionalQueues.get(topicArn));
        }
    }

    public void setMode(String value) {
        clients.ssm().putParameter(r -> r.name(MODE_PARAMETER).value(value).type("String").overwrite(true));
    }

    /** Every key of every user: id to status. */
    public Map<String, String> keyStates() {
        Map<String, String> states = new TreeMap<>();
        for (var user : iam().listUsersPaginator(r -> { }).users()) {
            for (AccessKeyMetadata key : iam().listAccessKeysPaginator(r -> r.userName(user.userName())).accessKeyMetadata()) {
                states.put(key.accessKeyId(), key.statusAsString());
            }
        }
        return states;
    }

    /** A topic with an SQS queue subscribed to it, so digests can be read back. */
    public String topicWithQueue() {
        topicArn = topicWithQueue("iam-key-digest");
        return topicArn;
    }

    public String topicWithQueue(String name) {
        String arn = createTopic(name);
        queueByTopic.put(arn, subscribeQueue(arn, name + "-reader", null));
        return arn;
    }

    public record Digest(String subject, String body) {
    }

    /** A message as a subscribed queue received it: subject, body and the SNS message attributes. */
    public record Received(String subject, String body, Map<String, String> attributes) {
    }

    /** A queue subscribed to {@code topicArn} with {@code filterPolicy} (JSON), or with none when it is null. */
    public String subscribeQueue(String topicArn, String queueName, String filterPolicy) {
        String url = sqs.createQueue(r -> r.queueName(queueName)).queueUrl();
        String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        clients.sns().subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queueArn)
                .attributes(filterPolicy == null ? Map.of() : Map.of("FilterPolicy", filterPolicy)));
        return url;
    }

    /** A topic of its own, as a chat channel's would be. */
    public String createTopic(String name) {
        return clients.sns().createTopic(r -> r.name(name)).topicArn();
    }

    /**
     * Every message the queue received so far, removed from it. Moto delivers SNS to SQS during the publish call, so
     * short polls see everything; long polls are avoided because they hang under libfaketime.
     */
    public List<Received> received(String queueUrl) {
        return received(sqs, queueUrl);
    }

    private static List<Received> received(SqsClient sqs, String queueUrl) {
        List<Received> received = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0))
                    .messages();
            if (batch.isEmpty()) {
                return received;
            }
            for (Message message : batch) {
                try {
                    JsonNode envelope = JSON.readTree(message.body());
                    Map<String, String> attributes = new TreeMap<>();
                    envelope.path("MessageAttributes").fields().forEachRemaining(
                            a -> attributes.put(a.getKey(), a.getValue().path("Value").asText()));
                    received.add(new Received(envelope.path("Subject").asText(), envelope.path("Message").asText(),
                            attributes));
                } catch (java.io.IOException e) {
                    throw new UncheckedIOException(e);
                }
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
    }

    /** Every digest message delivered so far to the queue of {@link #topicWithQueue()}, removed from it. */
    public List<Digest> digests() {
        return digests(topicArn);
    }

    public List<Digest> digests(String topic) {
        return received(queueByTopic.get(topic)).stream().map(m -> new Digest(m.subject(), m.body()))
                .collect(java.util.stream.Collectors.toCollection(ArrayList::new)); // callers may sort it
    }

    /**
     * Every finding in the emulator's Security Hub, page after page, by id. Moto checks no signature, so the request
     * carries only the scope that routes it to Security Hub.
     */
    public Map<String, JsonNode> securityHubFindings() {
        Map<String, JsonNode> findings = new TreeMap<>();
        String next = null;
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        do {
            var request = JSON.createObjectNode().put("MaxResults", 100);
            if (next != null) {
                request.put("NextToken", next);
            }
            try {
                var response = http.send(java.net.http.HttpRequest.newBuilder(moto.endpoint().resolve("/findings"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/securityhub/"
                                + "aws4_request, SignedHeaders=host, Signature=0")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(request.toString())).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("GetFindings: HTTP " + response.statusCode() + " " + response.body());
                }
                JsonNode page = JSON.readTree(response.body());
                page.path("Findings").forEach(f -> findings.put(f.path("Id").asText(), f));
                next = page.path("NextToken").asText(null);
            } catch (java.io.IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        } while (next != null && !next.isEmpty());
        return findings;
    }

    @Override
    public void close() {
        clients.close();
        sqs.close();
    }
}
