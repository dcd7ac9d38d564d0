package dev.iamkeyremediator.publish;

import dev.iamkeyremediator.render.Digest;
import dev.iamkeyremediator.render.OwnerNotices;
import java.util.List;

/**
 * Delivers the run's messages: the digest for the security team, and a notice for each owner of keys. On SNS each
 * message carries the attribute {@code kind} ({@code digest} or {@code owner-notice}), and a notice also
 * {@code owner}, so that a subscription's filter policy picks the messages it wants.
 */
public interface DigestPublisher {

    /** The {@code kind} of the security team's digest. */
    String DIGEST = "digest";
    /** The {@code kind} of an owner's notice. */
    String OWNER_NOTICE = "owner-notice";

    /**
     * @return where each part went (message ids, or a description of the destination)
     * @throws PublishException when a part could not be delivered after retries
     */
    List<String> publish(Digest digest);

    /**
     * Publishes one owner's notice to the account's own topic only (never to a central one).
     *
     * @return where each part went
     * @throws PublishException when a part could not be delivered after retries
     */
    List<String> publishNotice(OwnerNotices.Notice notice);

    /** Whether a published notice reaches its owner, rather than the log only (no TOPIC_ARN). */
    boolean noticesReachOwners();
}
