package dev.iamkeyremediator.render;

import dev.iamkeyremediator.errors.RunError;
import dev.iamkeyremediator.remediation.KeyOutcome;
import dev.iamkeyremediator.remediation.Outcome;
import dev.iamkeyremediator.report.LeftoverTag;
import dev.iamkeyremediator.report.RunReport;
import dev.iamkeyremediator.rules.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Renders a run report as the digest people read: warnings first, then one section per outcome, each line naming
 * the user, the key, the rule, last use and creation. Pure.
 */
public final class DigestRenderer {

    /** SNS accepts 262,144 bytes; each part stays well under it to leave room for the envelope. */
    public static final int MAX_PART_BYTES = 240 * 1024;

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
        return new Digest(Text.parts(subject(report), body(report, owners), maxPartBytes));
    }

    /**
     * Under 100 ASCII characters: the mode, the account and the counts that matter (deleted, deactivated, reported,
     * errors, and when not zero withheld, deferred and upcoming); the sender (the topic's display name) says which
     * tool it is. Counts in the thousands switch to short words so that every count still fits.
     */
    static String subject(RunReport report) {
        boolean enforce = report.mode().enforce();
        String head = "%s%s %s: ".formatted(Text.exposed(report) ? "EXPOSED " : "", enforce ? "ENFORCE" : "DRY-RUN",
                report.account());
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
        if (subject.length() > Text.MAX_SUBJECT_CHARS) {
            subject = head + String.join(", ", brief); // only for counts in the thousands
        }
        return Text.ascii(subject, Text.MAX_SUBJECT_CHARS);
    }

    String body(RunReport report, Owners owners) {
        StringBuilder out = new StringBuilder();
        header(out, report);
        sections(out, report);
        leftoverTags(out, report);
        errors(out, report);
        if (report.outcomes().isEmpty() && report.errorCount() == 0 && report.leftoverTags().isEmpty()) {
            out.append("\nNo findings: every key is within policy.\n");
        }
        owners(out, owners);
        rules(out, report);
        out.append(Text.footer());
        return out.toString();
    }

    /** When, which account, which mode and why, the inventory, and every warning. */
    private static void header(StringBuilder out, RunReport report) {
        out.append("iam-key-remediator run of ").append(report.startedAt()).append('\n');
        out.append("Account: ").append(report.account()).append('\n');
        out.append("Mode: ").append(report.mode().mode().parameterValue()).append(" (")
                .append(report.mode().warning().isPresent() ? "fallback: see the warning below" : report.mode().reason())
                .append(")\n");
        out.append("Inventory: ").append(report.usersEvaluated()).append(" users, ").append(report.keysEvaluated())
                .append(" keys, ").append(report.inventoryStrategy()).append('\n');
        for (String warning : allWarnings(report)) {
            out.append("\n!! WARNING: ").append(warning).append('\n');
        }
        if (!report.mode().enforce()) {
            out.append('\n').append(Text.DRY_RUN_BANNER).append('\n');
        }
    }

    /**
     * The critical keys first (exposed, the root user's), whatever their outcome; then one section per outcome, in
     * the digest's order; each deactivated key with its undo command.
     */
    private static void sections(StringBuilder out, RunReport report) {
        List<KeyOutcome> critical = report.outcomes().stream().filter(Text::critical).toList();
        if (!critical.isEmpty()) {
            out.append("\n== ").append(Text.CRITICAL_HEADING).append(" (").append(critical.size()).append(") ==\n");
            critical.forEach(o -> line(out, o));
        }
        for (Outcome outcome : Outcome.values()) {
            List<KeyOutcome> section = report.withOutcome(outcome).stream().filter(o -> !Text.critical(o)).toList();
            if (outcome == Outcome.FAILED || section.isEmpty()) {
                continue;
            }
            out.append("\n== ").append(Text.heading(outcome)).append(" (").append(section.size()).append(") ==\n");
            section.forEach(o -> line(out, o));
        }
    }

    /** A key's line, its outcome named when it is listed among the critical ones, and its undo command. */
    private static void line(StringBuilder out, KeyOutcome o) {
        out.append(Text.keyLine(o));
        if (Text.critical(o)) {
            out.append("  => ").append(Text.heading(o.outcome()));
        }
        out.append('\n');
        if (o.outcome() == Outcome.DEACTIVATED) {
            out.append(o.decision().emergency() ? "    rotate it; undo only if AWS's finding is wrong: " : "    undo: ")
                    .append(o.undoCommand()).append('\n');
        }
    }

    /**
     * Description tags of keys that no longer exist, each with the command that frees its slot (the role may not):
     * a user's 50 tags are also where its backout markers go.
     */
    private static void leftoverTags(StringBuilder out, RunReport report) {
        if (report.leftoverTags().isEmpty()) {
            return;
        }
        out.append("\n== Description tags of keys that no longer exist (").append(report.leftoverTags().size())
                .append(") ==\n");
        for (LeftoverTag tag : report.leftoverTags()) {
            out.append("- ").append(tag.userName()).append("  ").append(tag.tagKey()).append("  ")
                    .append(Text.quoted(tag.value())).append("  free its tag slot: ").append(tag.untagCommand())
                    .append('\n');
        }
    }

    /** The run's errors, then the keys whose action failed. */
    private static void errors(StringBuilder out, RunReport report) {
        long errorCount = report.errorCount();
        if (errorCount == 0) {
            return;
        }
        out.append("\n== ").append(Text.heading(Outcome.FAILED)).append(" (").append(errorCount).append(") ==\n");
        for (RunError error : report.errors()) {
            out.append("- ").append(error.subject()).append("  ").append(error.operation()).append(": ")
                    .append(error.message()).append('\n');
        }
        for (KeyOutcome failed : report.withOutcome(Outcome.FAILED)) {
            out.append(Text.keyLine(failed)).append('\n');
        }
    }

    /** The rules the digest's lines name, with the standards each implements. */
    private static void rules(StringBuilder out, RunReport report) {
        Map<String, Rule> rules = new TreeMap<>();
        for (KeyOutcome o : report.outcomes()) {
            o.decision().findings().forEach(f -> rules.put(f.rule().id(), f.rule()));
            o.decision().upcoming().ifPresent(f -> rules.put(f.rule().id(), f.rule()));
        }
        if (!rules.isEmpty()) {
            out.append("\n== Rules ==\n");
            rules.values().forEach(rule -> out.append("- ").append(rule.id()).append(": ").append(rule.standards())
                    .append('\n'));
        }
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


}
