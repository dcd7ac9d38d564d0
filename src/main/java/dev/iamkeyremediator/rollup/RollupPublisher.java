package dev.iamkeyremediator.rollup;

import dev.iamkeyremediator.publish.PublishException;
import dev.iamkeyremediator.render.Digest;
import java.util.List;

/** Publishes the organization digest (to {@code ROLLUP_TOPIC_ARN}). */
public interface RollupPublisher {

    /**
     * @return where each part went
     * @throws PublishException when a part could not be delivered
     */
    List<String> publish(List<Digest.Part> parts);
}
