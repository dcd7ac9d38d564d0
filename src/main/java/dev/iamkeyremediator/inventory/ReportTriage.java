package dev.iamkeyremediator.inventory;

import dev.iamkeyremediator.config.Settings;
import dev.iamkeyremediator.rules.Planner;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides from a credential report row whether a user needs a live read. Pure, and conservative: a user is settled
 * from the report only when every rule is clearly out of reach of every key, with margins for the report's age and
 * the upcoming window; any doubt is a live read. Decisions are never made on report data: settled users have no
 * findings, and every other user is read live before the rules run.
 *
 * <p>The report cannot see changes made after it was generated (up to 4 hours earlier); a user it shows as healthy
 * that changed since is seen by the next run. {@code last_rotated} is when a key was created or last changed, so it
 * bounds the key's CreateDate from above: a key used before its last change is read live. One case stays out of the
 * report's sight: a key reactivated after its creation and used since looks as young as its reactivation, so its
 * KEY_ROTATION_DUE report (never an action) can come up to MAX_KEY_AGE_DAYS late.
 */
public final class ReportTriage {

    /** Clock and rounding slack (the report has second precision). */
    static final Duration SLACK = Duration.ofDays(1);
    /** IAM serves a report at most this old (GenerateCredentialReport regenerates older ones). */
    public static final Duration MAX_REPORT_AGE = Duration.ofHours(4);

    private final Settings settings;

    public ReportTriage(Settings settings) {
        this.settings = settings;
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

    /** Why the user must be read live, or empty when the report settles it. */
    public Optional<String> needsLiveRead(CredentialReport.Row row, Instant now, Instant generatedAt) {
        if (row.keys().isEmpty()) {
            return Optional.empty();
        }
        Duration reportAge = reportAge(generatedAt, now);
        // everything the report shows happened at least reportAge ago; the horizon looks past the upcoming window
        Instant horizon = now.plus(Planner.UPCOMING_WINDOW).plus(SLACK).plus(reportAge);
        long active = row.keys().stream().filter(CredentialReport.KeySlot::active).count();
        if (active >= 2) {
            return Optional.of("two active keys");
        }
        for (CredentialReport.KeySlot key : row.keys()) {
            if (key.lastRotated() == null) {
                return Optional.of("a key without a date");
            }
            if (key.lastUsed() == null) {
                return Optional.of("a key never used");
            }
            if (key.lastUsed().isBefore(key.lastRotated())) {
                return Optional.of("a key changed after its last use (its creation date is unknown)");
            }
            if (!key.active()) {
                return Optional.of("an Inactive key (its backout marker is a tag the report does not show)");
            }
            if (!horizon.isBefore(key.lastUsed().plus(Duration.ofDays(settings.unusedKeyDays())))) {
                return Optional.of("an active key idle near UNUSED_KEY_DAYS");
            }
            if (!horizon.isBefore(key.lastRotated().plus(Duration.ofDays(settings.maxKeyAgeDays())))) {
                return Optional.of("an active key near MAX_KEY_AGE_DAYS");
            }
        }
        return Optional.empty();
    }
}
