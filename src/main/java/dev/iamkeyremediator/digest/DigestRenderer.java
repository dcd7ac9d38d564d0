package dev.iamkeyremediator.digest;

import dev.iamkeyremediator.report.RunReport;
import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.InventoryError;
import dev.iamkeyremediator.remediation.KeyOutcome;
import dev.iamkeyremediator.remediation.Outcome;
import dev.iamkeyremediator.rules.Finding;
import dev.iamkeyremediator.remediation.MarkerOutcome;
import dev.iamkeyremediator.rules.Days;
import dev.iamkeyremediator.rules.KeyDecision;
import dev.iamkeyremediator.rules.Planner;
import dev.iamkeyremediator.rules.RuleId;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Renders a run report as the digest people read: warnings first, then one section per outcome, each line naming
 * the user, the key, the rule, last use and creation. Pure.
 */
public final class DigestRenderer {

    /** SNS accepts 262,144 bytes; each part stays well under it to leave room for the envelope. */
    public static final int MAX_PART_BYTES = 240 * 1024;
    static final int MAX_SUBJECT_CHARS = 99;

    private final int maxPartBytes;

    public DigestRenderer() {
        this(MAX_PART_BYTES);
    }

    DigestRenderer(int maxPartBytes) {
        this.maxPartBytes = maxPartBytes;
    }

    /**
     * Who was told about their keys besides the security team.
     *
     * @param ownerTagKey  the user tag naming owners
     * @param told         per owner, how many keys its notice listed
     * @param notDelivered the owners whose notice could not be published (the Errors say why)
     * @param unowned      per user with something to tell but no owner tag, how many keys
     * @param loggedOnly   whether the notices went to the log only (no TOPIC_ARN): nobody was told
     */
    public record Owners(String ownerTagKey, Map<String, Integer> told, Set<String> notDelivered,
            Map<String, Integer> unowned, boolean loggedOnly) {

        public static final Owners NONE = new Owners("owner", Map.of(), Set.of(), Map.of(), false);

        public Owners {
            told = new TreeMap<>(told);
            notDelivered = Set.copyOf(notDelivered);
            unowned = new TreeMap<>(unowned);
        }
    }

    public Digest render(RunReport report) {
        return render(report, Owners.NONE);
    }

