package dev.iamkeyremediator.render;

import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.remediation.KeyOutcome;
import dev.iamkeyremediator.remediation.MarkerOutcome;
import dev.iamkeyremediator.remediation.Outcome;
import dev.iamkeyremediator.report.RunReport;
import dev.iamkeyremediator.time.Days;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The notices to the owners of keys: for each value of the owner tag, one message with only that owner's keys that
 * something happened to, will happen to, or was held back from (in dry-run, would happen to), what and when, the
 * undo command and how to be exempted. Pure.
 */
public final class OwnerNotices {

    /** What an owner hears about: done (or in dry-run would be), upcoming, withheld, deferred. */
    static final Set<Outcome> TOLD = EnumSet.of(Outcome.DELETED, Outcome.DEACTIVATED, Outcome.WOULD_DELETE,
            Outcome.WOULD_DEACTIVATE, Outcome.WITHHELD, Outcome.DEFERRED, Outcome.UPCOMING);

    /** An upcoming action reaches its owner this many days before it is due, and on no day between. */
    static final Set<Integer> DAYS_BEFORE = Set.of(7, 1);

    /**
     * Whether the owner hears about the key this run: an outcome of {@link #TOLD}, or an Inactive key marked this run
     * (or in dry-run, that would be), whose deletion date is news. A marker already in place is not: the owner heard
     * on the day it was written, and hears again when the deletion is upcoming. An upcoming action is told 7 days
     * before it is due and again 1 day before, computed from its due date (no state is kept); the days between bring
     * nothing new, and the digest still lists it every day.
     */
    static boolean told(KeyOutcome outcome, LocalDate today) {
        if (outcome.outcome() == Outcome.BACKOUT) {
            MarkerOutcome.Kind kind = outcome.marker().kind();
            return kind == MarkerOutcome.Kind.MARKED || kind == MarkerOutcome.Kind.WOULD_MARK;
        }
        if (outcome.outcome() == Outcome.UPCOMING) {
            return outcome.decision().upcomingOn()
                    .map(due -> DAYS_BEFORE.contains((int) ChronoUnit.DAYS.between(today, due))).orElse(false);
        }
        return TOLD.contains(outcome.outcome());
    }

    private final String ownerTagKey;
    private final String exemptTagKey;
    private final int maxPartBytes;

    public OwnerNotices(String ownerTagKey, String exemptTagKey) {
        this(ownerTagKey, exemptTagKey, DigestRenderer.MAX_PART_BYTES);
    }

    OwnerNotices(String ownerTagKey, String exemptTagKey, int maxPartBytes) {
        this.ownerTagKey = ownerTagKey;
        this.exemptTagKey = exemptTagKey;
        this.maxPartBytes = maxPartBytes;
    }

    /**
     * One owner's message.
     *
     * @param owner the owner tag's value, as the SNS message attribute {@code owner} carries it
     * @param parts the message, in numbered parts when it is over SNS's size limit
     * @param keys  how many of the owner's keys it lists
     */
    public record Notice(String owner, List<Digest.Part> parts, int keys) {
        public Notice {
            parts = List.copyOf(parts);
        }
    }

    /**
     * The run's notices, and the users with something to tell but no owner.
     *
     * @param notices  one per owner, ordered by owner
     * @param unowned  per user without the owner tag, how many of its keys have something to tell
     */
    public record Notices(List<Notice> notices, Map<String, Integer> unowned) {
        public Notices {
            notices = List.copyOf(notices);
            unowned = Map.copyOf(unowned);
        }
    }

    /** The owner the user's tags name: the owner tag's value, its key matched in any case; blank means none. */
    public static Optional<String> owner(User user, String ownerTagKey) {
        for (Map.Entry<String, String> tag : user.tags().entrySet()) {
            if (tag.getKey().equalsIgnoreCase(ownerTagKey) && tag.getValue() != null && !tag.getValue().isBlank()) {
                return Optional.of(tag.getValue().trim());
            }
        }
        return Optional.empty();
    }

    public Notices render(RunReport report) {
        Map<String, List<KeyOutcome>> byOwner = new TreeMap<>();
        Map<String, Integer> unowned = new TreeMap<>();
        LocalDate today = Days.day(report.startedAt());
        for (KeyOutcome outcome : report.outcomes()) {
            if (!told(outcome, today)) {
                continue;
            }
            User user = outcome.decision().user();
            Optional<String> owner = owner(user, ownerTagKey);
            if (owner.isPresent()) {
                byOwner.computeIfAbsent(owner.get(), o -> new ArrayList<>()).add(outcome);
            } else {
                unowned.merge(user.userName(), 1, Integer::sum);
            }
        }
        List<Notice> notices = new ArrayList<>();
        byOwner.forEach((owner, outcomes) -> notices.add(notice(report, owner, outcomes)));
        return new Notices(notices, unowned);
    }

    private Notice notice(RunReport report, String owner, List<KeyOutcome> outcomes) {
        return new Notice(owner, Text.parts(subject(report, outcomes), body(report, owner, outcomes), maxPartBytes),
                outcomes.size());
    }

