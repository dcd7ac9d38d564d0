package dev.iamkeyremediator.aws;

import dev.iamkeyremediator.publish.DigestPublisher;
import dev.iamkeyremediator.publish.LogDigestPublisher;
import dev.iamkeyremediator.publish.PublishException;
import dev.iamkeyremediator.render.Digest;
import dev.iamkeyremediator.render.OwnerNotices;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Publishes each part of the digest, in order, to each topic (the account's own, then a central one), and each owner's
 * notice to the account's own topic. A topic that refuses does not keep the digest from the others; the failure is
 * reported once every topic was tried.
 */
public final class SnsDigestPublisher implements DigestPublisher {

    private final Function<String, SnsClient> snsFor;
    private final List<String> topicArns;
    private final Optional<String> noticeTopicArn;

    /**
     * @param snsFor         the client for a topic (in the topic's own region)
     * @param topicArns      where the digest goes
     * @param noticeTopicArn where the owners' notices go: the account's own topic
     */
    public SnsDigestPublisher(Function<String, SnsClient> snsFor, List<String> topicArns,
            Optional<String> noticeTopicArn) {
        this.snsFor = snsFor;
        this.topicArns = List.copyOf(topicArns);
        this.noticeTopicArn = noticeTopicArn;
    }

    @Override
    public List<String> publish(Digest digest) {
        return publish(topicArns, digest.parts(), Map.of("kind", DIGEST), "the digest");
    }

    @Override
    public boolean noticesReachOwners() {
        return noticeTopicArn.isPresent();
    }

    @Override
    public List<String> publishNotice(OwnerNotices.Notice notice) {
        if (noticeTopicArn.isEmpty()) {
            return new LogDigestPublisher().publishNotice(notice); // only a central topic: notices stay in the account
        }
        return publish(List.of(noticeTopicArn.get()), notice.parts(),
                Map.of("kind", OWNER_NOTICE, "owner", notice.owner()), "the notice to " + notice.owner());
    }

    private List<String> publish(List<String> topics, List<Digest.Part> parts, Map<String, String> attributes,
            String what) {
        Map<String, MessageAttributeValue> messageAttributes = new java.util.HashMap<>();
        attributes.forEach((name, value) -> messageAttributes.put(name,
                MessageAttributeValue.builder().dataType("String").stringValue(value).build()));
        List<String> delivered = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        SdkException firstFailure = null;
        for (String topicArn : topics) {
            int partNumber = 0;
            for (Digest.Part part : parts) {
                partNumber++;
                try {
                    String id = snsFor.apply(topicArn).publish(r -> r.topicArn(topicArn).subject(part.subject())
                            .message(part.body())
                            .messageAttributes(messageAttributes)).messageId();
                    delivered.add(topicArn + " " + id);
                } catch (SdkException e) {
                    failures.add("Publish of %s to %s failed for part %d of %d: %s".formatted(what, topicArn,
                            partNumber, parts.size(), AwsErrors.describe(e)));
                    firstFailure = firstFailure == null ? e : firstFailure;
                }
            }
        }
        if (!failures.isEmpty()) {
            String also = delivered.isEmpty() ? "" : " (delivered: " + String.join(", ", delivered) + ")";
            throw new PublishException(String.join("; ", failures) + also, firstFailure);
        }
        return delivered;
    }
}
