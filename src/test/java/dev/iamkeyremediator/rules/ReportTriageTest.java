package dev.iamkeyremediator.rules;

import static dev.iamkeyremediator.rules.Keys.NOW;
import static dev.iamkeyremediator.rules.Keys.daysAgo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iamkeyremediator.config.Settings;
import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.CredentialReport.KeySlot;
import dev.iamkeyremediator.inventory.CredentialReport;
import dev.iamkeyremediator.inventory.KeyStatus;
import dev.iamkeyremediator.inventory.User;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ReportTriageTest {

    private static final Planner PLANNER = Settings.defaults().planner();
    private static final ReportTriage TRIAGE = new ReportTriage(PLANNER);
    private static final Instant USER_CREATED = daysAgo(500);

    private static KeySlot active(int slot, long createdDaysAgo, Long usedDaysAgo) {
        return new KeySlot(slot, true, daysAgo(createdDaysAgo), usedDaysAgo == null ? null : daysAgo(usedDaysAgo), "s3");
    }

    private static ReportTriage.Verdict triage(KeySlot... keys) {
        return triage(true, keys);
    }

    private static ReportTriage.Verdict triage(boolean password, KeySlot... keys) {
        CredentialReport.Row row = new CredentialReport.Row("u", USER_CREATED, Optional.of(password), List.of(keys));
        return TRIAGE.triage(row, USER_CREATED, Map.of(), Set.of(), NOW, NOW);
    }

    /** The same user as a live read would see it, key ids aside. */
    private static User live(boolean password, KeySlot... slots) {
        List<AccessKey> keys = new ArrayList<>();
        for (KeySlot s : slots) {
            keys.add(new AccessKey("K" + s.slot(), "u", s.active() ? KeyStatus.ACTIVE : KeyStatus.INACTIVE,
                    s.lastRotated(), s.lastUsed(), s.lastUsedService()));
        }
        return new User("u", "arn", USER_CREATED, password, Map.of(), keys);
    }

    @Test
    void userWithoutKeys_needsNothing() {
        assertThat(triage().need()).isEqualTo(ReportTriage.Need.NOTHING);
    }

    @Test
    void youngKeyUsedYesterday_needsNothing() {
        assertThat(triage(active(1, 30, 1L)).need()).isEqualTo(ReportTriage.Need.NOTHING);
    }

    @Test
    void userCreatedAgainUnderTheSameName_isReadLive() {
        CredentialReport.Row row = new CredentialReport.Row("u", USER_CREATED, Optional.of(false), List.of(active(1, 30, 1L)));
        ReportTriage.Verdict v = TRIAGE.triage(row, USER_CREATED.plusSeconds(3600), Map.of(), Set.of(), NOW, NOW);
        assertThat(v.need()).isEqualTo(ReportTriage.Need.LIVE);
        assertThat(v.reason()).contains("created again");
    }

    @Test
    void sameCreation_toTheSecond_isTheSameUser() {
        CredentialReport.Row row = new CredentialReport.Row("u", USER_CREATED, Optional.of(false), List.of(active(1, 30, 1L)));
        assertThat(TRIAGE.triage(row, USER_CREATED.plusMillis(250), Map.of(), Set.of(), NOW, NOW).need())
                .isEqualTo(ReportTriage.Need.NOTHING);
    }

    @Test
    void rotationDue_isTakenFromTheReport_keyNamedBySlot() {
        ReportTriage.Verdict v = triage(active(1, 200, 1L));
        assertThat(v.need()).isEqualTo(ReportTriage.Need.REPORT);
        User user = v.fromReport().orElseThrow();
        assertThat(user.source().live()).isFalse();
        assertThat(user.accessKeys()).singleElement().satisfies(k -> {
            assertThat(k.accessKeyId()).isEqualTo("key 1");
            assertThat(k.identified()).isFalse();
        });
        assertThat(PLANNER.decide(user, NOW).keys().get(0).governing()).map(f -> f.rule().id()).contains("KEY_ROTATION_DUE");
    }

    @Test
    void keyUnusedWithinTheUpcomingWindow_isTakenFromTheReport() {
        ReportTriage.Verdict v = triage(active(1, 85, 85L));
        assertThat(v.need()).isEqualTo(ReportTriage.Need.REPORT);
        assertThat(PLANNER.decide(v.fromReport().orElseThrow(), NOW).keys().get(0).upcoming()).isPresent();
    }

    @Test
    void anExemptUser_isNotReadLive_forAWriteItWillNotGet_andIsListedExempt() {
        CredentialReport.Row row = new CredentialReport.Row("u", USER_CREATED, Optional.of(false), List.of(active(1, 200, 95L)));
        ReportTriage.Verdict v = TRIAGE.triage(row, USER_CREATED, Map.of("IAM-KEY-REMEDIATOR:EXEMPT", "true"), Set.of(), NOW, NOW);
        assertThat(v.need()).isEqualTo(ReportTriage.Need.REPORT);
        assertThat(PLANNER.decide(v.fromReport().orElseThrow(), NOW).exemption().exempt()).isTrue();
    }

    @Test
    void aUserWithABackoutMarker_isReadLive_evenWithItsKeyInUse() {
        // deactivated by this tool, then reactivated and used: the marker is void and must go, which needs key ids
        CredentialReport.Row row = new CredentialReport.Row("u", USER_CREATED, Optional.of(false), List.of(active(1, 30, 0L)));
        ReportTriage.Verdict v = TRIAGE.triage(row, USER_CREATED,
                Map.of(BackoutMarkers.tagKey("AKIAEXAMPLE"), "2026-06-01"), Set.of(), NOW, NOW);
        assertThat(v.need()).isEqualTo(ReportTriage.Need.LIVE);
    }

    @Test
    void keyDueTomorrow_isReadLive_theReportMayBeHoursOld() {
        ReportTriage.Verdict v = triage(active(1, 89, 89L));
        assertThat(v.need()).isEqualTo(ReportTriage.Need.LIVE);
        assertThat(v.reason()).startsWith("UNUSED_KEY could deactivate key 1 by");
    }

    @Test
    void rotationInProgress_bothKeysInUse_isTakenFromTheReport() {
        ReportTriage.Verdict v = triage(active(1, 300, 1L), active(2, 20, 0L));
        assertThat(v.need()).isEqualTo(ReportTriage.Need.REPORT); // key 1 goes in 6 days if unused: upcoming
    }

    @Test
    void twoKeysUsedWithinTheSameSecond_areReadLive_theReportCannotTellWhichCameLast() {
        KeySlot a = new KeySlot(1, true, daysAgo(300), daysAgo(11), "s3");
        KeySlot b = new KeySlot(2, true, daysAgo(30), daysAgo(11).plusMillis(400), "s3");
        assertThat(triage(a, b).need()).isEqualTo(ReportTriage.Need.LIVE);
    }

    @Test
    void theOtherKeyIdlePastTheGrace_isReadLive() {
        ReportTriage.Verdict v = triage(active(1, 300, 10L), active(2, 20, 0L));
        assertThat(v.need()).isEqualTo(ReportTriage.Need.LIVE);
        assertThat(v.reason()).startsWith("MULTIPLE_ACTIVE_KEYS could deactivate key 1");
    }

    @Test
    void aKeyUsedBeforeItsLastChange_isCreatedAtTheLatestAtItsLastUse() {
        // changed (reactivated) 10 days ago, last used 95 days ago: unused, whatever its creation: read live
        assertThat(triage(active(1, 10, 95L)).need()).isEqualTo(ReportTriage.Need.LIVE);
        // changed 10 days ago, used 30 days ago: created 30 days ago at the latest, so no rotation can be proved
        assertThat(triage(active(1, 10, 30L)).need()).isEqualTo(ReportTriage.Need.NOTHING);
    }

    @Test
    void anOldReport_widensTheMargin() {
        CredentialReport.Row row = new CredentialReport.Row("u", USER_CREATED, Optional.of(false),
                List.of(active(1, 89, 88L)));
        Instant fourHoursAgo = NOW.minus(Duration.ofHours(4));
        assertThat(TRIAGE.triage(row, USER_CREATED, Map.of(), Set.of(), NOW, NOW).need()).isNotEqualTo(ReportTriage.Need.LIVE);
        assertThat(TRIAGE.triage(row, USER_CREATED, Map.of(), Set.of(), NOW.plus(Duration.ofHours(13)), fourHoursAgo).need())
                .isEqualTo(ReportTriage.Need.LIVE);
    }

    @Test
    void reportAge_isHeldToIamsFourHourBound() {
        assertThat(ReportTriage.reportAge(Instant.parse("2015-02-02T20:02:02Z"), NOW)).isEqualTo(Duration.ofHours(4));
        assertThat(ReportTriage.reportAge(NOW.minusSeconds(60), NOW)).isEqualTo(Duration.ofMinutes(1));
        assertThat(ReportTriage.reportAge(NOW.plusSeconds(60), NOW)).isEqualTo(Duration.ZERO);
    }

    /**
     * Every rule has an answer in the triage: a row on which the rule acts (or reports) when read live is read live
     * (or reported from the report). A rule added without a case here fails.
     */
    static Stream<String> everyRuleId() {
        return PLANNER.rules().stream().map(Rule::id);
    }

    @ParameterizedTest
    @MethodSource("everyRuleId")
    void everyRule_hasATriageAnswer(String rule) {
        if (rule.equals(ExposedKeyRule.ID)) {
            // a quarantined user: which keys predate the quarantine is a matter of key ids, so it is read live
            KeySlot used = active(1, 10, 1L);
            Set<String> quarantine = Set.of("AWSCompromisedKeyQuarantineV2");
            CredentialReport.Row row = new CredentialReport.Row("u", USER_CREATED, Optional.of(true), List.of(used));
            assertThat(TRIAGE.triage(row, USER_CREATED, Map.of(), quarantine, NOW, NOW).need())
                    .isEqualTo(ReportTriage.Need.LIVE);
            User live = new User("u", "arn", USER_CREATED, true, Map.of(), live(true, used).accessKeys(),
                    dev.iamkeyremediator.inventory.Source.live(NOW), quarantine);
            assertThat(PLANNER.decide(live, NOW).keys().get(0).governing()).map(f -> f.rule().id()).contains(rule);
            return;
        }
        if (rule.equals(RootAccessKeyRule.ID)) {
            // the root user is no IAM user: never read live, its row judged by its own rule alone, from the report
            CredentialReport.Row row = new CredentialReport.Row(User.ROOT, USER_CREATED, Optional.empty(),
                    List.of(active(1, 400, 200L)));
            User root = row.asUser(Map.of(), Set.of(), dev.iamkeyremediator.inventory.Source.report(NOW));
            assertThat(PLANNER.decide(root, NOW).keys().get(0).findings()).extracting(f -> f.rule().id())
                    .containsExactly(rule);
            return;
        }
        boolean password = rule.equals(InitialSetupKeyRule.ID);
        KeySlot[] keys = switch (rule) {
            case InitialSetupKeyRule.ID -> new KeySlot[] {new KeySlot(1, true, USER_CREATED.plusSeconds(5), null, null)};
            case StaleInactiveKeyRule.ID -> new KeySlot[] {new KeySlot(1, false, daysAgo(60), daysAgo(100), "s3")};
            case UnusedKeyRule.ID -> new KeySlot[] {active(1, 200, 95L)};
            case MultipleActiveKeysRule.ID -> new KeySlot[] {active(1, 60, 20L), active(2, 30, 1L)};
            case KeyRotationDueRule.ID -> new KeySlot[] {active(1, 200, 1L)};
            default -> throw new AssertionError("a rule without a triage case here: " + rule);
        };
        ReportTriage.Verdict verdict = triage(password, keys);
        User live = live(password, keys);
        if (rule.equals(StaleInactiveKeyRule.ID)) {
            // the rule needs the marker, a tag: live, the user is marked; thirty days later, deleted
            assertThat(PLANNER.decide(live, NOW).markerChanges()).isNotEmpty();
        } else {
            assertThat(PLANNER.decide(live, NOW).keys()).anySatisfy(d ->
                    assertThat(d.findings()).extracting(f -> f.rule().id()).contains(rule));
        }
        ReportTriage.Need expected = rule.equals(KeyRotationDueRule.ID) ? ReportTriage.Need.REPORT : ReportTriage.Need.LIVE;
        assertThat(verdict.need()).as(verdict.reason()).isEqualTo(expected);
    }
}
