package dev.iamkeyremediator.publish;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** Delivers the run's chat summary, when a chat topic is set. */
public interface ChatPublisher {

    /** No chat topic: nothing is sent. */
    ChatPublisher NONE = new ChatPublisher() {
        @Override
        public boolean configured() {
            return false;
        }

        @Override
        public Optional<String> publish(ObjectNode message) {
            return Optional.empty();
        }
    };

    /** Whether a chat topic is set. */
    default boolean configured() {
        return true;
    }

    /**
     * @return where the message went, or empty when there is no chat topic
     * @throws PublishException when it could not be delivered after retries
     */
    Optional<String> publish(ObjectNode message);
}
