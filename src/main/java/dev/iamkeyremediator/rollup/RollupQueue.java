package dev.iamkeyremediator.rollup;

import java.util.List;

/** The queue the member accounts' run summaries arrive in (an SQS queue subscribed to the central topic). */
public interface RollupQueue {

    /**
     * One message, held until deleted.
     *
     * @param receiptHandle what deletes it
     * @param body          as delivered: a run summary, raw or in SNS's envelope, or anything else
     */
    record Queued(String id, String receiptHandle, String body) {
    }

    /**
     * Every message waiting, each held (invisible to another reader) while the roll-up runs.
     *
     * @throws RollupException when the queue cannot be read
     */
    List<Queued> receiveAll();

    /**
     * Deletes messages once the digest that reports them is published.
     *
     * @throws RollupException when some could not be deleted (they come back, and the next roll-up reads them again)
     */
    void delete(List<Queued> messages);

    /**
     * Makes messages readable again at once, when the digest that would report them could not be published.
     *
     * @throws RollupException when that fails (they come back when their hold ends)
     */
    void release(List<Queued> messages);

    /**
     * Moves a message that is no run summary to the dead-letter queue.
     *
     * @return false when the queue has no dead-letter queue (the message is left where it is)
     * @throws RollupException when it could not be moved
     */
    boolean deadLetter(Queued message);
}