    public Digest render(RunReport report, Owners owners) {
        String subject = subject(report);
        List<String> bodies = split(body(report, owners));
        List<Digest.Part> parts = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            String partSubject = bodies.size() == 1 ? subject : numbered(subject, i + 1, bodies.size());
            String partBody = bodies.size() == 1 ? bodies.get(i)
                    : "(part %d of %d)%n%n%s".formatted(i + 1, bodies.size(), bodies.get(i));
            parts.add(new Digest.Part(partSubject, partBody));
        }
        return new Digest(parts);
    }

    /**
     * Under 100 ASCII characters: the mode, the account and the counts that matter (deleted, deactivated, reported,
     * errors, and when not zero withheld, deferred and upcoming); the sender (the topic's display name) says which
     * tool it is. Counts in the thousands switch to short words so that every count still fits.
     */
    static String subject(RunReport report) {
        boolean enforce = report.mode().enforce();
        String head = "%s %s: ".formatted(enforce ? "ENFORCE" : "DRY-RUN", report.accountId());
        long deleted = report.count(enforce ? Outcome.DELETED : Outcome.WOULD_DELETE);
        long deactivated = report.count(enforce ? Outcome.DEACTIVATED : Outcome.WOULD_DEACTIVATE);
        List<String> full = new ArrayList<>(List.of(
                enforce ? deleted + " deleted" : "would delete " + deleted,
                enforce ? deactivated + " deactivated" : "would deactivate " + deactivated,
                report.count(Outcome.REPORTED) + " reported", report.errorCount() + " errors"));
        List<String> brief = new ArrayList<>(List.of((enforce ? "del " : "would del ") + deleted,
                (enforce ? "deact " : "deact ") + deactivated, "rep " + report.count(Outcome.REPORTED),
                "err " + report.errorCount()));
        for (Outcome optional : List.of(Outcome.WITHHELD, Outcome.DEFERRED, Outcome.UPCOMING)) {
            long n = report.count(optional);
            if (n > 0) {
                full.add(n + " " + optional.name().toLowerCase(Locale.ROOT));
                brief.add(optional.name().toLowerCase(Locale.ROOT).substring(0, 4) + " " + n);
            }
        }
        String subject = head + String.join(", ", full);
        if (subject.length() > MAX_SUBJECT_CHARS) {
            subject = head + String.join(", ", brief); // only for counts in the thousands
        }
        return ascii(subject, MAX_SUBJECT_CHARS);
    }

    static String numbered(String subject, int part, int of) {
        String suffix = " (%d/%d)".formatted(part, of);
        return ascii(subject, MAX_SUBJECT_CHARS - suffix.length()) + suffix;
    }

    static String ascii(String text, int maxChars) {
        String clean = text.replaceAll("[^\\x20-\\x7E]", "?");
        return clean.length() <= maxChars ? clean : clean.substring(0, maxChars);
    }

    String body(RunReport report) {
        return body(report, Owners.NONE);
    }

    String body(RunReport report, Owners owners) {
        StringBuilder out = new StringBuilder();
        boolean enforce = report.mode().enforce();
        out.append("iam-key-remediator run of ").append(report.startedAt()).append('\n');
        out.append("Account: ").append(report.accountId()).append('\n');
        out.append("Mode: ").append(report.mode().mode().parameterValue()).append(" (")
                .append(report.mode().warning().isPresent() ? "fallback: see the warning below" : report.mode().reason())
                .append(")\n");
        out.append("Inventory: ").append(report.usersEvaluated()).append(" users, ").append(report.keysEvaluated())
                .append(" keys, ").append(report.inventoryStrategy()).append('\n');
        for (String warning : allWarnings(report)) {
            out.append("\n!! WARNING: ").append(warning).append('\n');
        }
        if (!enforce) {
            out.append("\nDry-run: nothing was changed. Lines below say what enforce mode would do.\n");
        }
        for (Outcome outcome : Outcome.values()) {
            if (outcome == Outcome.FAILED) {
                continue;
            }
            List<KeyOutcome> section = report.withOutcome(outcome);
            if (section.isEmpty()) {
                continue;
            }
            out.append("\n== ").append(heading(outcome)).append(" (").append(section.size()).append(") ==\n");
            for (KeyOutcome keyOutcome : section) {
                out.append(line(keyOutcome)).append('\n');
                if (outcome == Outcome.DEACTIVATED) {
                    out.append("    undo: ").append(keyOutcome.undoCommand()).append('\n');
                }
            }
        }
        long errorCount = report.errorCount();
        if (errorCount > 0) {
            out.append("\n== ").append(Outcome.FAILED.heading()).append(" (").append(errorCount).append(") ==\n");
            for (InventoryError error : report.errors()) {
                out.append("- ").append(error.userName() == null ? "(account)" : error.userName()).append("  ")
                        .append(error.operation()).append(": ").append(error.message()).append('\n');
            }
            for (KeyOutcome failed : report.withOutcome(Outcome.FAILED)) {
                out.append(line(failed)).append('\n');
            }
        }
        if (report.outcomes().isEmpty() && errorCount == 0) {
            out.append("\nNo findings: every key is within policy.\n");
        }
        owners(out, owners);
        Set<RuleId> rules = new TreeSet<>();
        for (KeyOutcome o : report.outcomes()) {
            o.decision().findings().forEach(f -> rules.add(f.rule()));
            o.decision().upcoming().ifPresent(f -> rules.add(f.rule()));
        }
        if (!rules.isEmpty()) {
            out.append("\n== Rules ==\n");
            rules.forEach(rule -> out.append("- ").append(rule.name()).append(": ").append(rule.standards()).append('\n'));
        }
        return out.toString();
    }

    /** The owners told, and the users nobody but the security team hears about. */
    private static void owners(StringBuilder out, Owners owners) {
        if (!owners.told().isEmpty()) {
            out.append("\n== Owner notices (").append(owners.told().size()).append(")")
                    .append(owners.loggedOnly() ? ", written to the log only: TOPIC_ARN is not set" : "").append(" ==\n");
            owners.told().forEach((owner, keys) -> out.append("- ").append(owner).append(": ").append(keys)
                    .append(keys == 1 ? " key" : " keys")
                    .append(owners.notDelivered().contains(owner) ? " (not delivered: see Errors)" : "").append('\n'));
        }
        if (!owners.unowned().isEmpty()) {
            out.append("\n== No owner: users without the tag ").append(owners.ownerTagKey()).append(", nobody else was told (")
                    .append(owners.unowned().size()).append(") ==\n");
            owners.unowned().forEach((user, keys) -> out.append("- ").append(user).append(": ").append(keys)
                    .append(keys == 1 ? " key" : " keys").append('\n'));
            out.append("Tag each with its owner (a team or an address) so that the owner hears first: aws iam tag-user"
                    + " --user-name NAME --tags Key=").append(KeyOutcome.shellQuote(owners.ownerTagKey()))
                    .append(",Value=OWNER\n");
        }
    }

    private static List<String> allWarnings(RunReport report) {
        List<String> warnings = new ArrayList<>();
        report.mode().warning().ifPresent(warnings::add);
        warnings.addAll(report.warnings());
        long withheld = report.count(Outcome.WITHHELD);
        if (withheld > 0) {
            warnings.add(("%d keys would be acted on, more than MAX_ACTION_PERCENT allows: none was changed. "
                    + "Check the findings; raise MAX_ACTION_PERCENT deliberately if they are right.").formatted(withheld));
        }
        return warnings;
    }

    private static String heading(Outcome outcome) {
        return outcome == Outcome.UPCOMING
                ? "%s within %d days".formatted(outcome.heading(), Planner.UPCOMING_WINDOW.toDays())
                : outcome.heading();
    }

    /** {@code - user  AKIA...  Active  RULE  last used 2026-01-02 (s3)  created 2025-01-01  reason  [detail]  {marker}}. */
    static String line(KeyOutcome keyOutcome) {
        KeyDecision d = keyOutcome.decision();
        AccessKey key = d.key();
        Finding finding = keyOutcome.outcome() == Outcome.UPCOMING || d.governing().isEmpty()
                ? d.upcoming().or(d::governing).orElse(null)
                : d.governing().get();
        StringBuilder line = new StringBuilder("- ").append(d.user().userName()).append("  ").append(label(key))
                .append("  ").append(key.active() ? "Active" : "Inactive");
        if (finding != null) {
            line.append("  ").append(finding.rule().name());
        }
        line.append("  ").append(lastUse(key)).append("  created ").append(Days.day(key.createDate()))
                .append(key.identified() ? "" : " at the latest");
        if (keyOutcome.outcome() == Outcome.UPCOMING && finding != null) {
            line.append("  ").append(upcoming(d, finding));
            d.governing().filter(g -> !d.exemption().exempt())
                    .ifPresent(reported -> line.append("; also ").append(reported.rule().name()).append(": ")
                            .append(reported.reason()));
        } else if (finding != null) {
            line.append("  ").append(finding.reason());
        }
        if (keyOutcome.outcome() == Outcome.EXEMPT && !d.findings().isEmpty()) {
            line.append("  would be: ").append(d.findings().stream().map(f -> f.rule().name())
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
        String condition = finding.rule() == RuleId.STALE_INACTIVE_KEY ? "if still Inactive and unused"
                : "if unused until then";
        if (d.exemption().exempt()) {
            LocalDate ends = d.exemption().endsOn().orElseThrow();
            LocalDate due = Days.day(finding.dueAt()).isAfter(ends) ? Days.day(finding.dueAt()) : ends;
            return "%s; when it ends: %s from %s %s".formatted(d.exemption().note(), action, due, condition);
        }
        return "%s due %s %s".formatted(action, Days.day(finding.dueAt()), condition);
    }

    /** The key id, or for a key known only from the credential report its slot, saying so. */
    static String label(AccessKey key) {
        return key.identified() ? key.accessKeyId() : key.accessKeyId() + " (from the credential report)";
    }

    /** "last used 2026-01-02 (s3)", "never used", or "usage unknown" for a key older than IAM's tracking of use. */
    private static String lastUse(AccessKey key) {
        if (key.usageUnknown()) {
            return "usage unknown (created before IAM tracked key use)";
        }
        return key.lastUsed().map(at -> "last used " + Days.day(at) + (key.lastUsedService() == null
                || key.lastUsedService().isBlank() ? "" : " (" + key.lastUsedService() + ")")).orElse("never used");
    }

    /** Splits the body at line boundaries into parts of at most {@code maxPartBytes} of UTF-8 with room for its header. */
    List<String> split(String body) {
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
}
