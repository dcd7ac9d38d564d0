package dev.iamkeyremediator.aws;

import dev.iamkeyremediator.digest.Digest;
import dev.iamkeyremediator.digest.DigestDeliveryException;
import dev.iamkeyremediator.digest.DigestPublisher;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;

/** Publishes each part of the digest to the topic, in order. */
public final class SnsDigestPublisher implements DigestPublisher {

    private final SnsClient sns;
    private final String topicArn;

    public SnsDigestPublisher(SnsClient sns, String topicArn) {
        this.sns = sns;
        this.topicArn = topicArn;
    }

    @Override
    public List<String> publish(Digest digest) {
        List<String> messageIds = new ArrayList<>();
        int partNumber = 0;
        for (Digest.Part part : digest.parts()) {
            partNumber++;
            try {
                messageIds.add(sns.publish(r -> r.topicArn(topicArn).subject(part.subject()).message(part.body()))
                        .messageId());
            } catch (SdkException e) {
                throw new DigestDeliveryException("Publish to %s failed for part %d of %d: %s".formatted(topicArn,
                        partNumber, digest.parts().size(), AwsErrors.describe(e)), e);
            }
        }
        return messageIds;
    }
}
