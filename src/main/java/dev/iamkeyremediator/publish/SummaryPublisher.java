package dev.iamkeyremediator.publish;

import dev.iamkeyremediator.report.RunSummary;
import java.util.Optional;

/** Delivers the run summary to the central topic, for the organization's roll-up, when a central topic is set. */
public interface SummaryPublisher {

    /** No central topic: nothing is sent. */
    SummaryPublisher NONE = summary -> Optional.empty();

    /**
     * @return where the summary went, or empty when there is no central topic
     * @throws PublishException when it could not be delivered after retries
     */
    Optional<String> publish(RunSummary summary);
}
