package dev.iamkeyremediator.remediation;

import static dev.iamkeyremediator.rules.Keys.NOW;
import static dev.iamkeyremediator.rules.Keys.daysAgo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.iamkeyremediator.config.Mode;
import dev.iamkeyremediator.config.Settings;
import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.Inventory;
import dev.iamkeyremediator.inventory.KeyStatus;
import dev.iamkeyremediator.inventory.Source;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.inventory.UserReader;
import dev.iamkeyremediator.rules.BackoutMarkers;
import dev.iamkeyremediator.rules.Plan;
import dev.iamkeyremediator.rules.Planner;
import dev.iamkeyremediator.time.RunBudget;
import dev.iamkeyremediator.trust.MarkerSeal;
import dev.iamkeyremediator.trust.SealException;
import dev.iamkeyremediator.trust.Sealer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ExecutorTest {

    private static final Mode ENFORCE = Mode.fromParameterValue("/p", "enforce");
    private static final Mode DRY_RUN = Mode.fromParameterValue("/p", "dry-run");
    private static final String TODAY = "2026-06-15";

    private static User user(String name, AccessKey... keys) {
        return tagged(name, Map.of(), keys);
    }

    private static User tagged(String name, Map<String, String> tags, AccessKey... keys) {
        return new User(name, "arn:aws:iam::123456789012:user/" + name, daysAgo(1000), false, tags, List.of(keys));
    }

    private static AccessKey unused(String user, String id) {
        return new AccessKey(id, user, KeyStatus.ACTIVE, daysAgo(300), daysAgo(100), "s3");
    }

    /** Inactive and marked 40 days ago: past the 30-day backout window. */
    private static User staleUser(String name, String id) {
        return tagged(name, Map.of(BackoutMarkers.tagKey(id), NOW.minusSeconds(40L * 86_400).toString().substring(0, 10)),
                new AccessKey(id, name, KeyStatus.INACTIVE, daysAgo(300), daysAgo(200), "s3"));
    }

    private static AccessKey healthy(String user, String id) {
        return new AccessKey(id, user, KeyStatus.ACTIVE, daysAgo(10), daysAgo(1), "s3");
    }

    private static Inventory inventory(User... users) {
        return Inventory.live(List.of(users), users.length, List.of(), "test");
    }

    private static Settings settings(int maxActions, int maxPercent) {
        return Settings.fromEnvironment(Map.of("MAX_ACTIONS_PER_RUN", String.valueOf(maxActions),
                "MAX_ACTION_PERCENT", String.valueOf(maxPercent)));
    }

    private static Execution execute(Inventory inv, KeyWriter writer, UserReader reader, Settings settings, Mode mode,
            Set<String> protectedKeys, Clock clock) {
        Planner planner = settings.planner();
        Plan plan = planner.plan(inv, NOW);
        return new Executor(writer, reader, planner, settings, clock, Sealer.PLAIN).execute(plan, mode, protectedKeys, inv.keyCount(),
                RunBudget.UNLIMITED);
    }

    private static Execution execute(Inventory inv, InMemoryKeyActions iam, Settings settings, Mode mode,
            Set<String> protectedKeys) {
        return execute(inv, iam, iam, settings, mode, protectedKeys, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static List<KeyOutcome> run(Inventory inv, InMemoryKeyActions iam, Settings settings, Mode mode,
            Set<String> protectedKeys) {
        return execute(inv, iam, settings, mode, protectedKeys).outcomes();
    }

    private static Map<String, Outcome> byKey(List<KeyOutcome> outcomes) {
        Map<String, Outcome> map = new TreeMap<>();
        outcomes.forEach(o -> map.put(o.decision().key().accessKeyId(), o.outcome()));
        return map;
    }

    private static KeyOutcome of(List<KeyOutcome> outcomes, String keyId) {
        return outcomes.stream().filter(o -> o.decision().key().accessKeyId().equals(keyId)).findFirst().orElseThrow();
    }

    @Test
    void enforce_deletesAndDeactivates_andLeavesHealthyKeys() {
        Inventory inv = inventory(user("a", unused("a", "A1"), healthy("a", "A2")), staleUser("b", "B1"));
        InMemoryKeyActions iam = new InMemoryKeyActions(inv);
        List<KeyOutcome> outcomes = run(inv, iam, settings(50, 100), ENFORCE, Set.of());
        assertThat(byKey(outcomes)).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "A1", Outcome.DEACTIVATED, "B1", Outcome.DELETED)));
        assertThat(iam.keyWrites()).containsExactlyInAnyOrder("delete B1", "deactivate A1"); // users are worked on concurrently
        assertThat(iam.keys("a")).extracting(AccessKey::status).containsExactly(KeyStatus.INACTIVE, KeyStatus.ACTIVE);
    }

    @Test
    void dryRun_makesNoCallAtAll_andSaysWhatItWouldDo() {
        Inventory inv = inventory(user("a", unused("a", "A1")), staleUser("b", "B1"),
                user("c", new AccessKey("C1", "c", KeyStatus.INACTIVE, daysAgo(300), daysAgo(200), "s3")));
        KeyWriter iam = mock(KeyWriter.class);
        UserReader reader = mock(UserReader.class);
        List<KeyOutcome> outcomes = execute(inv, iam, reader, settings(50, 100), DRY_RUN, Set.of(),
                Clock.fixed(NOW, ZoneOffset.UTC)).outcomes();
        assertThat(byKey(outcomes)).containsEntry("A1", Outcome.WOULD_DEACTIVATE).containsEntry("B1", Outcome.WOULD_DELETE)
                .containsEntry("C1", Outcome.BACKOUT);
        assertThat(of(outcomes, "A1").marker().kind()).isEqualTo(MarkerOutcome.Kind.WOULD_MARK);
        assertThat(of(outcomes, "C1").marker().kind()).isEqualTo(MarkerOutcome.Kind.WOULD_MARK);
        assertThat(of(outcomes, "B1").marker().kind()).isEqualTo(MarkerOutcome.Kind.WOULD_REMOVE);
        org.mockito.Mockito.verifyNoInteractions(iam, reader);
    }

    @Nested
    class ReadOnce {

        private User readAt(Instant at, AccessKey key) {
            return new User("a", "arn:aws:iam::123456789012:user/a", daysAgo(1000), false, Map.of(), List.of(key),
                    Source.live(at));
        }

        @Test
        void aLiveReadAtMostFiveMinutesOld_isTheRecheck_theUserIsNotReadAgain() {
            Inventory inv = inventory(readAt(NOW, unused("a", "A1")));
            InMemoryKeyActions iam = new InMemoryKeyActions(inv);
            Clock fiveMinutesLater = Clock.fixed(NOW.plus(Duration.ofMinutes(5)), ZoneOffset.UTC);
            List<KeyOutcome> outcomes = execute(inv, iam, iam, settings(50, 100), ENFORCE, Set.of(), fiveMinutesLater)
                    .outcomes();
            assertThat(byKey(outcomes)).containsEntry("A1", Outcome.DEACTIVATED);
            assertThat(iam.reads).isEmpty();
        }

        @Test
        void anOlderRead_isReadAgain_andDecidedAgain() {
            Inventory inv = inventory(readAt(NOW, unused("a", "A1")));
            InMemoryKeyActions iam = new InMemoryKeyActions(inv);
            iam.replace("a", new AccessKey("A1", "a", KeyStatus.ACTIVE, daysAgo(300), NOW.plusSeconds(60), "ec2"));
            Clock later = Clock.fixed(NOW.plus(Duration.ofMinutes(5)).plusSeconds(1), ZoneOffset.UTC);
            List<KeyOutcome> outcomes = execute(inv, iam, iam, settings(50, 100), ENFORCE, Set.of(), later).outcomes();
            assertThat(iam.reads).containsExactly("reread a");
            assertThat(byKey(outcomes)).containsEntry("A1", Outcome.SKIPPED);
            assertThat(iam.writes).isEmpty();
        }

        @Test
        void usersKnownOnlyFromTheReport_areNeverWritten() {
            User fromReport = new User("r", "arn", daysAgo(1000), false, Map.of(),
                    List.of(AccessKey.fromReport(1, "r", KeyStatus.ACTIVE, daysAgo(300), daysAgo(100), "s3")),
                    Source.report(NOW));
            Inventory inv = inventory(fromReport);
            InMemoryKeyActions iam = new InMemoryKeyActions(inv);
            List<KeyOutcome> outcomes = run(inv, iam, settings(50, 100), ENFORCE, Set.of());
            assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.outcome()).isEqualTo(Outcome.SKIPPED));
            assertThat(iam.writes).isEmpty();
            assertThat(iam.reads).isEmpty();
        }

        @Test
        void manyUsers_areWrittenConcurrently_eachInItsOwnOrder() {
            List<User> users = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                users.add(staleUser("s" + i, "S" + i));
            }
            Inventory inv = Inventory.live(users, users.size(), List.of(), "test");
            InMemoryKeyActions iam = new InMemoryKeyActions(inv);
            List<KeyOutcome> outcomes = run(inv, iam, settings(50, 100), ENFORCE, Set.of());
            assertThat(outcomes).hasSize(40).allSatisfy(o -> assertThat(o.outcome()).isEqualTo(Outcome.DELETED));
            assertThat(outcomes).extracting(o -> o.decision().user().userName())
                    .as("the outcomes in the plan's order, whatever the order of the writes")
                    .containsExactlyElementsOf(users.stream().map(User::userName).toList());
            for (int i = 0; i < 40; i++) {
                assertThat(iam.writes.indexOf("delete S" + i)).isLessThan(
                        iam.writes.indexOf("untag s%d [%s]".formatted(i, BackoutMarkers.tagKey("S" + i))));
            }
        }
    }

    @Nested
    class BackoutMarkersWritten {

        @Test
        void deactivatedKey_isMarkedToday_withItsDeleteDate() {
            Inventory inv = inventory(user("a", unused("a", "A1")));
            InMemoryKeyActions iam = new InMemoryKeyActions(inv);
            KeyOutcome o = run(inv, iam, settings(50, 100), ENFORCE, Set.of()).get(0);
            assertThat(iam.writes).containsExactly("deactivate A1", "tag a {" + BackoutMarkers.tagKey("A1") + "=" + TODAY + "}");
            assertThat(o.marker().kind()).isEqualTo(MarkerOutcome.Kind.MARKED);
            assertThat(o.marker().deleteOn()).hasValueSatisfying(d -> assertThat(d).hasToString("2026-07-15"));
        }

        @Test
        void deletedKey_hasItsMarkerRemoved_nothingLeftBehind() {
            Inventory inv = inventory(staleUser("b", "B1"));
            InMemoryKeyActions iam = new InMemoryKeyActions(inv);
            run(inv, iam, settings(50, 100), ENFORCE, Set.of());
            assertThat(iam.writes).containsExactly("delete B1", "untag b [" + BackoutMarkers.tagKey("B1") + "]");
            assertThat(iam.tags("b")).isEmpty();
        }

        @Test
        void keyFoundInactiveWithoutMarker_isMarked_notDeleted() {
            AccessKey byHand = new AccessKey("H1", "h", KeyStatus.INACTIVE, daysAgo(300), daysAgo(200), "s3");
            Inventory inv = inventory(user("h", byHand));
            InMemoryKeyActions iam = new InMemoryKeyActions(inv);
            List<KeyOutcome> outcomes = run(inv, iam, settings(50, 100), ENFORCE, Set.of());
            assertThat(iam.keyWrites()).isEmpty();
            assertThat(iam.tags("h")).containsExactly(Map.entry(BackoutMarkers.tagKey("H1"), TODAY));
            assertThat(of(outcomes, "H1").outcome()).isEqualTo(Outcome.BACKOUT);
            assertThat(of(outcomes, "H1").marker().reason()).isEqualTo("first seen Inactive");
        }

        @Test
        void markerOfAKeyActiveAgain_isRemoved() {
            User reactivated = tagged("r", Map.of(BackoutMarkers.tagKey("R1"), "2026-06-01"), healthy("r", "R1"));
            Inventory inv = inventory(reactivated);
            InMemoryKeyActions iam = new InMemoryKeyActions(inv);
            List<KeyOutcome> outcomes = run(inv, iam, settings(50, 100), ENFORCE, Set.of());
            assertThat(iam.writes).containsExactly("untag r [" + BackoutMarkers.tagKey("R1") + "]");
            assertThat(of(outcomes, "R1").marker().kind()).isEqualTo(MarkerOutcome.Kind.REMOVED);
        }

        @Test
        void markerOfAKeyGone_isRemoved() {
            User u = tagged("g", Map.of(BackoutMarkers.tagKey("GONE"), "2026-06-01"), healthy("g", "G1"));
            Inventory inv = inventory(u);
            InMemoryKeyActions iam = new InMemoryKeyActions(inv);
            run(inv, iam, settings(50, 100), ENFORCE, Set.of());
            assertThat(iam.writes).containsExactly("untag g [" + BackoutMarkers.tagKey("GONE") + "]");
        }

        @Test
        void userWithFiftyTags_isNotMarked_andItsKeyIsKept_withTheReason() {
            Map<String, String> tags = new HashMap<>();
            for (int i = 0; i < 50; i++) {
                tags.put("team-" + i, "x");
            }
            AccessKey inactive = new AccessKey("F1", "f", KeyStatus.INACTIVE, daysAgo(300), daysAgo(200), "s3");
            Inventory inv = inventory(tagged("f", tags, inactive));
            InMemoryKeyActions iam = new InMemoryKeyActions(inv);
            List<KeyOutcome> outcomes = run(inv, iam, settings(50, 100), ENFORCE, Set.of());
            assertThat(iam.writes).isEmpty();
            assertThat(of(outcomes, "F1").marker().kind()).isEqualTo(MarkerOutcome.Kind.NOT_MARKED);
            assertThat(of(outcomes, "F1").marker().reason()).contains("50 tags").contains("kept");
        }

        @Test
        void exemptUser_getsNoWriteOfAnyKind() {
            AccessKey inactive = new AccessKey("X1", "x", KeyStatus.INACTIVE, daysAgo(300), daysAgo(200), "s3");
            Inventory inv = inventory(tagged("x", Map.of(Settings.DEFAULT_EXEMPT_TAG_KEY, "true",
                    BackoutMarkers.tagKey("GONE"), "2026-01-01"), inactive, unused("x", "X2")));
            InMemoryKeyActions iam = new InMemoryKeyActions(inv);
            run(inv, iam, settings(50, 100), ENFORCE, Set.of());
            assertThat(iam.writes).isEmpty();
        }

        @Test
        void aMarkerSpelledInAnotherCase_whoseRemovalIsRefused_isAWarningWithTheCommand_notAnError() {
            String foreign = "IAM-Key-Remediator:Inactive-Since:GONE";
            Inventory inv = inventory(tagged("g", Map.of(foreign, "2026-06-01", BackoutMarkers.tagKey("GONE2"),
                    "2026-06-01"), healthy("g", "G1")));
            KeyWriter iam = mock(KeyWriter.class);
            UserReader reader = mock(UserReader.class);
            when(reader.reread(any())).thenReturn(Optional.of(inv.users().get(0)));
            doThrow(new WriteException("UntagUser", "AccessDenied (HTTP 403): aws:TagKeys", null)).when(iam)
                    .untag("g", List.of(foreign));
            Execution execution = execute(inv, iam, reader, settings(50, 100), ENFORCE, Set.of(),
                    Clock.fixed(NOW, ZoneOffset.UTC));
            verify(iam).untag("g", List.of(BackoutMarkers.tagKey("GONE2")));
            assertThat(execution.errors()).isEmpty();
            assertThat(execution.warnings()).singleElement().asString()
                    .startsWith("g: the tag '" + foreign + "' is spelled in another case")
                    .endsWith("aws iam untag-user --user-name g --tag-keys '" + foreign + "'");
        }

        @Test
        void markersAreWrittenSealed_whenASealIsConfigured_andAFailedSealWritesNone() {
            Inventory inv = inventory(user("a", unused("a", "A1")));
            InMemoryKeyActions iam = new InMemoryKeyActions(inv);
            MarkerSeal seal = new MarkerSeal() {
                @Override
                public String seal(String message) {
                    assertThat(message).contains("\na\n").contains("iam-key-remediator:inactive-since:a1\n2026-06-15");
                    return "SEAL";
                }

                @Override
                public boolean verify(String message, String mac) {
                    return mac.equals("SEAL");
                }
            };
            Settings settings = settings(50, 100);
            Planner planner = settings.planner();
            new Executor(iam, iam, planner, settings, Clock.fixed(NOW, ZoneOffset.UTC), new Sealer(seal))
                    .execute(planner.plan(inv, NOW), ENFORCE, Set.of(), inv.keyCount(), RunBudget.UNLIMITED);
            assertThat(iam.tags("a")).containsEntry(BackoutMarkers.tagKey("A1"), "2026-06-15 mac:SEAL");

            Inventory again = inventory(user("b", unused("b", "B1")));
            KeyWriter refusing = mock(KeyWriter.class);
            UserReader reader = mock(UserReader.class);
            when(reader.reread(any())).thenReturn(Optional.of(again.users().get(0)));
            MarkerSeal down = new MarkerSeal() {
                @Override
                public String seal(String message) {
                    throw new SealException("GenerateMac", "KMSInvalidStateException (HTTP 400): key disabled", null);
                }

                @Override
                public boolean verify(String message, String mac) {
                    return false;
                }
            };
            Execution execution = new Executor(refusing, reader, planner, settings, Clock.fixed(NOW, ZoneOffset.UTC),
                    new Sealer(down)).execute(planner.plan(again, NOW), ENFORCE, Set.of(), again.keyCount(),
                    RunBudget.UNLIMITED);
            verify(refusing, never()).tag(any(), any());
            assertThat(execution.outcomes()).singleElement().satisfies(o -> {
                assertThat(o.outcome()).isEqualTo(Outcome.DEACTIVATED);
                assertThat(o.marker().reason()).contains("its seal could not be made (GenerateMac failed");
            });
            assertThat(execution.errors()).singleElement().satisfies(e -> assertThat(e.operation()).isEqualTo("GenerateMac"));
        }

        @Test
        void refusedMarkerWrite_isAnError_theKeyStaysDeactivated() {
            Inventory inv = inventory(user("a", unused("a", "A1")));
            KeyWriter iam = mock(KeyWriter.class);
            UserReader reader = mock(UserReader.class);
            when(reader.reread(any())).thenReturn(Optional.of(inv.users().get(0)));
            doThrow(new WriteException("TagUser", "AccessDenied (HTTP 403): not allowed", null)).when(iam).tag(any(), any());
            Execution execution = execute(inv, iam, reader, settings(50, 100), ENFORCE, Set.of(),
                    Clock.fixed(NOW, ZoneOffset.UTC));
            assertThat(execution.outcomes()).singleElement().satisfies(o -> {
                assertThat(o.outcome()).isEqualTo(Outcome.DEACTIVATED);
                assertThat(o.marker().kind()).isEqualTo(MarkerOutcome.Kind.NOT_MARKED);
            });
            assertThat(execution.errors()).singleElement()
                    .satisfies(e -> assertThat(e.message()).contains("TagUser").contains("AccessDenied"));
        }
    }

    @Test
    void cap_actsOnDeletesFirst_thenTheLongestIdle_andDefersTheRest_inBothModes() {
        // C1 idle 100 days, A1 idle 150: with room for two actions, the delete and the longer idle key go first
        AccessKey longerIdle = new AccessKey("A1", "a", KeyStatus.ACTIVE, daysAgo(300), daysAgo(150), "s3");
        Inventory inv = inventory(user("a", longerIdle), staleUser("b", "B1"), user("c", unused("c", "C1")));
        for (Mode mode : List.of(ENFORCE, DRY_RUN)) {
            InMemoryKeyActions iam = new InMemoryKeyActions(inv);
            Map<String, Outcome> outcomes = byKey(run(inv, iam, settings(2, 100), mode, Set.of()));
            assertThat(outcomes).as(mode.reason()).containsEntry("C1", Outcome.DEFERRED)
                    .containsEntry("B1", mode.enforce() ? Outcome.DELETED : Outcome.WOULD_DELETE)
                    .containsEntry("A1", mode.enforce() ? Outcome.DEACTIVATED : Outcome.WOULD_DEACTIVATE);
            assertThat(iam.writes).as(mode.reason()).filteredOn(w -> !w.startsWith("tag") && !w.startsWith("untag"))
                    .containsExactlyInAnyOrderElementsOf(mode.enforce() ? List.of("delete B1", "deactivate A1") : List.of());
        }
    }

    @Test
    void exposedKey_isNeverCappedOrWithheld_norCounted_andOverridesAnExemption() {
        User quarantined = new User("leaky", "arn:aws:iam::123456789012:user/leaky", daysAgo(1000), false,
                Map.of("iam-key-remediator:exempt", "true"), List.of(new AccessKey("X1", "leaky", KeyStatus.ACTIVE,
                        daysAgo(30), daysAgo(1), "s3")), dev.iamkeyremediator.inventory.Source.LIVE_UNTIMED,
                Set.of("AWSCompromisedKeyQuarantineV2"));
        Inventory inv = inventory(quarantined, user("a", unused("a", "A1")));
        InMemoryKeyActions iam = new InMemoryKeyActions(inv);
        List<KeyOutcome> outcomes = run(inv, iam, settings(0, 0), ENFORCE, Set.of());
        assertThat(byKey(outcomes)).containsEntry("X1", Outcome.DEACTIVATED).containsEntry("A1", Outcome.DEFERRED);
        assertThat(outcomes).filteredOn(o -> o.decision().key().accessKeyId().equals("X1")).singleElement()
                .satisfies(o -> assertThat(o.detail()).isEqualTo("exemption overridden: tag iam-key-remediator:exempt=true"));
        assertThat(iam.writes).contains("deactivate X1").doesNotContain("deactivate A1")
                .anyMatch(w -> w.startsWith("tag leaky") && w.contains("inactive-since:X1")
                        && !w.contains("quarantined-since"))
                .anyMatch(w -> w.startsWith("tag leaky") && w.contains("quarantined-since"));
    }

    @Test
    void zeroCap_defersEverything() {
        Inventory inv = inventory(user("a", unused("a", "A1")));
        InMemoryKeyActions iam = new InMemoryKeyActions(inv);
        assertThat(byKey(run(inv, iam, settings(0, 100), ENFORCE, Set.of()))).containsEntry("A1", Outcome.DEFERRED);
        assertThat(iam.writes).isEmpty();
    }

    @Test
    void signingKey_isNeverTouched() {
        Inventory inv = inventory(user("a", unused("a", "A1")));
        InMemoryKeyActions iam = new InMemoryKeyActions(inv);
        List<KeyOutcome> outcomes = run(inv, iam, settings(50, 100), ENFORCE, Set.of("A1"));
        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.outcome()).isEqualTo(Outcome.SKIPPED);
            assertThat(o.detail()).contains("signs the run's own requests");
        });
        assertThat(iam.writes).isEmpty();
    }

    @Test
    void keyUsedSinceInventory_isSkipped_notDeactivated() {
        Inventory inv = inventory(user("a", unused("a", "A1")));
        InMemoryKeyActions iam = new InMemoryKeyActions(inv);
        iam.replace("a", new AccessKey("A1", "a", KeyStatus.ACTIVE, daysAgo(300), NOW.minusSeconds(60), "ec2"));
        List<KeyOutcome> outcomes = run(inv, iam, settings(50, 100), ENFORCE, Set.of());
        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.outcome()).isEqualTo(Outcome.SKIPPED);
            assertThat(o.detail()).contains("changed since the inventory");
        });
        assertThat(iam.writes).isEmpty();
    }

    @Test
    void inactiveKeyReactivatedSinceInventory_isNotDeleted_andItsMarkerGoes() {
        Inventory inv = inventory(staleUser("b", "B1"));
        InMemoryKeyActions iam = new InMemoryKeyActions(inv);
        iam.replace("b", staleUser("b", "B1").accessKeys().get(0).withStatus(KeyStatus.ACTIVE));
        List<KeyOutcome> outcomes = run(inv, iam, settings(50, 100), ENFORCE, Set.of());
        assertThat(byKey(outcomes)).containsEntry("B1", Outcome.SKIPPED);
        assertThat(iam.keyWrites()).isEmpty();
        assertThat(iam.tags("b")).isEmpty();
    }

    @Test
    void userExemptedSinceInventory_isNotTouched() {
        Inventory inv = inventory(user("a", unused("a", "A1")));
        InMemoryKeyActions iam = new InMemoryKeyActions(inv);
        iam.tagBehindTheBack("a", Settings.DEFAULT_EXEMPT_TAG_KEY.toUpperCase(), "true");
        List<KeyOutcome> outcomes = run(inv, iam, settings(50, 100), ENFORCE, Set.of());
        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.outcome()).isEqualTo(Outcome.EXEMPT);
            assertThat(o.detail()).endsWith("(tagged since the inventory)");
        });
        assertThat(iam.writes).isEmpty();
    }

    @Test
    void keyGoneSinceInventory_isSkipped() {
        Inventory inv = inventory(user("a", unused("a", "A1")));
        InMemoryKeyActions iam = new InMemoryKeyActions(inv);
        iam.remove("a", "A1");
        assertThat(run(inv, iam, settings(50, 100), ENFORCE, Set.of())).singleElement().satisfies(o -> {
            assertThat(o.outcome()).isEqualTo(Outcome.SKIPPED);
            assertThat(o.detail()).isEqualTo("the key no longer exists");
        });
        assertThat(iam.writes).as("nothing written for a key that is gone").isEmpty();
    }

    @Test
    void failedWrite_isRecorded_andTheRunGoesOn() {
        Inventory inv = inventory(user("a", unused("a", "A1")), user("b", unused("b", "B1")));
        KeyWriter iam = mock(KeyWriter.class);
        UserReader reader = mock(UserReader.class);
        when(reader.reread(any())).thenAnswer(call -> Optional.of(call.getArgument(0)));
        doThrow(new WriteException("UpdateAccessKey", "AccessDenied (HTTP 403): not authorized", null))
                .when(iam).deactivate("a", "A1");
        List<KeyOutcome> outcomes = execute(inv, iam, reader, settings(50, 100), ENFORCE, Set.of(),
                Clock.fixed(NOW, ZoneOffset.UTC)).outcomes();
        assertThat(byKey(outcomes)).containsEntry("A1", Outcome.FAILED).containsEntry("B1", Outcome.DEACTIVATED);
        assertThat(outcomes).filteredOn(o -> o.outcome() == Outcome.FAILED).singleElement()
                .satisfies(o -> assertThat(o.detail()).contains("UpdateAccessKey").contains("AccessDenied"));
        verify(iam).deactivate("b", "B1");
        verify(iam, org.mockito.Mockito.never()).tag(org.mockito.ArgumentMatchers.eq("a"), any());
    }

    @Test
    void overBlastRadius_actsOnNone_inBothModes_butFiveKeysAlwaysMay() {
        List<User> users = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            users.add(user("u" + i, unused("u" + i, "U" + i)));
        }
        for (int i = 0; i < 18; i++) {
            users.add(user("h" + i, healthy("h" + i, "H" + i)));
        }
        Inventory inv = Inventory.live(users, users.size(), List.of(), "test"); // 6 of 24 keys = 25%: allowed
        InMemoryKeyActions iam = new InMemoryKeyActions(inv);
        assertThat(byKey(run(inv, iam, settings(50, 25), ENFORCE, Set.of())).values()).containsOnly(Outcome.DEACTIVATED);

        users.add(user("c", unused("c", "C1"))); // 7 of 25 = 28%: withheld
        Inventory more = Inventory.live(users, users.size(), List.of(), "test");
        for (Mode mode : List.of(ENFORCE, DRY_RUN)) {
            InMemoryKeyActions fresh = new InMemoryKeyActions(more);
            assertThat(byKey(run(more, fresh, settings(50, 25), mode, Set.of())).values()).containsOnly(Outcome.WITHHELD);
            assertThat(fresh.keyWrites()).isEmpty();
        }
    }

    @Test
    void smallAccount_canAlwaysAct_evenAboveThePercentage() {
        // 2 of 3 keys (67%) and 5 of 5 (100%) are over 25%, but never more than 5 keys: a small account acts
        Inventory two = inventory(user("a", unused("a", "A1")), user("b", unused("b", "B1")), user("h", healthy("h", "H1")));
        assertThat(byKey(run(two, new InMemoryKeyActions(two), settings(50, 25), ENFORCE, Set.of())))
                .containsEntry("A1", Outcome.DEACTIVATED).containsEntry("B1", Outcome.DEACTIVATED);
        List<User> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            five.add(user("u" + i, unused("u" + i, "U" + i)));
        }
        Inventory all = Inventory.live(five, 5, List.of(), "test");
        assertThat(byKey(run(all, new InMemoryKeyActions(all), settings(50, 25), ENFORCE, Set.of())).values())
                .hasSize(5).containsOnly(Outcome.DEACTIVATED);
    }

    @Test
    void exemptUser_isListedNotActedOn() {
        User exempt = tagged("x", Map.of(Settings.DEFAULT_EXEMPT_TAG_KEY, "true"), unused("x", "X1"));
        Inventory inv = inventory(exempt);
        InMemoryKeyActions iam = new InMemoryKeyActions(inv);
        assertThat(byKey(run(inv, iam, settings(50, 100), ENFORCE, Set.of()))).containsEntry("X1", Outcome.EXEMPT);
        assertThat(iam.writes).isEmpty();
    }

    @Test
    void exemptionEndingInThreeDays_isUpcoming_withWhatHappensThen() {
        User exempt = tagged("x", Map.of(Settings.DEFAULT_EXEMPT_TAG_KEY, "2026-06-18"), unused("x", "X1"));
        Inventory inv = inventory(exempt);
        InMemoryKeyActions iam = new InMemoryKeyActions(inv);
        List<KeyOutcome> outcomes = run(inv, iam, settings(50, 100), ENFORCE, Set.of());
        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.outcome()).isEqualTo(Outcome.UPCOMING);
            assertThat(o.decision().upcoming()).isPresent();
        });
        assertThat(iam.writes).isEmpty();
    }

    @Test
    void reportOnlyAndUpcoming_areListed_withoutCalls() {
        AccessKey rotationDue = new AccessKey("R1", "r", KeyStatus.ACTIVE, daysAgo(200), daysAgo(1), "s3");
        AccessKey soonUnused = new AccessKey("U1", "u", KeyStatus.ACTIVE, daysAgo(86), null, null);
        Inventory inv = inventory(user("r", rotationDue), user("u", soonUnused));
        KeyWriter iam = mock(KeyWriter.class);
        UserReader reader = mock(UserReader.class);
        assertThat(byKey(execute(inv, iam, reader, settings(50, 100), ENFORCE, Set.of(), Clock.fixed(NOW, ZoneOffset.UTC))
                .outcomes())).containsEntry("R1", Outcome.REPORTED).containsEntry("U1", Outcome.UPCOMING);
        org.mockito.Mockito.verifyNoInteractions(iam, reader);
    }
}
