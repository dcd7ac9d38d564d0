package dev.iamkeyremediator.aws;

import dev.iamkeyremediator.publish.PublishException;
import dev.iamkeyremediator.publish.SummaryPublisher;
import dev.iamkeyremediator.report.RunSummary;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Publishes the run summary (JSON, with its schema version) to the central topic with the attributes
 * {@code kind=run-summary} and {@code account}, which the organization's roll-up queue subscribes to.
 */
public final class SnsSummaryPublisher implements SummaryPublisher {

    static final String RUN_SUMMARY = "run-summary";

    private final SnsClient sns;
    private final String topicArn;

    /** @param sns a client in the topic's own region */
    public SnsSummaryPublisher(SnsClient sns, String topicArn) {
        this.sns = sns;
        this.topicArn = topicArn;
    }

    @Override
    public Optional<String> publish(RunSummary summary) {
        Map<String, MessageAttributeValue> attributes = Map.of(
                "kind", MessageAttributeValue.builder().dataType("String").stringValue(RUN_SUMMARY).build(),
                "account", MessageAttributeValue.builder().dataType("String").stringValue(summary.account()).build());
        try {
            return Optional.of(topicArn + " " + sns.publish(r -> r.topicArn(topicArn).message(summary.toJson())
                    .messageAttributes(attributes)).messageId());
        } catch (SdkException e) {
            throw new PublishException("Publish of the run summary to %s failed: %s".formatted(topicArn,
                    AwsErrors.describe(e)), e);
        }
    }
}
