package dev.iamkeyremediator.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.CredentialReport;
import dev.iamkeyremediator.inventory.Source;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.rules.Finding;
import dev.iamkeyremediator.rules.KeyDecision;
import dev.iamkeyremediator.rules.Planner;
import dev.iamkeyremediator.time.Days;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules run on a credential report alone, with no AWS call: the offline audit of an account (the CIS 1.11 audit
 * procedure reads the same file). Pure.
 */
public final class Audit {

    /** Said once, at the top: what the report cannot tell, and so what the audit cannot see. */
    public static final String LIMITS = "A credential report has no tags, no key ids and no keys created after it: "
            + "exemptions and backout markers are unknown (no user is taken as exempt, no Inactive key as marked, so "
            + "STALE_INACTIVE_KEY cannot apply), keys are named by slot, and a key's creation is its last_rotated (its "
            + "creation or last change) or its last use, whichever is earlier.";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One key with something to say.
     *
     * @param action   delete, deactivate, report, or mark (an Inactive key: enforce mode would start its countdown)
     * @param upcoming whether the action is due within the upcoming window rather than now
     * @param due      when the action is (or was) due
     */
    public record Line(String user, String key, String status, String rule, String action, boolean upcoming,
            String due, String lastUsed, String createdAtTheLatest, String reason) {
    }

    /**
     * @param asOf    the day the rules were evaluated at
     * @param skipped users not evaluated, with why (a key the report gives no date for)
     */
    public record Result(LocalDate asOf, int users, int keys, List<Line> lines, List<String> skipped) {

        public long count(String action, boolean upcoming) {
            return lines.stream().filter(l -> l.action().equals(action) && l.upcoming() == upcoming).count();
        }

        /** Whether enforce mode would delete or deactivate a key now: a pipeline gates on it. */
        public boolean wouldAct() {
            return count("delete", false) + count("deactivate", false) > 0;
        }
    }

    private Audit() {
    }

    public static Result of(CredentialReport report, Planner planner, Instant asOf) {
        List<Line> lines = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int keys = 0;
        List<CredentialReport.Row> rows = new ArrayList<>(report.root().stream().toList());
        rows.addAll(report.rows().values().stream().sorted(Comparator.comparing(CredentialReport.Row::user)).toList());
        for (CredentialReport.Row row : rows) {
            keys += row.keys().size();
            if (row.keys().stream().anyMatch(k -> k.lastRotated() == null)) {
                skipped.add(row.user() + ": a key the report gives no last_rotated date for");
                continue;
            }
            User user = row.asUser(Map.of(), Set.of(), Source.report(asOf));
            for (KeyDecision d : planner.decide(user, asOf).keys()) {
                line(d, planner).ifPresent(lines::add);
            }
        }
        return new Result(Days.day(asOf), report.rows().size(), keys, lines, skipped);
    }

    private static Optional<Line> line(KeyDecision d, Planner planner) {
        AccessKey key = d.key();
        String lastUsed = key.usageUnknown() ? "unknown" : key.lastUsed().map(at -> Days.day(at).toString()).orElse("never");
        String created = Days.day(key.createDate()).toString();
        String status = key.active() ? "Active" : "Inactive";
        Optional<Finding> governing = d.governing();
        if (governing.isPresent()) {
            Finding f = governing.get();
            return Optional.of(new Line(d.user().userName(), key.accessKeyId(), status, f.rule().id(),
                    f.action().name().toLowerCase(Locale.ROOT), false, Days.day(f.dueAt()).toString(), lastUsed, created,
                    f.reason()));
        }
        if (d.upcoming().isPresent()) {
            Finding f = d.upcoming().get();
            return Optional.of(new Line(d.user().userName(), key.accessKeyId(), status, f.rule().id(),
                    f.action().name().toLowerCase(Locale.ROOT), true, Days.day(f.dueAt()).toString(), lastUsed, created,
                    "due within %d days %s".formatted(Planner.UPCOMING_WINDOW.toDays(), f.rule().upcomingCondition())));
        }
        if (!key.active() && planner.backout().judges(d.user())) {
            return Optional.of(new Line(d.user().userName(), key.accessKeyId(), status, planner.backout().id(), "mark",
                    false, d.backout().since().map(LocalDate::toString).orElse(""), lastUsed, created,
                    "Inactive: enforce mode would mark it and delete it %s at the earliest, if not marked already"
                            .formatted(d.backout().deleteOn().map(LocalDate::toString).orElse("later"))));
        }
        return Optional.empty();
    }

    /** A table for people, the limits on top and the counts at the end. */
    public static String table(Result r) {
        StringBuilder out = new StringBuilder();
        out.append("iam-key-remediator audit of a credential report, as of %s: %d users, %d keys%n"
                .formatted(r.asOf(), r.users(), r.keys()));
        out.append(LIMITS).append(System.lineSeparator()).append(System.lineSeparator());
        String format = "%-24s %-6s %-8s %-20s %-19s %-10s %-10s %-10s %s%n";
        out.append(format.formatted("USER", "KEY", "STATUS", "RULE", "ACTION", "DUE", "LAST USED", "CREATED BY", "WHY"));
        for (Line l : r.lines()) {
            out.append(format.formatted(l.user(), l.key().replace("key ", "#"), l.status(), l.rule(),
                    (l.upcoming() ? "upcoming " : "") + l.action(), l.due(), l.lastUsed(),
                    l.createdAtTheLatest(), l.reason()));
        }
        if (r.lines().isEmpty()) {
            out.append("(no key with anything to report)").append(System.lineSeparator());
        }
        for (String user : r.skipped()) {
            out.append("not evaluated: ").append(user).append(System.lineSeparator());
        }
        out.append(System.lineSeparator()).append("Enforce mode would delete %d and deactivate %d keys; %d reported, %d upcoming, %d Inactive to mark.%n"
                .formatted(r.count("delete", false), r.count("deactivate", false), r.count("report", false),
                        r.lines().stream().filter(Line::upcoming).count(), r.count("mark", false)));
        return out.toString();
    }

    /** The same as JSON, for pipelines. */
    public static String json(Result r) {
        try {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("asOf", r.asOf().toString());
            out.put("users", r.users());
            out.put("keys", r.keys());
            out.put("limits", LIMITS);
            out.put("wouldAct", r.wouldAct());
            out.put("lines", r.lines());
            out.put("skipped", r.skipped());
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
