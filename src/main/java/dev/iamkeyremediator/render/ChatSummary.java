package dev.iamkeyremediator.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamkeyremediator.errors.RunError;
import dev.iamkeyremediator.remediation.KeyOutcome;
import dev.iamkeyremediator.remediation.Outcome;
import dev.iamkeyremediator.report.RunReport;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A run in one chat message: a custom notification of Amazon Q Developer in chat applications (AWS Chatbot), which
 * renders it as a card in a Slack or Microsoft Teams channel subscribed to the chat topic. The title is the digest's
 * subject; the description the account, the mode, the counts and the top lines; the next steps what to do. Pure.
 *
 * @see <a href="https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html">Custom notifications</a>
 */
public final class ChatSummary {

    /** Lines of keys in the card; the digest has them all. */
    static final int TOP_LINES = 8;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Most notable first: what changed, what would, what was held back, then what is coming. */
    private static final List<Outcome> ORDER = List.of(Outcome.DELETED, Outcome.DEACTIVATED, Outcome.WOULD_DELETE,
            Outcome.WOULD_DEACTIVATE, Outcome.WITHHELD, Outcome.FAILED, Outcome.DEFERRED, Outcome.UPCOMING,
            Outcome.REPORTED);

    private final String modeParameterName;

    /** @param modeParameterName the SSM parameter holding the mode, named in the next steps */
    public ChatSummary(String modeParameterName) {
        this.modeParameterName = modeParameterName;
    }

    public ObjectNode render(RunReport report) {
        boolean enforce = report.mode().enforce();
        String subject = DigestRenderer.subject(report);
        ObjectNode message = JSON.objectNode();
        message.put("version", "1.0");
        message.put("source", "custom");
        message.put("id", "iam-key-remediator/%s/%s".formatted(report.account(), report.startedAt()));
        ObjectNode content = message.putObject("content");
        content.put("textType", "client-markdown");
        content.put("title", "iam-key-remediator " + subject);
        List<KeyOutcome> top = top(report);
        content.put("description", description(report, top));
        ArrayNode next = content.putArray("nextSteps");
        nextSteps(report).forEach(next::add);
        content.putArray("keywords").add("iam-key-remediator").add(enforce ? "enforce" : "dry-run")
                .add(report.account());
        ObjectNode metadata = message.putObject("metadata");
        metadata.put("threadId", "iam-key-remediator-" + report.account());
        metadata.put("summary", subject);
        metadata.put("eventType", "iam-key-remediator run");
        ArrayNode resources = metadata.putArray("relatedResources");
        Set<String> users = new LinkedHashSet<>();
        top.forEach(o -> users.add(o.decision().user().arn()));
        users.forEach(resources::add);
        ObjectNode context = metadata.putObject("additionalContext");
        context.put("account", report.account());
        context.put("mode", report.mode().mode().parameterValue());
        context.put("runStartedAt", report.startedAt().toString());
        context.put("errors", String.valueOf(report.errorCount()));
        return message;
    }

    private String description(RunReport report, List<KeyOutcome> top) {
        boolean enforce = report.mode().enforce();
        StringBuilder out = new StringBuilder();
        out.append("*Account* `").append(report.account()).append("`  *Mode* ")
                .append(report.mode().mode().parameterValue())
                .append(report.mode().warning().isPresent() ? " (fallback: the mode parameter could not be used)" : "")
                .append('\n');
        List<String> counts = new ArrayList<>();
        for (Outcome outcome : enforce ? List.of(Outcome.DELETED, Outcome.DEACTIVATED)
                : List.of(Outcome.WOULD_DELETE, Outcome.WOULD_DEACTIVATE)) {
            counts.add("*%s* %d".formatted(Text.heading(outcome), report.count(outcome)));
        }
        for (Outcome outcome : List.of(Outcome.WITHHELD, Outcome.DEFERRED, Outcome.REPORTED, Outcome.UPCOMING)) {
            if (report.count(outcome) > 0) {
                counts.add("*%s* %d".formatted(outcome.name().charAt(0) + outcome.name().substring(1)
                        .toLowerCase(Locale.ROOT), report.count(outcome)));
            }
        }
        counts.add("*Errors* " + report.errorCount());
        out.append(String.join("  ", counts)).append('\n');
        if (!enforce) {
            out.append(Text.DRY_RUN).append('\n');
        }
        if (!top.isEmpty()) {
            out.append("\n*Top lines*\n");
            for (KeyOutcome o : top) {
                String rule = o.decision().governing().or(() -> o.decision().upcoming()).map(f -> f.rule().id())
                        .orElse("");
                out.append("- `").append(o.decision().user().userName()).append("` ")
                        .append(Text.label(o.decision().key())).append(' ').append(rule).append(": ")
                        .append(Text.heading(o.outcome()).toLowerCase(Locale.ROOT)).append(" (").append(Text.factsBesidesState(o))
                        .append(")\n");
            }
            long more = report.outcomes().stream().filter(o -> Text.critical(o) || ORDER.contains(o.outcome())).count()
                    - top.size();
            if (more > 0) {
                out.append("_and ").append(more).append(" more in the digest_\n");
            }
        }
        List<RunError> errors = report.errors();
        if (!errors.isEmpty()) {
            RunError first = errors.get(0);
            out.append("\n*First error* ").append(first.subject()).append(' ')
                    .append(first.operation()).append(": ").append(Text.clip(first.message(), 300)).append('\n');
        }
        return out.toString();
    }

    /** The critical keys first (exposed, the root user's), then the others in {@link #ORDER}. */
    private static List<KeyOutcome> top(RunReport report) {
        List<KeyOutcome> ranked = new ArrayList<>(report.outcomes().stream().filter(Text::critical).toList());
        for (Outcome outcome : ORDER) {
            report.withOutcome(outcome).stream().filter(o -> !Text.critical(o)).forEach(ranked::add);
        }
        return ranked.subList(0, Math.min(TOP_LINES, ranked.size()));
    }

    private List<String> nextSteps(RunReport report) {
        List<String> steps = new ArrayList<>();
        if (report.count(Outcome.DEACTIVATED) > 0) {
            steps.add("A deactivated key still needed: run the undo command under it in the digest"
                    + " (aws iam update-access-key ... --status Active)");
        }
        if (report.count(Outcome.WITHHELD) > 0) {
            steps.add("Withheld keys: check the findings, then raise MAX_ACTION_PERCENT deliberately if they are right");
        }
        if (report.errorCount() > 0) {
            steps.add("Read the digest's Errors section and the function's log");
        }
        if (!report.mode().enforce()) {
            steps.add("Dry-run: no key changes until the SSM parameter " + modeParameterName + " says enforce");
        }
        steps.add("Every key, its reason and its undo command are in the digest sent to the security team");
        return steps;
    }
}
