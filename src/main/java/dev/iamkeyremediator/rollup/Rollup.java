package dev.iamkeyremediator.rollup;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iamkeyremediator.publish.PublishException;
import dev.iamkeyremediator.render.Digest;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One organization roll-up (docs/rollup.md): drain the queue, keep the latest summary per account, publish one
 * organization digest, and only then delete the messages. A failed publish deletes nothing, so the next roll-up
 * reports them all; a message that is no run summary goes to the dead-letter queue and is counted.
 */
public final class Rollup {

    private static final Logger LOG = LoggerFactory.getLogger(Rollup.class);

    private final RollupQueue queue;
    private final Optional<AccountDirectory> expected;
    private final String expectedFrom;
    private final RollupPublisher publisher;
    private final RollupMetrics metrics;
    private final Clock clock;

    /**
     * @param expected     the accounts expected to report, or none
     * @param expectedFrom where they come from, for the digest ({@code EXPECTED_ACCOUNTS}'s value, or empty)
     */
    public Rollup(RollupQueue queue, Optional<AccountDirectory> expected, String expectedFrom,
            RollupPublisher publisher, RollupMetrics metrics, Clock clock) {
        this.queue = queue;
        this.expected = expected;
        this.expectedFrom = expectedFrom;
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
    }

    public RollupResult run() {
        Instant at = clock.instant();
        List<String> failures = new ArrayList<>();
        Set<String> accounts = new TreeSet<>();
        Optional<String> expectedUnknown = readExpected(accounts, failures);
        List<RollupQueue.Queued> messages = queue.receiveAll();
        Sorted sorted = sort(messages);
        RollupReport report = new RollupReport(at, accounts, expectedFrom, sorted.latest(), sorted.unknown(),
                messages.size(), sorted.duplicates(), sorted.malformed().size(), expectedUnknown);
        Digest digest = OrgDigest.render(report);
        List<String> delivered;
        try {
            delivered = publisher.publish(digest.parts());
        } catch (PublishException e) {
            return undelivered(report, digest, messages, e, failures);
        }
        try {
            queue.delete(sorted.toDelete());
        } catch (RollupException e) {
            failures.add("messages not deleted (the next roll-up reads them again): " + e.getMessage());
        }
        sorted.malformed().forEach(message -> deadLetter(message, failures)); // counted in the digest just published
        RollupResult result = RollupResult.of(report, digest.parts().size(), delivered, failures);
        metrics.record(report, result);
        LOG.info("roll-up finished", entry("accounts", sorted.latest().size()), entry("silent", report.silent().size()),
                entry("messages", messages.size()), entry("malformed", sorted.malformed().size()));
        return result;
    }

    /** Adds the expected accounts; when they cannot be read, says why no account can be called silent. */
    private Optional<String> readExpected(Set<String> accounts, List<String> failures) {
        try {
            expected.ifPresent(directory -> accounts.addAll(directory.expected()));
            return Optional.empty();
        } catch (RollupException e) {
            failures.add("expected accounts not read: " + e.getMessage());
            return Optional.of("the expected accounts could not be read, so no account can be called silent: "
                    + e.getMessage());
        }
    }

    /**
     * The messages sorted: the latest summary per account (of a known schema, or of another), the messages to delete
     * once the digest is out, the malformed ones, and how many summaries came for an account already seen.
     */
    private record Sorted(Map<String, AccountSummary> latest, Map<String, AccountSummary> unknown,
            List<RollupQueue.Queued> toDelete, List<RollupQueue.Queued> malformed, int duplicates) {
    }

    private static Sorted sort(List<RollupQueue.Queued> messages) {
        Map<String, AccountSummary> latest = new TreeMap<>();
        Map<String, AccountSummary> unknown = new TreeMap<>();
        List<RollupQueue.Queued> toDelete = new ArrayList<>();
        List<RollupQueue.Queued> malformed = new ArrayList<>();
        int duplicates = 0;
        for (RollupQueue.Queued message : messages) {
            AccountSummary.Parsed parsed = parse(message.body());
            if (parsed.summary().isEmpty()) {
                malformed.add(message);
                LOG.warn("malformed message", entry("messageId", message.id()), entry("reason", parsed.malformed()));
                continue;
            }
            toDelete.add(message);
            AccountSummary summary = parsed.summary().get();
            Map<String, AccountSummary> into = summary.knownSchema() ? latest : unknown;
            AccountSummary earlier = into.get(summary.account());
            if (earlier != null) {
                duplicates++;
                if (!summary.endedAt().isAfter(earlier.endedAt())) {
                    continue;
                }
            }
            into.put(summary.account(), summary);
        }
        return new Sorted(latest, unknown, toDelete, malformed, duplicates);
    }

    /** The digest did not go out: every message goes back to the queue, the malformed ones too, and nothing is lost. */
    private RollupResult undelivered(RollupReport report, Digest digest, List<RollupQueue.Queued> messages,
            PublishException e, List<String> failures) {
        LOG.error("organization digest not delivered; the messages stay for the next roll-up: {}", e.getMessage());
        LOG.error("the whole digest follows\n{}", digest.fullText());
        failures.add("organization digest not delivered: " + e.getMessage());
        try {
            queue.release(messages); // the malformed ones too: the next digest counts them
        } catch (RollupException released) {
            failures.add("messages not released (they come back when their hold ends): " + released.getMessage());
        }
        RollupResult result = RollupResult.of(report, digest.parts().size(), List.of(), failures);
        metrics.record(report, result);
        return result;
    }

    private static AccountSummary.Parsed parse(String body) {
        try {
            JsonNode json = RollupJson.MAPPER.readTree(body);
            return json == null || !json.isObject() ? AccountSummary.Parsed.malformed("not a JSON object")
                    : AccountSummary.parse(json);
        } catch (IOException e) {
            return AccountSummary.Parsed.malformed("not JSON");
        }
    }

    /** A message that is no run summary leaves the queue for the dead-letter queue, or is said to stay. */
    private void deadLetter(RollupQueue.Queued message, List<String> failures) {
        try {
            if (!queue.deadLetter(message)) {
                failures.add("malformed message %s left in the queue: it has no dead-letter queue".formatted(
                        message.id()));
            }
        } catch (RollupException e) {
            failures.add("malformed message %s not moved to the dead-letter queue: %s".formatted(message.id(),
                    e.getMessage()));
        }
    }
}
