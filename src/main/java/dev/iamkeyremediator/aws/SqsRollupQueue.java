package dev.iamkeyremediator.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamkeyremediator.rollup.RollupException;
import dev.iamkeyremediator.rollup.RollupQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The roll-up's SQS queue: received 10 at a time with no wait (the queue is drained, not watched), each message
 * hidden for {@link #HOLD_SECONDS} while the roll-up runs, deleted 10 at a time once the digest is out.
 */
public final class SqsRollupQueue implements RollupQueue {

    /** Longer than a roll-up takes: a message read is not read again by the same roll-up. */
    static final int HOLD_SECONDS = 900;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqsClient sqs;
    private final String queueUrl;
    /** The dead-letter queue's URL, once looked up (empty when the queue has none). */
    private Optional<String> deadLetterUrl;

    public SqsRollupQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /**
     * An empty short poll asks only some of SQS's servers: the queue is drained once a poll comes back empty and the
     * queue counts no visible message, or after this many empty polls in a row.
     */
    static final int EMPTY_POLLS = 5;

    @Override
    public List<RollupQueue.Queued> receiveAll() {
        List<RollupQueue.Queued> all = new ArrayList<>();
        try {
            int empty = 0;
            while (empty < EMPTY_POLLS) {
                List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                        .waitTimeSeconds(0).visibilityTimeout(HOLD_SECONDS)).messages();
                if (!batch.isEmpty()) {
                    empty = 0;
                    batch.forEach(m -> all.add(new RollupQueue.Queued(m.messageId(), m.receiptHandle(), m.body())));
                } else if (visible() == 0) {
                    return all;
                } else {
                    empty++;
                }
            }
            return all;
        } catch (SdkException e) {
            release(all); // what was read is readable again for the next roll-up, at once
            throw new RollupException("ReceiveMessage on %s failed: %s".formatted(queueUrl, AwsErrors.describe(e)), e);
        }
    }

    /** SQS's batches: at most 10 messages each. */
    private static List<List<RollupQueue.Queued>> batches(List<RollupQueue.Queued> messages) {
        List<List<RollupQueue.Queued>> batches = new ArrayList<>();
        for (int from = 0; from < messages.size(); from += 10) {
            batches.add(messages.subList(from, Math.min(messages.size(), from + 10)));
        }
        return batches;
    }

    private int visible() {
        String count = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
        return count == null ? 0 : Integer.parseInt(count);
    }

    @Override
    public void delete(List<RollupQueue.Queued> messages) {
        List<String> failed = new ArrayList<>();
        for (List<RollupQueue.Queued> batch : batches(messages)) {
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(String.valueOf(i))
                        .receiptHandle(batch.get(i).receiptHandle()).build());
            }
            try {
                DeleteMessageBatchResponse answer = sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
                answer.failed().forEach(f -> failed.add(f.code() + ": " + f.message()));
            } catch (SdkException e) {
                failed.add(AwsErrors.describe(e));
            }
        }
        if (!failed.isEmpty()) {
            throw new RollupException("DeleteMessageBatch on %s failed for %d messages: %s".formatted(queueUrl,
                    failed.size(), failed.get(0)), null);
        }
    }

    @Override
    public void release(List<RollupQueue.Queued> messages) {
        try {
            for (List<RollupQueue.Queued> batch : batches(messages)) {
                List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
                for (int i = 0; i < batch.size(); i++) {
                    entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(String.valueOf(i))
                            .receiptHandle(batch.get(i).receiptHandle()).visibilityTimeout(0).build());
                }
                sqs.changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl).entries(entries));
            }
        } catch (SdkException e) {
            throw new RollupException("ChangeMessageVisibilityBatch on %s failed: %s".formatted(queueUrl,
                    AwsErrors.describe(e)), e);
        }
    }

    @Override
    public boolean deadLetter(RollupQueue.Queued message) {
        try {
            if (deadLetterUrl == null) {
                deadLetterUrl = deadLetterQueueUrl(); // read once: one roll-up may move many messages
            }
            if (deadLetterUrl.isEmpty()) {
                return false;
            }
            sqs.sendMessage(r -> r.queueUrl(deadLetterUrl.get()).messageBody(message.body()));
            sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            return true;
        } catch (SdkException e) {
            throw new RollupException("moving message %s to the dead-letter queue failed: %s".formatted(message.id(),
                    AwsErrors.describe(e)), e);
        }
    }

    /** The dead-letter queue of the queue's redrive policy, if it has one. */
    private Optional<String> deadLetterQueueUrl() {
        String policy = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.REDRIVE_POLICY))
                .attributes().get(QueueAttributeName.REDRIVE_POLICY);
        if (policy == null || policy.isBlank()) {
            return Optional.empty();
        }
        String target;
        try {
            target = JSON.readTree(policy).path("deadLetterTargetArn").asText("");
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        if (target.isEmpty()) {
            return Optional.empty();
        }
        String[] fields = target.split(":");
        String name = fields[fields.length - 1];
        String owner = fields.length > 4 ? fields[4] : null;
        return Optional.of(sqs.getQueueUrl(r -> r.queueName(name).queueOwnerAWSAccountId(owner)).queueUrl());
    }
}
