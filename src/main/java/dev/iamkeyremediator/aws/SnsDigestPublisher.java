package dev.iamkeyremediator.aws;

import dev.iamkeyremediator.digest.Digest;
import dev.iamkeyremediator.digest.DigestDeliveryException;
import dev.iamkeyremediator.digest.DigestPublisher;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Publishes each part of the digest, in order, to each topic (the account's own, then a central one). A topic that
 * refuses does not keep the digest from the others; the failure is reported once every topic was tried.
 */
public final class SnsDigestPublisher implements DigestPublisher {

    private final SnsClient sns;
    private final List<String> topicArns;

    public SnsDigestPublisher(SnsClient sns, List<String> topicArns) {
        this.sns = sns;
        this.topicArns = List.copyOf(topicArns);
    }

    @Override
    public List<String> publish(Digest digest) {
        List<String> delivered = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        SdkException firstFailure = null;
        for (String topicArn : topicArns) {
            int partNumber = 0;
            for (Digest.Part part : digest.parts()) {
                partNumber++;
                try {
                    String id = sns.publish(r -> r.topicArn(topicArn).subject(part.subject()).message(part.body()))
                            .messageId();
                    delivered.add(topicArn + " " + id);
                } catch (SdkException e) {
                    failures.add("Publish to %s failed for part %d of %d: %s".formatted(topicArn, partNumber,
                            digest.parts().size(), AwsErrors.describe(e)));
                    firstFailure = firstFailure == null ? e : firstFailure;
                }
            }
        }
        if (!failures.isEmpty()) {
            String also = delivered.isEmpty() ? "" : " (delivered: " + String.join(", ", delivered) + ")";
            throw new DigestDeliveryException(String.join("; ", failures) + also, firstFailure);
        }
        return delivered;
    }
}
