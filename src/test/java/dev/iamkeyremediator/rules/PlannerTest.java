package dev.iamkeyremediator.rules;

import static dev.iamkeyremediator.rules.Keys.NOW;
import static dev.iamkeyremediator.rules.Keys.active;
import static dev.iamkeyremediator.rules.Keys.ago;
import static dev.iamkeyremediator.rules.Keys.daysAgo;
import static dev.iamkeyremediator.rules.Keys.inactive;
import static dev.iamkeyremediator.rules.Keys.taggedUser;
import static dev.iamkeyremediator.rules.Keys.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iamkeyremediator.config.Settings;
import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.User;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlannerTest {

    private static final Planner PLANNER = Planner.fromSettings(Settings.defaults());
    private static final Duration SECOND = Duration.ofSeconds(1);

    private static KeyDecision decide(User user, String keyId) {
        return PLANNER.decide(user, NOW).stream().filter(d -> d.key().accessKeyId().equals(keyId)).findFirst()
                .orElseThrow();
    }

    private static String verdict(KeyDecision d) {
        return d.governing().map(f -> f.rule() + " " + f.action()).orElse("none");
    }

    /** One user, one key: what each rule decides at and around its threshold (defaults of DESIGN.md). */
    static Stream<Arguments> singleKeyCases() {
        Instant userCreated = daysAgo(400);
        return Stream.of(
                // UNUSED_KEY: Active, last activity >= 90 days
                Arguments.of("used exactly 90 days ago", user(userCreated, false, active("K", daysAgo(300), daysAgo(90))), "UNUSED_KEY DEACTIVATE"),
                Arguments.of("used 90 days less a second ago", user(userCreated, false, active("K", daysAgo(300), ago(Duration.ofDays(90).minus(SECOND)))), "KEY_ROTATION_DUE REPORT"),
                Arguments.of("never used, created exactly 90 days ago", user(userCreated, false, active("K", daysAgo(90), null)), "UNUSED_KEY DEACTIVATE"),
                Arguments.of("old key used yesterday is not unused", user(userCreated, false, active("K", daysAgo(399), daysAgo(1))), "KEY_ROTATION_DUE REPORT"),
                Arguments.of("young key used yesterday", user(userCreated, false, active("K", daysAgo(30), daysAgo(1))), "none"),
                // STALE_INACTIVE_KEY: Inactive, last activity >= 90 + 30 days
                Arguments.of("inactive, used exactly 120 days ago", user(userCreated, false, inactive("K", daysAgo(300), daysAgo(120))), "STALE_INACTIVE_KEY DELETE"),
                Arguments.of("inactive, used 120 days less a second ago", user(userCreated, false, inactive("K", daysAgo(300), ago(Duration.ofDays(120).minus(SECOND)))), "none"),
                Arguments.of("inactive, never used, created 121 days ago", user(userCreated, false, inactive("K", daysAgo(121), null)), "STALE_INACTIVE_KEY DELETE"),
                // KEY_ROTATION_DUE: Active, created >= 90 days, nothing stronger
                Arguments.of("created exactly 90 days ago, used today", user(userCreated, false, active("K", daysAgo(90), NOW)), "KEY_ROTATION_DUE REPORT"),
                Arguments.of("created 90 days less a second ago, used today", user(userCreated, false, active("K", ago(Duration.ofDays(90).minus(SECOND)), NOW)), "none"),
                Arguments.of("inactive old key is not due for rotation", user(userCreated, false, inactive("K", daysAgo(200), daysAgo(5))), "none"),
                // unknown usage: created before IAM tracked key use, never seen used since
                Arguments.of("created 2014, no last use: unused, not a setup key", user(Instant.parse("2014-03-01T00:00:00Z"), true, active("K", Instant.parse("2014-03-01T00:05:00Z"), null)), "UNUSED_KEY DEACTIVATE"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("singleKeyCases")
    void singleKey_decisionAtThreshold(String description, User user, String expected) {
        assertThat(verdict(decide(user, "K"))).isEqualTo(expected);
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
        void setupKey_exactlyGraceHoursOld_isDeleted() {
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
                assertThat(f.rule()).isEqualTo(RuleId.INITIAL_SETUP_KEY);
                assertThat(f.dueAt()).isEqualTo(created.plus(Duration.ofHours(24)));
            });
        }

        @Test
        void setupKey_withUnknownUsage_isNeverDeleted() {
            Instant created = Instant.parse("2015-04-21T23:59:00Z");
            User u = user(created.minusSeconds(10), true, inactive("K", created, null));
            KeyDecision d = decide(u, "K");
            assertThat(d.findings()).extracting(Finding::rule).doesNotContain(RuleId.INITIAL_SETUP_KEY);
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
        void otherKeyIdleExactlyGrace_isDeactivated_inBothOrders() {
            AccessKey recent = active("RECENT", daysAgo(30), daysAgo(1));
            AccessKey idle = active("IDLE", daysAgo(60), daysAgo(7));
            for (User u : List.of(user(daysAgo(400), false, recent, idle), user(daysAgo(400), false, idle, recent))) {
                assertThat(verdict(decide(u, "IDLE"))).isEqualTo("MULTIPLE_ACTIVE_KEYS DEACTIVATE");
                assertThat(decide(u, "RECENT").findings()).isEmpty();
            }
        }

        @Test
        void bothUsedWithinGrace_isReportOnly_inBothOrders() {
            AccessKey a = active("A", daysAgo(30), daysAgo(1));
            AccessKey b = active("B", daysAgo(3), ago(Duration.ofDays(7).minus(SECOND)));
            for (User u : List.of(user(daysAgo(400), false, a, b), user(daysAgo(400), false, b, a))) {
                assertThat(verdict(decide(u, "B"))).isEqualTo("MULTIPLE_ACTIVE_KEYS REPORT");
                assertThat(decide(u, "A").governing()).isEmpty();
            }
        }

        @Test
        void keptKey_isTheMostRecentlyActive_evenWhenOlder() {
            AccessKey oldButBusy = active("OLD", daysAgo(80), daysAgo(0));
            AccessKey newButIdle = active("NEW", daysAgo(20), null);
            User u = user(daysAgo(400), false, newButIdle, oldButBusy);
            assertThat(verdict(decide(u, "NEW"))).isEqualTo("MULTIPLE_ACTIVE_KEYS DEACTIVATE");
            assertThat(decide(u, "OLD").findings()).isEmpty();
        }

        @Test
        void keyAlreadyDeactivatedByUnusedRule_leavesOneActive_soNoMultipleFinding() {
            AccessKey used = active("USED", daysAgo(30), daysAgo(1));
            AccessKey unused = active("UNUSED", daysAgo(200), daysAgo(100));
            User u = user(daysAgo(400), false, used, unused);
            assertThat(decide(u, "UNUSED").findings()).extracting(Finding::rule).containsExactly(RuleId.UNUSED_KEY);
            assertThat(decide(u, "USED").findings()).isEmpty();
        }

        @Test
        void equalActivity_keepsTheNewerKey() {
            Instant sameDay = daysAgo(10);
            AccessKey older = active("OLDER", daysAgo(50), sameDay);
            AccessKey newer = active("NEWER", daysAgo(20), sameDay);
            User u = user(daysAgo(400), false, older, newer);
            assertThat(verdict(decide(u, "OLDER"))).isEqualTo("MULTIPLE_ACTIVE_KEYS DEACTIVATE");
        }

        @Test
        void activeAndInactiveKey_isNotMultiple() {
            User u = user(daysAgo(400), false, active("A", daysAgo(30), daysAgo(1)), inactive("B", daysAgo(30), daysAgo(20)));
            assertThat(decide(u, "A").findings()).isEmpty();
            assertThat(decide(u, "B").findings()).isEmpty();
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
            assertThat(d.findings()).extracting(Finding::rule)
                    .containsExactly(RuleId.INITIAL_SETUP_KEY, RuleId.UNUSED_KEY); // rotation: a rule already acts
        }

        @Test
        void unusedOldKey_isDeactivated_notMerelyReportedForRotation() {
            User u = user(daysAgo(400), false, active("K", daysAgo(300), daysAgo(95)));
            KeyDecision d = decide(u, "K");
            assertThat(verdict(d)).isEqualTo("UNUSED_KEY DEACTIVATE");
            assertThat(d.findings()).extracting(Finding::rule).containsExactly(RuleId.UNUSED_KEY);
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
                assertThat(f.rule()).isEqualTo(RuleId.UNUSED_KEY);
                assertThat(f.dueAt()).isEqualTo(daysAgo(85).plus(Duration.ofDays(90)));
            });
        }

        @Test
        void keyIdleEightyTwoDays_isNotUpcomingYet() {
            KeyDecision d = decide(user(daysAgo(400), false, active("K", daysAgo(82), daysAgo(82))), "K");
            assertThat(d.upcoming()).isEmpty();
        }

        @Test
        void deactivatedKeyAboutToBeDeleted_isUpcomingStale() {
            KeyDecision d = decide(user(daysAgo(400), false, inactive("K", daysAgo(300), daysAgo(115))), "K");
            assertThat(d.upcoming()).map(Finding::rule).contains(RuleId.STALE_INACTIVE_KEY);
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

        private Exemption exemption(String value) {
            return decide(taggedUser(Map.of(TAG, value), unused), "K").exemption();
        }

        @Test
        void tagTrue_anyCase_exempts() {
            assertThat(exemption("true").exempt()).isTrue();
            assertThat(exemption(" TRUE ").exempt()).isTrue();
        }

        @Test
        void untilTomorrowAndUntilToday_exempt_untilYesterday_doesNot() {
            assertThat(exemption("2026-06-16").exempt()).isTrue();
            assertThat(exemption("2026-06-15").exempt()).isTrue();
            assertThat(exemption("2026-06-14").exempt()).isFalse();
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
            KeyDecision d = decide(taggedUser(Map.of(TAG, "true"), unused), "K");
            assertThat(d.exemption().exempt()).isTrue();
            assertThat(verdict(d)).isEqualTo("UNUSED_KEY DEACTIVATE");
        }

        @Test
        void otherTagKey_doesNotExempt() {
            assertThat(decide(taggedUser(Map.of("exempt", "true"), unused), "K").exemption().exempt()).isFalse();
        }
    }

    @Test
    void customThresholds_areHonoured() {
        Settings settings = Settings.fromEnvironment(Map.of("UNUSED_KEY_DAYS", "45", "DELETE_AFTER_DAYS", "0"));
        Planner planner = Planner.fromSettings(settings);
        User u = user(daysAgo(400), false, active("A", daysAgo(300), daysAgo(45)), inactive("B", daysAgo(300), daysAgo(45)));
        List<KeyDecision> decisions = planner.decide(u, NOW);
        assertThat(decisions).extracting(PlannerTest::verdict)
                .containsExactly("UNUSED_KEY DEACTIVATE", "STALE_INACTIVE_KEY DELETE");
    }
}
