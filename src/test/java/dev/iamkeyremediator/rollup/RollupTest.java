package dev.iamkeyremediator.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamkeyremediator.config.Release;
import dev.iamkeyremediator.publish.PublishException;
import dev.iamkeyremediator.render.Digest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RollupTest {

    private static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");

    /** A queue in memory: what was deleted, released and moved. */
    static final class Queue implements RollupQueue {
        final List<Queued> waiting = new ArrayList<>();
        final List<Queued> deleted = new ArrayList<>();
        final List<Queued> released = new ArrayList<>();
        final List<Queued> deadLetters = new ArrayList<>();

        void add(String body) {
            waiting.add(new Queued("m" + waiting.size(), "r" + waiting.size(), body));
        }

        @Override
        public List<Queued> receiveAll() {
            return List.copyOf(waiting);
        }

        @Override
        public void delete(List<Queued> messages) {
            deleted.addAll(messages);
        }

        @Override
        public void release(List<Queued> messages) {
            released.addAll(messages);
        }

        @Override
        public boolean deadLetter(Queued message) {
            deadLetters.add(message);
            return true;
        }
    }

    private static String summary(String account, int schema, String mode, String startedAt, long deactivated) {
        ObjectNode s = RollupJson.MAPPER.createObjectNode().put("schema", schema).put("status", "succeeded")
                .put("mode", mode).put("modeReason", "SSM parameter /iam-key-remediator/mode is '" + mode + "'")
                .put("account", account).put("startedAt", startedAt).put("durationMillis", 5000)
                .put("usersEvaluated", 10);
        s.putObject("outcomes").put("DEACTIVATED", deactivated).put("DELETED", 0);
        s.putObject("findingsByRule").put("EXPOSED_KEY", 0);
        s.putArray("errors");
        s.putArray("failures");
        return s.toString();
    }

    private static String enveloped(String message) {
        ObjectNode envelope = RollupJson.MAPPER.createObjectNode().put("Type", "Notification").put("Message", message);
        envelope.putObject("MessageAttributes").putObject("kind").put("Type", "String").put("Value", "run-summary");
        return envelope.toString();
    }

    @Test
    void rawAndEnvelopedSummaries_theLatestPerAccount_unknownSchemasReported_andMalformedMessagesMoved() {
        Queue queue = new Queue();
        queue.add(summary("111111111111", 1, "enforce", "2026-12-01T06:00:00Z", 3));
        queue.add(enveloped(summary("111111111111", 1, "enforce", "2026-12-02T06:00:00Z", 1)));
        queue.add(summary("222222222222", 7, "enforce", "2026-12-02T06:00:00Z", 9));
        queue.add("{\"schema\": 1}");
        queue.add("garbage");
        List<List<Digest.Part>> published = new ArrayList<>();
        Rollup rollup = new Rollup(queue, Optional.of(() -> List.of("111111111111", "222222222222", "333333333333")),
                "EXPECTED_ACCOUNTS", parts -> {
                    published.add(parts);
                    return List.of("sent");
                }, RollupMetrics.NONE, Clock.fixed(NOW, ZoneOffset.UTC));

        RollupResult result = rollup.run();

        assertThat(result.status()).isEqualTo("succeeded");
        assertThat(result.malformed()).isEqualTo(2);
        assertThat(result.silent()).as("an unknown schema is heard from, not silent").containsExactly("333333333333");
        String body = published.get(0).get(0).body();
        assertThat(body).contains("Summaries read: 5 messages, 1 superseded by a later run of the same account, 2 malformed"
                + " (moved to the dead-letter queue)")
                .contains("Totals: deleted 0, deactivated 1,")
                .contains("== Summaries of an unknown schema (1) ==\n- 222222222222: schema 7, this roll-up reads schema 1")
                .containsPattern("- 111111111111  enforce  deleted 0  deactivated 1 .*run ended 2026-12-02T06:00:05Z"
                        + "  release before 1\\.0\\.0\n")
                .endsWith("\n-- \niam-key-remediator " + Release.version() + "\n");
        assertThat(queue.deadLetters).extracting(RollupQueue.Queued::body).containsExactly("{\"schema\": 1}", "garbage");
        assertThat(queue.deleted).hasSize(3);
        assertThat(queue.released).isEmpty();
    }

    @Test
    void aRefusedPublish_deletesNothing_andReleasesEveryMessageForTheNextRollup() {
        Queue queue = new Queue();
        queue.add(summary("111111111111", 1, "dry-run", "2026-12-02T06:00:00Z", 0));
        Rollup rollup = new Rollup(queue, Optional.empty(), "", parts -> {
            throw new PublishException("Publish of the digest failed: AuthorizationError", null);
        }, RollupMetrics.NONE, Clock.fixed(NOW, ZoneOffset.UTC));

        RollupResult result = rollup.run();

        assertThat(result.failed()).isTrue();
        assertThat(result.failures()).singleElement().asString().contains("AuthorizationError");
        assertThat(queue.deleted).isEmpty();
        assertThat(queue.released).hasSize(1);
    }

    @Test
    void theSubject_isAsciiUnderOneHundredCharacters_exposedFirst() {
        Queue queue = new Queue();
        String exposed = summary("111111111111", 1, "enforce", "2026-12-02T06:00:00Z", 2)
                .replace("\"EXPOSED_KEY\":0", "\"EXPOSED_KEY\":2");
        queue.add(exposed);
        List<String> subjects = new ArrayList<>();
        new Rollup(queue, Optional.empty(), "", parts -> {
            subjects.add(parts.get(0).subject());
            return List.of();
        }, RollupMetrics.NONE, Clock.fixed(NOW, ZoneOffset.UTC)).run();
        assertThat(subjects).singleElement().asString().startsWith("EXPOSED ORG 1 accounts: 2 exposed, 0 deleted")
                .hasSizeLessThan(100);
    }

    @Test
    void expectedAccountsThatCannotBeRead_areSaidOnTop_andFailTheRollup_butTheDigestGoesOut() {
        Queue queue = new Queue();
        queue.add(summary("111111111111", 1, "enforce", "2026-12-02T06:00:00Z", 0));
        List<String> bodies = new ArrayList<>();
        RollupResult result = new Rollup(queue, Optional.of(() -> {
            throw new RollupException("Organizations ListAccounts failed: AccessDeniedException", null);
        }), "the organization's ACTIVE accounts", parts -> {
            bodies.add(parts.get(0).body());
            return List.of("sent");
        }, RollupMetrics.NONE, Clock.fixed(NOW, ZoneOffset.UTC)).run();
        assertThat(result.failures()).singleElement().asString().contains("AccessDeniedException");
        assertThat(bodies).singleElement().asString().contains("!! WARNING: the expected accounts could not be read,"
                + " so no account can be called silent");
        assertThat(queue.deleted).hasSize(1);
    }

    @Test
    void anAccountHeardFromOnlyLongAgo_isSilent_withWhenItWasLastHeard() {
        Queue queue = new Queue();
        queue.add(summary("111111111111", 1, "enforce", "2026-11-28T06:00:00Z", 0)); // four days before the roll-up
        queue.add(summary("222222222222", 1, "enforce", "2026-12-01T06:00:00Z", 0)); // yesterday's run
        List<String> bodies = new ArrayList<>();
        RollupResult result = new Rollup(queue, Optional.of(() -> List.of("111111111111", "222222222222")),
                "EXPECTED_ACCOUNTS", parts -> {
                    bodies.add(parts.get(0).body());
                    return List.of("sent");
                }, RollupMetrics.NONE, Clock.fixed(NOW, ZoneOffset.UTC)).run();
        assertThat(result.silent()).containsExactly("111111111111");
        assertThat(bodies.get(0)).contains("- 111111111111 (last heard from: a run that ended 2026-11-28T06:00:05Z)");
    }
}
