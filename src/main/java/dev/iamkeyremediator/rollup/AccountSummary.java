package dev.iamkeyremediator.rollup;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iamkeyremediator.render.Text;
import dev.iamkeyremediator.report.RunSummary;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * One member account's run summary, as the roll-up reads it from the queue.
 *
 * @param account  the account id
 * @param schema   the summary's form; only {@link RunSummary#SCHEMA} is read further
 * @param endedAt  when the run ended (its start plus its duration)
 * @param summary  the summary as sent
 */
public record AccountSummary(String account, int schema, Instant endedAt, JsonNode summary) {

    /**
     * The summary in a queue message: the run summary itself (raw delivery), or inside SNS's envelope.
     *
     * @return the summary, or why the message is none
     */
    static Parsed parse(JsonNode message) {
        JsonNode body = message;
        if (message.path("Type").asText().equals("Notification") && message.path("Message").isTextual()) {
            try {
                body = RollupJson.MAPPER.readTree(message.path("Message").asText());
            } catch (IOException e) {
                return Parsed.malformed("the SNS message is not JSON");
            }
        }
        String account = body.path("account").asText("");
        if (!account.matches("\\d{12}")) {
            return Parsed.malformed("no 12-digit account");
        }
        if (!body.path("schema").canConvertToInt()) {
            return Parsed.malformed("no schema version");
        }
        Instant started;
        try {
            started = Instant.parse(body.path("startedAt").asText(""));
        } catch (DateTimeParseException e) {
            return Parsed.malformed("no startedAt instant");
        }
        Instant ended = started.plusMillis(Math.max(0, body.path("durationMillis").asLong(0)));
        return new Parsed(Optional.of(new AccountSummary(account, body.path("schema").asInt(), ended, body)), "");
    }

    /** A message read: its summary, or why it is malformed. */
    record Parsed(Optional<AccountSummary> summary, String malformed) {
        static Parsed malformed(String why) {
            return new Parsed(Optional.empty(), why);
        }
    }

    boolean knownSchema() {
        return schema == RunSummary.SCHEMA;
    }

    String mode() {
        return summary.path("mode").asText("unknown");
    }

    boolean failed() {
        return summary.path("status").asText().equals("failed");
    }

    long outcome(String name) {
        return summary.path("outcomes").path(name).asLong(0);
    }

    long exposed() {
        return summary.path("findingsByRule").path("EXPOSED_KEY").asLong(0);
    }

    int errors() {
        return summary.path("errors").size();
    }

    /** The release that made the summary, printable; summaries of builds before 1.0.0 carry none. */
    Optional<String> version() {
        String version = Text.printable(summary.path("version").asText(""), 40);
        return version.isEmpty() ? Optional.empty() : Optional.of(version);
    }

    int users() {
        return summary.path("usersEvaluated").asInt(0);
    }
}
