package dev.iamkeyremediator.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamkeyremediator.config.Settings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportTriageTest {

    private static final Instant NOW = Instant.parse("2026-11-23T06:00:00Z");
    private static final ReportTriage TRIAGE = new ReportTriage(Settings.defaults());

    private static Instant daysAgo(double days) {
        return NOW.minus(Duration.ofMinutes((long) (days * 24 * 60)));
    }

    private static Optional<String> triage(CredentialReport.KeySlot... keys) {
        return triage(NOW, keys);
    }

    private static Optional<String> triage(Instant generatedAt, CredentialReport.KeySlot... keys) {
        CredentialReport.Row row = new CredentialReport.Row("u", daysAgo(500), Optional.of(true), List.of(keys));
        return TRIAGE.needsLiveRead(row, NOW, generatedAt);
    }

    private static CredentialReport.KeySlot active(double rotatedDaysAgo, Double usedDaysAgo) {
        return new CredentialReport.KeySlot(true, daysAgo(rotatedDaysAgo), usedDaysAgo == null ? null : daysAgo(usedDaysAgo));
    }

    private static CredentialReport.KeySlot inactive(double rotatedDaysAgo, Double usedDaysAgo) {
        return new CredentialReport.KeySlot(false, daysAgo(rotatedDaysAgo), usedDaysAgo == null ? null : daysAgo(usedDaysAgo));
    }

    @Test
    void userWithoutKeys_isSettled() {
        assertThat(triage()).isEmpty();
    }

    @Test
    void youngKeyUsedYesterday_isSettled() {
        assertThat(triage(active(30, 1.0))).isEmpty();
    }

    @Test
    void keyNeverUsed_isReadLive() {
        assertThat(triage(active(30, null))).contains("a key never used");
        assertThat(triage(inactive(30, null))).contains("a key never used");
    }

    @Test
    void twoActiveKeys_areReadLive() {
        assertThat(triage(active(30, 1.0), active(20, 1.0))).contains("two active keys");
    }

    @Test
    void activeKeyIdleInsideTheUpcomingWindowAndSlack_isReadLive() {
        // 90 - 7 (upcoming) - 1 (slack) = 82 days idle: read live; 81.9 days: settled (rotation age set apart)
        ReportTriage triage = new ReportTriage(Settings.fromEnvironment(java.util.Map.of("MAX_KEY_AGE_DAYS", "365")));
        CredentialReport.Row idle82 = new CredentialReport.Row("u", daysAgo(500), Optional.of(true), List.of(active(200, 82.0)));
        CredentialReport.Row idle81 = new CredentialReport.Row("u", daysAgo(500), Optional.of(true), List.of(active(200, 81.9)));
        assertThat(triage.needsLiveRead(idle82, NOW, NOW)).contains("an active key idle near UNUSED_KEY_DAYS");
        assertThat(triage.needsLiveRead(idle81, NOW, NOW)).isEmpty();
    }

    @Test
    void shortRow_isMalformed() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CredentialReport.parse(
                (CredentialReportTest.HEADER + "\nerin,arn,2025-01-01T00:00:00+00:00\n").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                NOW)).isInstanceOf(MalformedCredentialReportException.class).hasMessageContaining("the row of 'erin' has no");
    }

    @Test
    void activeKeyNearRotationAge_isReadLive() {
        assertThat(triage(active(82, 1.0))).contains("an active key near MAX_KEY_AGE_DAYS");
        assertThat(triage(active(81.9, 1.0))).isEmpty();
    }

    @Test
    void inactiveKey_isAlwaysReadLive_becauseItsBackoutMarkerIsATag() {
        assertThat(triage(inactive(200, 112.0))).contains("an Inactive key (its backout marker is a tag the report does not show)");
        assertThat(triage(active(30, 1.0), inactive(60, 50.0))).isPresent();
    }

    @Test
    void keyChangedAfterItsLastUse_isReadLive_becauseItsCreationDateIsUnknown() {
        assertThat(triage(active(10, 20.0))).contains("a key changed after its last use (its creation date is unknown)");
    }

    @Test
    void reportAge_isHeldToIamsFourHourBound() {
        assertThat(ReportTriage.reportAge(Instant.parse("2015-02-02T20:02:02Z"), NOW)).isEqualTo(Duration.ofHours(4));
        assertThat(ReportTriage.reportAge(NOW.minusSeconds(60), NOW)).isEqualTo(Duration.ofMinutes(1));
        assertThat(ReportTriage.reportAge(NOW.plusSeconds(60), NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    void anOldReport_widensTheMargins() {
        Instant fourHoursAgo = NOW.minus(Duration.ofHours(4));
        assertThat(triage(fourHoursAgo, active(60, 81.9))).isPresent();
    }
}
