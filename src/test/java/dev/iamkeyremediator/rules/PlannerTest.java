package dev.iamkeyremediator.rules;

import static dev.iamkeyremediator.rules.Keys.NOW;
import static dev.iamkeyremediator.rules.Keys.active;
import static dev.iamkeyremediator.rules.Keys.ago;
import static dev.iamkeyremediator.rules.Keys.daysAgo;
import static dev.iamkeyremediator.rules.Keys.inactive;
import static dev.iamkeyremediator.rules.Keys.onDay;
import static dev.iamkeyremediator.rules.Keys.taggedUser;
import static dev.iamkeyremediator.rules.Keys.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iamkeyremediator.config.ConfigurationException;
import dev.iamkeyremediator.config.Settings;
import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.Seal;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.time.Days;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlannerTest {

    private static final Planner PLANNER = Settings.defaults().planner();
    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final LocalDate TODAY = LocalDate.parse("2026-06-15");

    private static KeyDecision decide(User user, String keyId) {
        return decide(PLANNER, user, keyId);
    }

    private static KeyDecision decide(Planner planner, User user, String keyId) {
        return planner.decide(user, NOW).keys().stream().filter(d -> d.key().accessKeyId().equals(keyId)).findFirst()
                .orElseThrow();
    }

    private static String verdict(KeyDecision d) {
        return d.governing().map(f -> f.rule().id() + " " + f.action()).orElse("none");
    }

    private static User marked(String since, AccessKey... keys) {
        return taggedUser(Map.of(BackoutMarkers.tagKey("K"), since), keys);
    }

    /** One user, one key: what each rule decides at and around its threshold (the documented defaults). */
    static Stream<Arguments> singleKeyCases() {
        Instant userCreated = daysAgo(400);
        return Stream.of(
                // UNUSED_KEY: Active, last activity >= 90 UTC calendar days ago
                Arguments.of("used exactly 90 days ago", user(userCreated, false, active("K", daysAgo(300), daysAgo(90))), "UNUSED_KEY DEACTIVATE"),
                Arguments.of("used at 23:59:59 on the day 90 days ago", user(userCreated, false, active("K", daysAgo(300), onDay(90, "23:59:59"))), "UNUSED_KEY DEACTIVATE"),
                Arguments.of("used at 00:00:00 on the day 89 days ago", user(userCreated, false, active("K", daysAgo(300), onDay(89, "00:00:00"))), "KEY_ROTATION_DUE REPORT"),
                Arguments.of("never used, created exactly 90 days ago", user(userCreated, false, active("K", daysAgo(90), null)), "UNUSED_KEY DEACTIVATE"),
                Arguments.of("old key used yesterday is not unused", user(userCreated, false, active("K", daysAgo(399), daysAgo(1))), "KEY_ROTATION_DUE REPORT"),
                Arguments.of("young key used yesterday", user(userCreated, false, active("K", daysAgo(30), daysAgo(1))), "none"),
                // STALE_INACTIVE_KEY: Inactive, marked >= 30 days ago, not used since; never from last use alone
                Arguments.of("inactive, used 200 days ago, no marker", user(userCreated, false, inactive("K", daysAgo(300), daysAgo(200))), "none"),
                Arguments.of("inactive, marked exactly 30 days ago", marked("2026-05-16", inactive("K", daysAgo(300), daysAgo(200))), "STALE_INACTIVE_KEY DELETE"),
                Arguments.of("inactive, marked 29 days ago", marked("2026-05-17", inactive("K", daysAgo(300), daysAgo(200))), "none"),
                Arguments.of("inactive, marked 40 days ago, used after the marker", marked("2026-05-06", inactive("K", daysAgo(300), daysAgo(10))), "none"),
                Arguments.of("inactive, marked 40 days ago, used on the marker's day", marked("2026-05-06", inactive("K", daysAgo(300), onDay(40, "00:00:01"))), "none"),
                Arguments.of("inactive, marked 40 days ago, used the day before", marked("2026-05-06", inactive("K", daysAgo(300), onDay(41, "23:59:59"))), "STALE_INACTIVE_KEY DELETE"),
                Arguments.of("inactive, unreadable marker", marked("last tuesday", inactive("K", daysAgo(300), daysAgo(200))), "none"),
                Arguments.of("active, marked 40 days ago (reactivated)", marked("2026-05-06", active("K", daysAgo(30), daysAgo(20))), "none"),
                // KEY_ROTATION_DUE: Active, created >= 90 calendar days ago, nothing stronger
                Arguments.of("created exactly 90 days ago, used today", user(userCreated, false, active("K", daysAgo(90), NOW)), "KEY_ROTATION_DUE REPORT"),
                Arguments.of("created at 23:59:59 on the day 90 days ago, used today", user(userCreated, false, active("K", onDay(90, "23:59:59"), NOW)), "KEY_ROTATION_DUE REPORT"),
                Arguments.of("created on the day 89 days ago, used today", user(userCreated, false, active("K", onDay(89, "00:00:00"), NOW)), "none"),
                Arguments.of("inactive old key is not due for rotation", user(userCreated, false, inactive("K", daysAgo(200), daysAgo(5))), "none"),
                // unknown usage: created before IAM tracked key use, never seen used since
                Arguments.of("created 2014, no last use: unused, not a setup key", user(Instant.parse("2014-03-01T00:00:00Z"), true, active("K", Instant.parse("2014-03-01T00:05:00Z"), null)), "UNUSED_KEY DEACTIVATE"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("singleKeyCases")
    void singleKey_decisionAtThreshold(String description, User user, String expected) {
        assertThat(verdict(decide(user, "K"))).isEqualTo(expected);
    }

    @Test
    void unknownUsage_isNeverCalledNeverUsed() {
        AccessKey old = active("K", Instant.parse("2014-03-01T00:05:00Z"), null);
        KeyDecision d = decide(user(Instant.parse("2014-03-01T00:00:00Z"), false, old), "K");
        assertThat(d.governing().orElseThrow().reason()).contains("usage unknown").doesNotContain("never used");
    }

    @Nested
    class InitialSetupKey {

        private final Instant userCreated = daysAgo(10);

        @Test
        void setupKey_createdAtWindowEdge_neverUsed_isDeleted() {
            User u = user(userCreated, true, active("K", userCreated.plusSeconds(600), null));
            assertThat(verdict(decide(u, "K"))).isEqualTo("INITIAL_SETUP_KEY DELETE");
        }

        @Test
        void keyCreatedOneSecondPastWindow_isNotASetupKey() {
            User u = user(userCreated, true, active("K", userCreated.plusSeconds(601), null));
            assertThat(decide(u, "K").findings()).isEmpty();
        }

        @Test
        void setupKey_ofUserWithoutConsolePassword_isLeftAlone() {
            User u = user(userCreated, false, active("K", userCreated.plusSeconds(5), null));
            assertThat(decide(u, "K").findings()).isEmpty();
        }

        @Test
        void setupKey_thatWasUsed_isLeftAlone() {
            User u = user(userCreated, true, active("K", userCreated.plusSeconds(5), daysAgo(2)));
            assertThat(decide(u, "K").findings()).isEmpty();
        }

        @Test
        void setupKey_exactlyGraceHoursOld_isDeleted_hoursStayExact() {
            Instant created = ago(Duration.ofHours(24));
            User u = user(created.minusSeconds(30), true, active("K", created, null));
            assertThat(verdict(decide(u, "K"))).isEqualTo("INITIAL_SETUP_KEY DELETE");
        }

        @Test
        void setupKey_youngerThanGrace_isUpcomingNotActedOn() {
            Instant created = ago(Duration.ofHours(24).minus(SECOND));
            User u = user(created.minusSeconds(30), true, active("K", created, null));
            KeyDecision d = decide(u, "K");
            assertThat(d.governing()).isEmpty();
            assertThat(d.upcoming()).hasValueSatisfying(f -> {
                assertThat(f.rule().id()).isEqualTo("INITIAL_SETUP_KEY");
                assertThat(f.dueAt()).isEqualTo(created.plus(Duration.ofHours(24)));
            });
        }

        @Test
        void setupKey_withUnknownUsage_isNeverDeleted() {
            Instant created = Instant.parse("2015-04-21T23:59:00Z");
            User u = user(created.minusSeconds(10), true, inactive("K", created, null));
            KeyDecision d = decide(u, "K");
            assertThat(d.findings()).extracting(f -> f.rule().id()).doesNotContain("INITIAL_SETUP_KEY");
        }

        @Test
        void setupKey_createdOnTrackingStartDay_isKnownNeverUsed() {
            Instant created = AccessKey.USAGE_TRACKING_START;
            User u = user(created.minusSeconds(10), true, active("K", created, null));
            assertThat(verdict(decide(u, "K"))).isEqualTo("INITIAL_SETUP_KEY DELETE");
        }
    }

    @Nested
    class MultipleActiveKeys {

        @Test
        void rotationInProgress_oldKeyStillInUse_newKeyNeverUsed_bothStay() {
            // key A used 8 days ago by a weekly job; key B created 2 hours ago and not yet deployed
            AccessKey a = active("A", daysAgo(60), daysAgo(8));
            AccessKey b = active("B", ago(Duration.ofHours(2)), null);
            for (User u : List.of(user(daysAgo(400), false, a, b), user(daysAgo(400), false, b, a))) {
                assertThat(decide(u, "A").governing()).isEmpty();
                KeyDecision newKey = decide(u, "B");
                assertThat(verdict(newKey)).isEqualTo("MULTIPLE_ACTIVE_KEYS REPORT");
                assertThat(newKey.governing().orElseThrow().reason()).contains("A is kept").contains("rotation in progress");
                // the owner is warned: B goes if it is still unused once idle past the grace
                assertThat(newKey.upcoming()).hasValueSatisfying(f -> {
                    assertThat(f.action()).isEqualTo(Action.DEACTIVATE);
                    assertThat(Days.day(f.dueAt())).isEqualTo(TODAY.plusDays(7));
                });
            }
        }

        @Test
        void neverUsedNewKey_idlePastTheGrace_isDeactivated_theUsedKeyStays() {
            AccessKey a = active("A", daysAgo(60), daysAgo(1));
            AccessKey b = active("B", daysAgo(7), null);
            User u = user(daysAgo(400), false, a, b);
            assertThat(verdict(decide(u, "B"))).isEqualTo("MULTIPLE_ACTIVE_KEYS DEACTIVATE");
            assertThat(decide(u, "A").findings()).isEmpty();
        }

        @Test
        void trafficMoved_oldKeyIdleExactlyGrace_isDeactivated_inBothOrders() {
            AccessKey recent = active("RECENT", daysAgo(30), daysAgo(1));
            AccessKey idle = active("IDLE", daysAgo(60), daysAgo(7));
            for (User u : List.of(user(daysAgo(400), false, recent, idle), user(daysAgo(400), false, idle, recent))) {
                assertThat(verdict(decide(u, "IDLE"))).isEqualTo("MULTIPLE_ACTIVE_KEYS DEACTIVATE");
                assertThat(decide(u, "RECENT").findings()).isEmpty();
            }
        }

        @Test
        void oldKeyIdleSixDays_isReportOnly_andUpcoming() {
            AccessKey recent = active("RECENT", daysAgo(30), daysAgo(1));
            AccessKey idle = active("IDLE", daysAgo(60), onDay(6, "00:00:00"));
            KeyDecision d = decide(user(daysAgo(400), false, recent, idle), "IDLE");
            assertThat(verdict(d)).isEqualTo("MULTIPLE_ACTIVE_KEYS REPORT");
            assertThat(d.upcoming()).map(Finding::action).contains(Action.DEACTIVATE);
        }

        @Test
        void keeperNotUsedSinceTheOthersLastUse_nothingIsDeactivated() {
            // both used at the same instant long ago: no sign that traffic moved, so both stay (UNUSED_KEY aside)
            Instant same = daysAgo(20);
            AccessKey a = active("A", daysAgo(50), same);
            AccessKey b = active("B", daysAgo(40), same);
            User u = user(daysAgo(400), false, a, b);
            assertThat(verdict(decide(u, "A"))).isEqualTo("MULTIPLE_ACTIVE_KEYS REPORT");
            assertThat(decide(u, "A").upcoming()).isEmpty();
            assertThat(decide(u, "B").governing()).isEmpty();
        }

        @Test
        void usedKeyBeatsANewerNeverUsedKey() {
            AccessKey oldButUsed = active("OLD", daysAgo(80), daysAgo(30));
            AccessKey newButIdle = active("NEW", daysAgo(20), null);
            User u = user(daysAgo(400), false, newButIdle, oldButUsed);
            assertThat(verdict(decide(u, "NEW"))).isEqualTo("MULTIPLE_ACTIVE_KEYS DEACTIVATE");
            assertThat(decide(u, "OLD").findings()).isEmpty();
        }

        @Test
        void twoNeverUsedKeys_keepTheNewer() {
            AccessKey older = active("OLDER", daysAgo(50), null);
            AccessKey newer = active("NEWER", daysAgo(20), null);
            User u = user(daysAgo(400), false, older, newer);
            assertThat(verdict(decide(u, "OLDER"))).isEqualTo("MULTIPLE_ACTIVE_KEYS DEACTIVATE");
            assertThat(decide(u, "NEWER").findings()).isEmpty();
        }

        @Test
        void keyAlreadyDeactivatedByUnusedRule_leavesOneActive_soNoMultipleFinding() {
            AccessKey used = active("USED", daysAgo(30), daysAgo(1));
            AccessKey unused = active("UNUSED", daysAgo(200), daysAgo(100));
            User u = user(daysAgo(400), false, used, unused);
            assertThat(decide(u, "UNUSED").findings()).extracting(f -> f.rule().id()).containsExactly("UNUSED_KEY");
            assertThat(decide(u, "USED").findings()).isEmpty();
        }

        @Test
        void activeAndInactiveKey_isNotMultiple() {
            User u = user(daysAgo(400), false, active("A", daysAgo(30), daysAgo(1)), inactive("B", daysAgo(30), daysAgo(20)));
            assertThat(decide(u, "A").findings()).isEmpty();
            assertThat(decide(u, "B").findings()).isEmpty();
        }
    }

    @Nested
    class BackoutWindow {

        @Test
        void inactiveKeyWithoutMarker_isMarkedToday_deletionThirtyDaysLater() {
            UserDecision d = PLANNER.decide(user(daysAgo(400), false, inactive("K", daysAgo(300), daysAgo(200))), NOW);
            assertThat(d.markerChanges()).singleElement().satisfies(c -> {
                assertThat(c.tagKey()).isEqualTo("iam-key-remediator:inactive-since:K");
                assertThat(c.markSince()).contains(TODAY);
            });
            assertThat(d.keys().get(0).backout().deleteOn()).contains(TODAY.plusDays(30));
        }

        @Test
        void markedKey_isUpcomingForDeletion_withinTheLastSevenDays() {
            KeyDecision d = decide(marked("2026-05-23", inactive("K", daysAgo(300), daysAgo(200))), "K");
            assertThat(d.governing()).isEmpty();
            assertThat(d.upcoming()).hasValueSatisfying(f -> {
                assertThat(f.rule().id()).isEqualTo("STALE_INACTIVE_KEY");
                assertThat(Days.day(f.dueAt())).isEqualTo(LocalDate.parse("2026-06-22"));
            });
            assertThat(decide(marked("2026-05-24", inactive("K", daysAgo(300), daysAgo(200))), "K").upcoming()).isEmpty();
        }

        @Test
        void markerInAnyCase_isRead() {
            User u = taggedUser(Map.of("IAM-KEY-REMEDIATOR:INACTIVE-SINCE:k", "2026-05-01"), inactive("K", daysAgo(300), daysAgo(200)));
            assertThat(verdict(decide(u, "K"))).isEqualTo("STALE_INACTIVE_KEY DELETE");
        }

        @Test
        void voidMarkers_areRemovedOrRedated() {
            User reactivated = marked("2026-05-01", active("K", daysAgo(300), daysAgo(2)));
            assertThat(PLANNER.decide(reactivated, NOW).markerChanges()).singleElement()
                    .satisfies(c -> assertThat(c.removes()).isTrue());
            User usedSince = marked("2026-05-01", inactive("K", daysAgo(300), daysAgo(2)));
            assertThat(PLANNER.decide(usedSince, NOW).markerChanges()).singleElement()
                    .satisfies(c -> assertThat(c.markSince()).contains(TODAY));
            User gone = taggedUser(Map.of(BackoutMarkers.tagKey("GONE"), "2026-05-01"), active("K", daysAgo(30), daysAgo(1)));
            assertThat(PLANNER.decide(gone, NOW).markerChanges()).singleElement()
                    .satisfies(c -> assertThat(c.accessKeyId()).isEqualTo("GONE"));
        }

        @Test
        void markerDatedInTheFuture_orBeforeTheKeyWasCreated_isVoid_andTheCountdownRestartsToday() {
            // the key was created 10 days ago and deactivated today; its markers were written by hand
            for (String forged : List.of("2000-01-01", "2099-01-01", TODAY.minusDays(31).toString())) {
                User u = marked(forged, inactive("K", daysAgo(10), daysAgo(5)));
                KeyDecision d = decide(u, "K");
                assertThat(d.governing()).as(forged).isEmpty();
                assertThat(PLANNER.decide(u, NOW).markerChanges()).as(forged).singleElement().satisfies(c -> {
                    assertThat(c.markSince()).contains(TODAY);
                    assertThat(c.reason()).contains("its marker is dated " + forged)
                            .containsAnyOf("in the future", "before the key was created on " + TODAY.minusDays(10));
                });
            }
        }

        @Test
        void markerTheToolDidNotWrite_doesNotCount_whateverItsDate() {
            AccessKey key = inactive("K", daysAgo(300), daysAgo(200));
            String tag = BackoutMarkers.tagKey("K");
            for (Seal seal : List.of(Seal.MISSING, Seal.WRONG)) {
                User u = marked("2026-05-01", key).withSeals(Map.of(tag, seal));
                assertThat(verdict(decide(u, "K"))).as(seal.name()).isEqualTo("none");
                assertThat(PLANNER.decide(u, NOW).markerChanges()).singleElement().satisfies(c -> {
                    assertThat(c.markSince()).contains(TODAY);
                    assertThat(c.reason()).startsWith("its marker does not count: " + seal.why());
                });
            }
            User sealed = taggedUser(Map.of(tag, "2026-05-01 mac:c2VhbA"), key).withSeals(Map.of(tag, Seal.SEALED));
            assertThat(verdict(decide(sealed, "K"))).isEqualTo("STALE_INACTIVE_KEY DELETE");
            assertThat(PLANNER.decide(sealed, NOW).markerChanges()).isEmpty();
        }

        @Test
        void aMarkerWhoseSealCouldNotBeChecked_neitherCountsNorIsReplaced() {
            String tag = BackoutMarkers.tagKey("K");
            User u = marked("2026-05-01", inactive("K", daysAgo(300), daysAgo(200)))
                    .withSeals(Map.of(tag, Seal.UNCHECKED));
            KeyDecision d = decide(u, "K");
            assertThat(verdict(d)).isEqualTo("none");
            assertThat(PLANNER.decide(u, NOW).markerChanges()).isEmpty();
            assertThat(d.backout().blocked()).hasValueSatisfying(why -> assertThat(why)
                    .contains("could not be checked").contains("not deleted on this run"));
        }

        @Test
        void markersOfAUserWithNoKeyLeft_areRemoved() {
            User u = taggedUser(Map.of(BackoutMarkers.tagKey("GONE1"), "2026-05-01", BackoutMarkers.tagKey("GONE2"),
                    "2026-05-02 mac:x"));
            assertThat(PLANNER.decide(u, NOW).markerChanges()).extracting(MarkerChange::accessKeyId)
                    .containsExactlyInAnyOrder("GONE1", "GONE2");
            assertThat(PLANNER.decide(u, NOW).markerChanges()).allSatisfy(c -> assertThat(c.removes()).isTrue());
        }

        @Test
        void exemptUser_needsNoMarker() {
            User u = taggedUser(Map.of(Settings.DEFAULT_EXEMPT_TAG_KEY, "true", BackoutMarkers.tagKey("GONE"), "2026-01-01"),
                    inactive("K", daysAgo(300), daysAgo(200)));
            assertThat(PLANNER.decide(u, NOW).markerChanges()).isEmpty();
        }

        @Test
        void zeroDaysWindow_deletesOnTheRunAfterTheMarker() {
            Planner planner = Settings.fromEnvironment(Map.of("DELETE_AFTER_DAYS", "0")).planner();
            assertThat(verdict(decide(planner, marked("2026-06-14", inactive("K", daysAgo(300), daysAgo(200))), "K")))
                    .isEqualTo("STALE_INACTIVE_KEY DELETE");
            assertThat(verdict(decide(planner, user(daysAgo(400), false, inactive("K", daysAgo(300), daysAgo(200))), "K")))
                    .isEqualTo("none");
        }
    }

    @Nested
    class Precedence {

        @Test
        void neverUsedSetupKeyAlsoUnused_isDeleted_withBothFindings() {
            Instant userCreated = daysAgo(200);
            User u = user(userCreated, true, active("K", userCreated.plusSeconds(60), null));
            KeyDecision d = decide(u, "K");
            assertThat(verdict(d)).isEqualTo("INITIAL_SETUP_KEY DELETE");
            assertThat(d.findings()).extracting(f -> f.rule().id())
                    .containsExactly("INITIAL_SETUP_KEY", "UNUSED_KEY"); // rotation: a rule already acts
        }

        @Test
        void unusedOldKey_isDeactivated_notMerelyReportedForRotation() {
            User u = user(daysAgo(400), false, active("K", daysAgo(300), daysAgo(95)));
            KeyDecision d = decide(u, "K");
            assertThat(verdict(d)).isEqualTo("UNUSED_KEY DEACTIVATE");
            assertThat(d.findings()).extracting(f -> f.rule().id()).containsExactly("UNUSED_KEY");
        }
    }

    @Nested
    class Upcoming {

        @Test
        void keyIdleEightyFiveDays_isUpcomingUnused_dueInFiveDays() {
            AccessKey key = active("K", daysAgo(85), daysAgo(85));
            KeyDecision d = decide(user(daysAgo(400), false, key), "K");
            assertThat(d.governing()).isEmpty();
            assertThat(d.upcoming()).hasValueSatisfying(f -> {
                assertThat(f.rule().id()).isEqualTo("UNUSED_KEY");
                assertThat(Days.day(f.dueAt())).isEqualTo(TODAY.plusDays(5));
            });
        }

        @Test
        void keyIdleEightyTwoDays_isNotUpcomingYet() {
            KeyDecision d = decide(user(daysAgo(400), false, active("K", daysAgo(82), daysAgo(82))), "K");
            assertThat(d.upcoming()).isEmpty();
        }

        @Test
        void rotationDueSoon_isNotUpcoming_becauseItIsReportOnly() {
            KeyDecision d = decide(user(daysAgo(400), false, active("K", daysAgo(88), NOW)), "K");
            assertThat(d.upcoming()).isEmpty();
        }
    }

    @Nested
    class Exemptions {

        private static final String TAG = Settings.DEFAULT_EXEMPT_TAG_KEY;
        private final AccessKey unused = active("K", daysAgo(300), daysAgo(100));

        private KeyDecision decision(String tagKey, String value) {
            return decide(taggedUser(Map.of(tagKey, value), unused), "K");
        }

        private Exemption exemption(String value) {
            return decision(TAG, value).exemption();
        }

        @Test
        void tagTrue_anyCase_exempts() {
            assertThat(exemption("true").exempt()).isTrue();
            assertThat(exemption(" TRUE ").exempt()).isTrue();
        }

        @Test
        void tagKey_matchesInAnyCase_asIamMatchesTagKeys() {
            assertThat(decision("IAM-Key-Remediator:Exempt", "true").exemption().exempt()).isTrue();
        }

        @Test
        void untilTomorrowAndUntilToday_exempt_untilYesterday_doesNot() {
            assertThat(exemption("2026-06-16").exempt()).isTrue();
            assertThat(exemption("2026-06-15").exempt()).isTrue();
            assertThat(exemption("2026-06-14").exempt()).isFalse();
        }

        @Test
        void exemptionEndingWithinSevenDays_isUpcoming_withWhatHappensWhenItEnds() {
            KeyDecision ending = decision(TAG, "2026-06-18");
            assertThat(ending.exemption().exempt()).isTrue();
            assertThat(ending.upcoming()).map(f -> f.rule().id()).contains("UNUSED_KEY");
            assertThat(decision(TAG, "2026-06-21").upcoming()).as("ends on the 22nd, 7 days away").isPresent();
            assertThat(decision(TAG, "2026-06-22").upcoming()).as("ends on the 23rd, 8 days away").isEmpty();
            assertThat(decision(TAG, "true").upcoming()).isEmpty();
        }

        @Test
        void tagFalse_doesNotExempt() {
            assertThat(exemption("false").exempt()).isFalse();
        }

        @Test
        void unrecognisedValue_exemptsAndSaysHowToWriteIt() {
            Exemption e = exemption("yes please");
            assertThat(e.exempt()).isTrue();
            assertThat(e.note()).contains("unrecognised").contains("YYYY-MM-DD");
            assertThat(exemption("2026-02-30").exempt()).isTrue();
        }

        @Test
        void exemptUser_keepsItsFindings() {
            KeyDecision d = decision(TAG, "true");
            assertThat(d.exemption().exempt()).isTrue();
            assertThat(verdict(d)).isEqualTo("UNUSED_KEY DEACTIVATE");
        }

        @Test
        void otherTagKey_doesNotExempt() {
            assertThat(decision("exempt", "true").exemption().exempt()).isFalse();
        }

        @Test
        void exemptTagKeyUnderTheMarkerPrefix_isRefused() {
            assertThatThrownBy(() -> Settings.fromEnvironment(
                    Map.of("EXEMPT_TAG_KEY", "iam-key-remediator:inactive-since:x")))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("EXEMPT_TAG_KEY must not be")
                    .hasMessageContaining("or start with iam-key-remediator:inactive-since:");
            assertThatThrownBy(() -> Settings.fromEnvironment(
                    Map.of("EXEMPT_TAG_KEY", "IAM-Key-Remediator:Quarantined-Since")))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("the tags this tool writes");
        }

        @Test
        void exemptTagKeyEqualToTheOwnerTag_inAnyCase_isRefused_namingBoth() {
            assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("EXEMPT_TAG_KEY", "Owner")))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("EXEMPT_TAG_KEY and OWNER_TAG_KEY are both 'Owner'")
                    .hasMessageContaining("every user with an owner would be exempt");
            assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("EXEMPT_TAG_KEY", "team", "OWNER_TAG_KEY", "TEAM")))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("EXEMPT_TAG_KEY and OWNER_TAG_KEY");
        }

        @ParameterizedTest
        @ValueSource(strings = {"no", "No", "", " ", "false"})
        void noEmptyAndFalse_doNotExempt(String value) {
            assertThat(Exemption.fromTags("iam-key-remediator:exempt", Map.of("iam-key-remediator:exempt", value),
                    LocalDate.parse("2026-12-01")).exempt()).isFalse();
        }
    }

    @Test
    void customThresholds_areHonoured() {
        Settings settings = Settings.fromEnvironment(Map.of("UNUSED_KEY_DAYS", "45", "DELETE_AFTER_DAYS", "10"));
        Planner planner = settings.planner();
        User u = taggedUser(Map.of(BackoutMarkers.tagKey("B"), "2026-06-05"),
                active("A", daysAgo(300), daysAgo(45)), inactive("B", daysAgo(300), daysAgo(45)));
        List<KeyDecision> decisions = planner.decide(u, NOW).keys();
        assertThat(decisions).extracting(PlannerTest::verdict)
                .containsExactly("UNUSED_KEY DEACTIVATE", "STALE_INACTIVE_KEY DELETE");
    }
}
