package dev.iamkeyremediator.digest;

import java.util.List;

/** Delivers a digest. */
public interface DigestPublisher {

    /**
     * @return where each part went (message ids, or a description of the destination)
     * @throws DigestDeliveryException when a part could not be delivered after retries
     */
    List<String> publish(Digest digest);
}
