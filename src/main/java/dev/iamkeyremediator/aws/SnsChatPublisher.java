package dev.iamkeyremediator.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamkeyremediator.publish.ChatPublisher;
import dev.iamkeyremediator.publish.PublishException;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;

/** Publishes the chat summary, as the JSON message Amazon Q Developer in chat applications reads, to the chat topic. */
public final class SnsChatPublisher implements ChatPublisher {

    private final SnsClient sns;
    private final String topicArn;

    /** @param sns a client in the topic's own region */
    public SnsChatPublisher(SnsClient sns, String topicArn) {
        this.sns = sns;
        this.topicArn = topicArn;
    }

    @Override
    public Optional<String> publish(ObjectNode message) {
        try {
            return Optional.of(topicArn + " " + sns.publish(r -> r.topicArn(topicArn).message(message.toString()))
                    .messageId());
        } catch (SdkException e) {
            throw new PublishException("Publish of the chat summary to %s failed: %s".formatted(topicArn,
                    AwsErrors.describe(e)), e);
        }
    }
}
