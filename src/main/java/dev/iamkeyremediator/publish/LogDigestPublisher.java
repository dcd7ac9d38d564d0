package dev.iamkeyremediator.publish;

import dev.iamkeyremediator.render.Digest;
import dev.iamkeyremediator.render.OwnerNotices;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Without a topic (a local run with no TOPIC_ARN), the digest and the owners' notices go to the log. */
public final class LogDigestPublisher implements DigestPublisher {

    private static final String LOGGED = "log (TOPIC_ARN not set)";
    private static final Logger LOG = LoggerFactory.getLogger(LogDigestPublisher.class);

    @Override
    public List<String> publish(Digest digest) {
        for (Digest.Part part : digest.parts()) {
            LOG.info("digest (TOPIC_ARN not set)\n{}\n\n{}", part.subject(), part.body());
        }
        return List.of(LOGGED);
    }

    @Override
    public boolean noticesReachOwners() {
        return false;
    }

    @Override
    public List<String> publishNotice(OwnerNotices.Notice notice) {
        for (Digest.Part part : notice.parts()) {
            LOG.info("notice to owner {} (TOPIC_ARN not set)\n{}\n\n{}", notice.owner(), part.subject(), part.body());
        }
        return List.of(LOGGED);
    }
}
