package dev.iamkeyremediator.render;

import dev.iamkeyremediator.config.Release;
import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.remediation.KeyOutcome;
import dev.iamkeyremediator.remediation.Outcome;
import dev.iamkeyremediator.report.RunReport;
import dev.iamkeyremediator.rules.Finding;
import dev.iamkeyremediator.rules.KeyDecision;
import dev.iamkeyremediator.rules.Planner;
import dev.iamkeyremediator.time.Days;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The words every channel shares, written once: the heading of each outcome, a key's line, the dry-run banner, and
 * SNS's limits (ASCII subjects under 100 characters, bodies in numbered parts). Pure.
 */
public final class Text {

    /** SNS takes a subject of at most 100 ASCII characters. */
    public static final int MAX_SUBJECT_CHARS = 99;

    /** Heads a dry-run digest or notice. */
    public static final String DRY_RUN_BANNER = "Dry-run: nothing was changed. The lines below say what enforce mode"
            + " would do.";

    /** Says a dry-run changed nothing, where there are no lines below (the chat card). */
    static final String DRY_RUN = "Dry-run: nothing was changed.";

    private Text() {
    }

    /** What each outcome's section is called, in the digest and the chat card. */
    public static String heading(Outcome outcome) {
        return switch (outcome) {
            case DELETED -> "Deleted";
            case DEACTIVATED -> "Deactivated";
            case WOULD_DELETE -> "Would delete (dry-run)";
            case WOULD_DEACTIVATE -> "Would deactivate (dry-run)";
            case WITHHELD -> "Withheld: too many keys at once, nothing changed";
            case REPORTED -> "Report only";
            case UPCOMING -> "Upcoming within %d days".formatted(Planner.UPCOMING_WINDOW.toDays());
            case BACKOUT -> "Backout window: Inactive keys and when they may be deleted";
            case EXEMPT -> "Exempt";
            case DEFERRED -> "Deferred past MAX_ACTIONS_PER_RUN";
            case SKIPPED -> "Skipped";
            case NOT_PROCESSED -> "Not processed: the run ran out of time";
            case FAILED -> "Errors";
        };
    }

    /** Heads the lines of critical keys, ahead of every other section on every channel. */
    static final String CRITICAL_HEADING = "EXPOSED or root keys: act now";

    /** Whether the key's line is critical (an exposed key, the root user's key): it comes first everywhere. */
    public static boolean critical(KeyOutcome outcome) {
        return outcome.decision().governing().map(Finding::critical).orElse(false);
    }

    /** Whether the run has an exposed key to tell of: its subject starts with EXPOSED. */
    static boolean exposed(RunReport report) {
        return report.outcomes().stream().anyMatch(o -> o.decision().emergency());
    }

    /** {@code text} in printable ASCII, at most {@code maxChars} long. */
    public static String ascii(String text, int maxChars) {
        String clean = text.replaceAll("[^\\x20-\\x7E]", "?");
        return clean.length() <= maxChars ? clean : clean.substring(0, maxChars);
    }

