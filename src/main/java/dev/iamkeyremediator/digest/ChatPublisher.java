package dev.iamkeyremediator.digest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** Delivers the run's chat summary, when a chat topic is set. */
public interface ChatPublisher {

    /** No chat topic: nothing is sent. */
    ChatPublisher NONE = message -> Optional.empty();

    /**
     * @return where the message went, or empty when there is no chat topic
     * @throws DigestDeliveryException when it could not be delivered after retries
     */
    Optional<String> publish(ObjectNode message);
}