    /** "DRY-RUN 123456789012: your IAM access keys: would deactivate 1, 2 upcoming". */
    static String subject(RunReport report, List<KeyOutcome> outcomes) {
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class); // in the digest's order
        outcomes.forEach(o -> counts.merge(o.outcome(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((outcome, n) -> parts.add(switch (outcome) {
            case WOULD_DELETE -> "would delete " + n;
            case WOULD_DEACTIVATE -> "would deactivate " + n;
            case BACKOUT -> n + " awaiting deletion";
            default -> n + " " + outcome.name().toLowerCase(Locale.ROOT);
        }));
        String head = (outcomes.stream().anyMatch(o -> o.decision().emergency()) ? "EXPOSED " : "")
                + (report.mode().enforce() ? "" : "DRY-RUN ") + report.account() + ": your IAM access keys: ";
        return Text.ascii(head + String.join(", ", parts), Text.MAX_SUBJECT_CHARS);
    }

    String body(RunReport report, String owner, List<KeyOutcome> outcomes) {
        boolean enforce = report.mode().enforce();
        StringBuilder out = new StringBuilder();
        out.append("Access keys of IAM users whose tag ").append(ownerTagKey).append(" names ").append(owner)
                .append(", in account ").append(report.account()).append('\n');
        out.append("From the iam-key-remediator run of ").append(report.startedAt()).append(".\n");
        if (!enforce) {
            out.append('\n').append(Text.DRY_RUN_BANNER).append('\n');
        }
        Set<String> users = new TreeSet<>();
        outcomes.forEach(o -> users.add(o.decision().user().userName()));
        List<KeyOutcome> exposed = outcomes.stream().filter(Text::critical).toList();
        if (!exposed.isEmpty()) {
            out.append("\n== ").append(Text.CRITICAL_HEADING).append(" (").append(exposed.size()).append(") ==\n");
            out.append(EXPOSED).append('\n');
            exposed.forEach(o -> out.append(Text.keyLine(o)).append("  => ").append(heading(o.outcome())).append('\n'));
        }
        for (Outcome outcome : Outcome.values()) {
            List<KeyOutcome> section = outcomes.stream()
                    .filter(o -> o.outcome() == outcome && !Text.critical(o)).toList();
            if (section.isEmpty()) {
                continue;
            }
            out.append("\n== ").append(heading(outcome)).append(" (").append(section.size()).append(") ==\n");
            out.append(explanation(outcome)).append('\n');
            for (KeyOutcome o : section) {
                out.append(Text.keyLine(o)).append('\n');
                if (outcome == Outcome.DEACTIVATED) {
                    out.append("    still needed? make it Active again: ").append(o.undoCommand()).append('\n');
                }
            }
        }
        String exampleUser = KeyOutcome.shellQuote(users.iterator().next());
        out.append("\n== What you can do ==\n");
        out.append("- A key you still need: use it before its date (any signed AWS call counts as use)")
                .append(outcomes.stream().anyMatch(o -> o.outcome() == Outcome.DEACTIVATED)
                        ? "; a deactivated key\n  can be made Active again with the command under it, and is then judged"
                                + " on its use again.\n"
                        : ".\n");
        out.append("- A key you no longer need: delete it yourself, e.g. aws iam delete-access-key --user-name ")
                .append(exampleUser).append(" --access-key-id KEY_ID\n");
        out.append("- To keep a user's keys out of this for a while, ask your security team for an exemption: the user tag ")
                .append(exemptTagKey).append(" = an end date YYYY-MM-DD (or true), e.g.\n  aws iam tag-user --user-name ")
                .append(exampleUser).append(" --tags Key=").append(KeyOutcome.shellQuote(exemptTagKey))
                .append(",Value=YYYY-MM-DD\n");
        out.append("- You get this notice because the users' tag ").append(ownerTagKey).append(" is ").append(owner)
                .append("; the security team gets the whole digest.\n");
        return out.toString();
    }

    /** What an owner of an exposed key must do. */
    static final String EXPOSED = "AWS found these keys public or compromised and quarantined their users: they are"
            + " (or in dry-run, would be) deactivated at once, whatever any exemption says. Create a new key, move its"
            + " callers to it, check CloudTrail for what the exposed key did, then detach the quarantine policy.";

    private static String heading(Outcome outcome) {
        return switch (outcome) {
            case DELETED -> "Deleted by this run";
            case DEACTIVATED -> "Deactivated by this run";
            case UPCOMING -> "Coming up (you hear of each 7 days and 1 day before it is due)";
            case BACKOUT -> "Inactive keys and their deletion date";
            default -> Text.heading(outcome);
        };
    }

    private static String explanation(Outcome outcome) {
        return switch (outcome) {
            case DELETED -> "A deleted key cannot be restored: create a new key if one is still needed.";
            case DEACTIVATED -> "Calls signed with these keys now fail. Each is deleted on the date shown if it stays"
                    + " Inactive and unused.";
            case WOULD_DELETE -> "Enforce mode would delete these keys.";
            case WOULD_DEACTIVATE -> "Enforce mode would deactivate these keys.";
            case WITHHELD -> "More of the account's keys would change at once than the security team allows, so none"
                    + " was changed; the security team reviews them.";
            case DEFERRED -> "Past this run's limit of actions: a later run acts on them.";
            case UPCOMING -> "Nothing has happened yet: each line says what happens, and when, unless the key is used.";
            case BACKOUT -> "Inactive keys: each is deleted on the date shown if it stays Inactive and unused.";
            default -> "";
        };
    }
}