    /** {@code text}, cut to {@code max} characters with an ellipsis. */
    static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    /**
     * A message in as many SNS messages as its size needs: one, or numbered parts split at line boundaries, each at
     * most {@code maxPartBytes} of UTF-8 with its header.
     */
    public static List<Digest.Part> parts(String subject, String body, int maxPartBytes) {
        List<String> bodies = split(body, maxPartBytes);
        if (bodies.size() == 1) {
            return List.of(new Digest.Part(subject, bodies.get(0)));
        }
        List<Digest.Part> parts = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            String suffix = " (%d/%d)".formatted(i + 1, bodies.size());
            parts.add(new Digest.Part(ascii(subject, MAX_SUBJECT_CHARS - suffix.length()) + suffix,
                    "(part %d of %d)%n%n%s".formatted(i + 1, bodies.size(), bodies.get(i))));
        }
        return parts;
    }

    private static List<String> split(String body, int maxPartBytes) {
        int budget = maxPartBytes - 64;
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int currentBytes = 0;
        for (String line : body.split("(?<=\n)")) {
            int lineBytes = line.getBytes(StandardCharsets.UTF_8).length;
            if (currentBytes + lineBytes > budget && currentBytes > 0) {
                parts.add(current.toString());
                current.setLength(0);
                currentBytes = 0;
            }
            current.append(line);
            currentBytes += lineBytes;
        }
        if (currentBytes > 0 || parts.isEmpty()) {
            parts.add(current.toString());
        }
        return parts;
    }

    /**
     * {@code - user  AKIA...  "description"  now Inactive  RULE  last used 2026-01-02 (s3, us-east-1)  created
     * 2025-01-01  reason  [detail]  {marker}}: the key's state is the one after the run.
     */
    public static String keyLine(KeyOutcome keyOutcome) {
        KeyDecision d = keyOutcome.decision();
        AccessKey key = d.key();
        Finding finding = keyOutcome.outcome() == Outcome.UPCOMING || d.governing().isEmpty()
                ? d.upcoming().or(d::governing).orElse(null)
                : d.governing().get();
        StringBuilder line = new StringBuilder("- ").append(d.user().userName()).append("  ").append(label(key));
        description(d.user(), key).ifPresent(text -> line.append("  ").append(text));
        line.append("  ").append(stateAfter(keyOutcome));
        if (finding != null) {
            line.append("  ").append(finding.rule().id());
        }
        line.append("  ").append(lastUse(key)).append("  created ").append(Days.day(key.createDate()))
                .append(key.identified() ? "" : " at the latest");
        if (keyOutcome.outcome() == Outcome.UPCOMING && finding != null) {
            line.append("  ").append(upcoming(d, finding));
            d.governing().filter(g -> !d.exemption().exempt())
                    .ifPresent(reported -> line.append("; also ").append(reported.rule().id()).append(": ")
                            .append(reported.reason()));
        } else if (finding != null) {
            line.append("  ").append(finding.reason());
        }
        if (keyOutcome.outcome() == Outcome.EXEMPT && !d.findings().isEmpty()) {
            line.append("  would be: ").append(d.findings().stream().map(f -> f.rule().id())
                    .collect(Collectors.joining(", ")));
        }
        if (!keyOutcome.detail().isEmpty() && keyOutcome.outcome() != Outcome.UPCOMING) {
            line.append("  [").append(keyOutcome.detail()).append(']');
        }
        keyOutcome.marker().note().ifPresent(note -> line.append("  {").append(note).append('}'));
        return line.toString();
    }

    /** "deactivate due 2026-11-25 if unused until then", or when an exemption ends, what happens then. */
    private static String upcoming(KeyDecision d, Finding finding) {
        String action = finding.action().name().toLowerCase(Locale.ROOT);
        String condition = finding.rule().upcomingCondition();
        if (d.exemption().exempt()) {
            return "%s; when it ends: %s from %s %s".formatted(d.exemption().note(), action, d.upcomingOn().orElseThrow(),
                    condition);
        }
        return "%s due %s %s".formatted(action, Days.day(finding.dueAt()), condition);
    }

    /**
     * What an owner needs to recognise the key, in a sentence: {@code "CI deploy", now Inactive, last used 2026-01-02
     * (s3, us-east-1), created 2025-01-01}.
     */
    public static String facts(KeyOutcome outcome) {
        List<String> facts = new ArrayList<>();
        description(outcome.decision().user(), outcome.decision().key()).ifPresent(facts::add);
        facts.add(stateAfter(outcome));
        facts.add(history(outcome.decision().key()));
        return String.join(", ", facts);
    }

    /** The same for a line that already says what was done to the key: without its state. */
    static String factsBesidesState(KeyOutcome outcome) {
        return description(outcome.decision().user(), outcome.decision().key()).map(d -> d + ", ").orElse("")
                + history(outcome.decision().key());
    }

    private static String history(AccessKey key) {
        return lastUse(key) + ", created " + Days.day(key.createDate()) + (key.identified() ? "" : " at the latest");
    }

    /**
     * The key's state once the run is over: "now Inactive" or "deleted" for what it did, "gone" for a key deleted
     * by someone else meanwhile, else its state.
     */
    static String stateAfter(KeyOutcome outcome) {
        if (outcome.gone()) {
            return "gone";
        }
        return switch (outcome.outcome()) {
            case DEACTIVATED -> "now Inactive";
            case DELETED -> "deleted";
            default -> outcome.decision().key().active() ? "Active" : "Inactive";
        };
    }

    /**
     * The key's description as the IAM console stores it (a user tag whose key is the access key id), quoted, its
     * control characters removed, clipped to 60 characters; empty when it has none.
     */
    public static Optional<String> description(User user, AccessKey key) {
        if (!key.identified()) {
            return Optional.empty();
        }
        return user.tags().entrySet().stream().filter(t -> t.getKey().equalsIgnoreCase(key.accessKeyId()))
                .map(Map.Entry::getValue).filter(v -> v != null && !printable(v, 60).isEmpty()).findFirst()
                .map(Text::quoted);
    }

    /** The key id, or for a key known only from the credential report its slot, saying so. */
    static String label(AccessKey key) {
        return key.identified() ? key.accessKeyId() : key.accessKeyId() + " (from the credential report)";
    }

    /**
     * "last used 2026-01-02 (s3, eu-west-1)", "never used", or "usage unknown" for a key older than IAM's tracking of
     * use.
     */
    static String lastUse(AccessKey key) {
        if (key.usageUnknown()) {
            return "usage unknown (created before IAM tracked key use)";
        }
        String where = Stream.of(key.lastUsedService(), key.lastUsedRegion()).filter(v -> v != null && !v.isBlank())
                .map(Text::printable).collect(Collectors.joining(", "));
        return key.lastUsed().map(at -> "last used " + Days.day(at) + (where.isEmpty() ? "" : " (" + where + ")"))
                .orElse("never used");
    }

    /** The last lines of every digest: a signature separator, then the release that wrote it. */
    public static String footer() {
        return "\n-- \n" + Release.nameAndVersion() + "\n";
    }

    /** A value from IAM shown in a line: without control characters, clipped to {@code max} characters. */
    public static String printable(String value, int max) {
        // control and format characters (newlines, escapes, bidirectional overrides) could forge or hide lines
        String clean = value.replaceAll("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\s]+", " ").strip();
        if (clean.codePointCount(0, clean.length()) <= max) {
            return clean;
        }
        return clean.substring(0, clean.offsetByCodePoints(0, max - 3)) + "..."; // never half a character
    }

    /** A description as a line shows it: printable, at most 60 characters, in double quotes it cannot close. */
    public static String quoted(String value) {
        return '"' + printable(value, 60).replace('"', '\'') + '"';
    }

    private static String printable(String value) {
        return printable(value, 40);
    }
}
