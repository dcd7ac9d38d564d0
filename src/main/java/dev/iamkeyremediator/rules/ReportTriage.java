package dev.iamkeyremediator.rules;

import dev.iamkeyremediator.inventory.CredentialReport;
import dev.iamkeyremediator.inventory.Source;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.time.Days;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides from a user's credential report row and its tags whether the user must be read live. It holds no threshold
 * of its own: it builds the user as the report and its tags show it and asks the rules. A user any rule could write
 * to (deactivate, delete, or mark) by the time the report's data can be trusted is read live, and that read decides;
 * the other users' report-only findings (rotation due, rotation in progress, upcoming warnings) are taken from the
 * report, their keys named by slot. Every write is decided on live data: a user the report shows healthy that
 * changed since is seen by the next run.
 *
 * <p>What the report cannot say sends a user live: a key without a date, a key never used (its creation date is not in
 * the report), two keys used within the same second (the report's precision), a user created again under the same
 * name, and whatever a rule says the report cannot tell it ({@link Rule#whyReadLive}: an Inactive key or a backout
 * marker, whose fate is a matter of key ids).
 */
public final class ReportTriage {

    /** IAM serves a report at most this old (GenerateCredentialReport regenerates older ones). */
    public static final Duration MAX_REPORT_AGE = Duration.ofHours(4);
    /** Clock skew and the report's second precision. */
    static final Duration SLACK = Duration.ofDays(1);

    /** How much of the user the run reads. */
    public enum Need {
        /** Nothing to say: no key, or no rule applies now or within the upcoming window. */
        NOTHING,
        /** Report-only findings (upcoming warnings included), taken from the report. */
        REPORT,
        /** A rule could write to the user: it is read live, and that read decides. */
        LIVE
    }

    /**
     * @param need       how much to read
     * @param reason     why, for the log
     * @param fromReport for {@link Need#REPORT}: the user as the report and its tags show it
     * @param namesKeys  for {@link Need#REPORT}: a line says what will happen (an action upcoming, an exemption
     *                   ending), so it must name its key by id
     */
    public record Verdict(Need need, String reason, Optional<User> fromReport, boolean namesKeys) {

        static Verdict of(Need need, String reason) {
            return new Verdict(need, reason, Optional.empty(), false);
        }
    }

    private final Planner planner;
    private final boolean findingsFromReport;

    public ReportTriage(Planner planner) {
        this(planner, true);
    }

    /**
     * @param findingsFromReport false when every finding needs its key's id (Security Hub names findings by key):
     *                           then a user with any finding is read live
     */
    public ReportTriage(Planner planner, boolean findingsFromReport) {
        this.planner = planner;
        this.findingsFromReport = findingsFromReport;
    }

    /** Whether a user with these tags is exempt on {@code today}. */
    public boolean exempt(Map<String, String> tags, LocalDate today) {
        return planner.exempt(tags, today);
    }

    /**
     * IAM regenerates a report older than four hours before serving it, so four hours bounds how stale it can be; a
     * generation time claiming more (emulators send a fixed date) is held to that bound.
     */
    public static Duration reportAge(Instant generatedAt, Instant now) {
        Duration age = Duration.between(generatedAt, now);
        if (age.isNegative()) {
            return Duration.ZERO;
        }
        return age.compareTo(MAX_REPORT_AGE) > 0 ? MAX_REPORT_AGE : age;
    }

    /**
     * @param listedCreatedAt the user's creation, from the listing: a report row of another creation is another user
     * @param tags            the user's tags, from the listing
     * @param policies        the user's policy names, from the listing
     */
    public Verdict triage(CredentialReport.Row row, Instant listedCreatedAt, Map<String, String> tags,
            Set<String> policies, Instant now, Instant generatedAt) {
        if (!row.userCreationTime().truncatedTo(ChronoUnit.SECONDS).equals(listedCreatedAt.truncatedTo(ChronoUnit.SECONDS))) {
            return Verdict.of(Need.LIVE, "created again since the report");
        }
        for (CredentialReport.KeySlot slot : row.keys()) {
            if (slot.lastRotated() == null) {
                return Verdict.of(Need.LIVE, "key %d has no date in the report".formatted(slot.slot()));
            }
        }
        User user = row.asUser(tags, policies, Source.report(generatedAt));
        Optional<String> ruleNeedsLive = planner.whyReadLive(user);
        if (ruleNeedsLive.isPresent()) {
            return Verdict.of(Need.LIVE, ruleNeedsLive.get());
        }
        if (row.keys().isEmpty()) {
            return Verdict.of(Need.NOTHING, "no access key");
        }
        for (CredentialReport.KeySlot slot : row.keys()) {
            if (slot.lastUsed() == null) {
                return Verdict.of(Need.LIVE, "key %d was never used: the report does not give its creation date"
                        .formatted(slot.slot()));
            }
        }
        if (row.keys().size() == 2 && Duration.between(row.keys().get(0).lastUsed(), row.keys().get(1).lastUsed()).abs()
                .compareTo(Duration.ofSeconds(1)) <= 0) {
            return Verdict.of(Need.LIVE, "both keys used within the same second: the report cannot tell which came last");
        }
        // what the report shows happened at least reportAge ago: by the horizon, its data may say what IAM says now
        Instant horizon = now.plus(reportAge(generatedAt, now)).plus(SLACK);
        Optional<KeyDecision> write = planner.decide(user, horizon).keys().stream()
                .filter(d -> d.wantsChange() && !d.heldByExemption()).findFirst();
        if (write.isPresent()) {
            Finding f = write.get().governing().orElseThrow();
            return Verdict.of(Need.LIVE, "%s could %s %s by %s".formatted(f.rule().id(), f.action().name().toLowerCase(
                    java.util.Locale.ROOT), write.get().key().accessKeyId(), Days.day(horizon)));
        }
        UserDecision decided = planner.decide(user, now);
        if (decided.keys().stream().anyMatch(KeyDecision::hasNews)) {
            return findingsFromReport ? new Verdict(Need.REPORT, "report-only findings", Optional.of(user),
                    decided.keys().stream().anyMatch(d -> d.upcoming().isPresent()))
                    : Verdict.of(Need.LIVE, "findings, which Security Hub names by key id");
        }
        return Verdict.of(Need.NOTHING, "no rule applies");
    }
}
