package dev.iamkeyremediator.publish;

import dev.iamkeyremediator.render.Digest;
import dev.iamkeyremediator.render.DigestRenderer;
import dev.iamkeyremediator.report.RunReport;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The digest for the security team, last, with every error of the run and the owners told. It is always tried, even
 * when the other channels' time is spent; when it cannot be published, the whole digest goes to the log.
 */
public final class DigestChannel implements Channel {

    private static final Logger LOG = LoggerFactory.getLogger(DigestChannel.class);

    private final DigestPublisher publisher;
    private final DigestRenderer renderer = new DigestRenderer();

    public DigestChannel(DigestPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public String name() {
        return "the digest";
    }

    @Override
    public void publish(RunReport report, Publication publication) {
        Digest digest = renderer.render(report, publication.owners());
        try {
            publication.digest(digest.parts().size(), publisher.publish(digest));
        } catch (PublishException e) {
            LOG.error("digest not delivered ({}); the whole digest follows\n{}", e.getMessage(), digest.fullText());
            publication.digest(digest.parts().size(), List.of("not delivered: " + e.getMessage()));
            publication.fail("digest not delivered: " + e.getMessage());
        }
    }
}
