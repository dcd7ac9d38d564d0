package dev.iamkeyremediator.publish;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import dev.iamkeyremediator.errors.Problems;
import dev.iamkeyremediator.errors.RunError;
import dev.iamkeyremediator.render.DigestRenderer;
import dev.iamkeyremediator.report.RunReport;
import dev.iamkeyremediator.time.RunBudget;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's publishing, channel after channel ({@link #through}): the problems they meet go to the run's one
 * {@link Problems}, and what a later channel or the run summary needs of an earlier one is kept here (the owners
 * told, the findings imported, where the digest went).
 */
public final class Publication {

    private static final Logger LOG = LoggerFactory.getLogger(Publication.class);

    private final RunBudget budget;
    private final Problems problems;
    private FindingsPublisher.Published findings = FindingsPublisher.Published.OFF;
    private DigestRenderer.Owners owners = DigestRenderer.Owners.NONE;
    private List<String> digestDelivery = List.of();
    private int digestParts;

    private Publication(RunBudget budget, Problems problems) {
        this.budget = budget;
        this.problems = problems;
    }

    /**
     * Publishes {@code report} through every channel in order; each sees the errors the earlier ones recorded. A
     * channel that throws is recorded as refused, and the next still publishes.
     */
    public static Publication through(List<Channel> channels, RunReport report, RunBudget budget, Problems problems) {
        Publication publication = new Publication(budget, problems);
        for (Channel channel : channels) {
            try {
                channel.publish(report.withErrors(problems.errors()), publication);
            } catch (RuntimeException e) {
                LOG.error("publishing failed", entry("channel", channel.name()), e);
                publication.notDelivered(channel.name(), "not delivered: " + e);
                publication.fail(channel.name() + " not delivered");
            }
        }
        return publication;
    }

    public RunBudget budget() {
        return budget;
    }

    /**
     * Sends one message unless the channels' share of the run's time is spent.
     *
     * @return why it did not go out; empty when it did
     */
    Optional<String> send(Supplier<?> send) {
        if (budget.channelsExhausted()) {
            return Optional.of("not sent: " + RunBudget.CHANNELS_OUT_OF_TIME);
        }
        try {
            LOG.info("published", entry("delivery", String.valueOf(send.get())));
            return Optional.empty();
        } catch (RuntimeException e) { // a refusal (PublishException) or anything unforeseen
            return Optional.of("not delivered: " + e.getMessage());
        }
    }

    /** A message that did not go out: an error named in the digest. */
    void notDelivered(String what, String problem) {
        LOG.error("not delivered", entry("what", what), entry("reason", problem));
        problems.error(RunError.publish("Publish", what + " " + problem));
    }

    void error(RunError error) {
        problems.error(error);
    }

    void fail(String why) {
        problems.fail(why);
    }

    void findings(FindingsPublisher.Published value) {
        findings = value;
    }

    void owners(DigestRenderer.Owners value) {
        owners = value;
    }

    void digest(int parts, List<String> delivery) {
        digestParts = parts;
        digestDelivery = List.copyOf(delivery);
    }

    /** What Security Hub imported and resolved (nothing when it is off). */
    public FindingsPublisher.Published findings() {
        return findings;
    }

    /** The owners told before the digest, which says who heard. */
    public DigestRenderer.Owners owners() {
        return owners;
    }

    public List<String> digestDelivery() {
        return digestDelivery;
    }

    public int digestParts() {
        return digestParts;
    }
}
