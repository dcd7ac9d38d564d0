package dev.iamkeyremediator.remediation;

import static dev.iamkeyremediator.rules.Keys.NOW;
import static dev.iamkeyremediator.rules.Keys.daysAgo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.iamkeyremediator.config.Mode;
import dev.iamkeyremediator.config.Settings;
import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.Inventory;
import dev.iamkeyremediator.inventory.KeyStatus;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.rules.Plan;
import dev.iamkeyremediator.rules.Planner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExecutorTest {

    private static final Mode ENFORCE = Mode.fromParameterValue("/p", "enforce");
    private static final Mode DRY_RUN = Mode.fromParameterValue("/p", "dry-run");

    private static User user(String name, AccessKey... keys) {
        return new User(name, "arn:aws:iam::123456789012:user/" + name, daysAgo(1000), false, Map.of(), List.of(keys));
    }

    private static AccessKey unused(String user, String id) {
        return new AccessKey(id, user, KeyStatus.ACTIVE, daysAgo(300), daysAgo(100), "s3");
    }

    private static AccessKey stale(String user, String id) {
        return new AccessKey(id, user, KeyStatus.INACTIVE, daysAgo(300), daysAgo(200), "s3");
    }

    private static AccessKey healthy(String user, String id) {
        return new AccessKey(id, user, KeyStatus.ACTIVE, daysAgo(10), daysAgo(1), "s3");
    }

    private static Inventory inventory(User... users) {
        return Inventory.live(List.of(users), users.length, List.of(), "test");
    }

    private static Settings settings(int maxActions, int maxPercent) {
        return Settings.defaults().withMaxActionsPerRun(maxActions).withMaxActionPercent(maxPercent);
    }

    private static List<KeyOutcome> run(Inventory inv, KeyActions actions, Settings settings, Mode mode, Set<String> protectedKeys) {
        Planner planner = Planner.fromSettings(settings);
        Plan plan = planner.plan(inv, NOW);
        return new Executor(actions, planner, settings).execute(plan, mode, protectedKeys, inv.keyCount());
    }

    private static Map<String, Outcome> byKey(List<KeyOutcome> outcomes) {
        Map<String, Outcome> map = new java.util.TreeMap<>();
        outcomes.forEach(o -> map.put(o.decision().key().accessKeyId(), o.outcome()));
        return map;
    }

    @Test
    void enforce_deletesAndDeactivates_andLeavesHealthyKeys() {
        Inventory inv = inventory(user("a", unused("a", "A1"), healthy("a", "A2")), user("b", stale("b", "B1")));
        InMemoryKeyActions iam = new InMemoryKeyActions(inv);
        List<KeyOutcome> outcomes = run(inv, iam, settings(50, 100), ENFORCE, Set.of());
        assertThat(byKey(outcomes)).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(
                "A1", Outcome.DEACTIVATED, "B1", Outcome.DELETED)));
        assertThat(iam.writes).containsExactly("delete B1", "deactivate A1");
        assertThat(iam.keys("a")).extracting(AccessKey::status).containsExactly(KeyStatus.INACTIVE, KeyStatus.ACTIVE);
    }

    @Test
    void dryRun_makesNoCallAtAll_andSaysWhatItWouldDo() {
        Inventory inv = inventory(user("a", unused("a", "A1")), user("b", stale("b", "B1")));
        KeyActions iam = mock(KeyActions.class);
        List<KeyOutcome> outcomes = run(inv, iam, settings(50, 100), DRY_RUN, Set.of());
        assertThat(byKey(outcomes)).containsEntry("A1", Outcome.WOULD_DEACTIVATE).containsEntry("B1", Outcome.WOULD_DELETE);
        org.mockito.Mockito.verifyNoInteractions(iam);
    }

    @Test
    void cap_actsOnDeletesFirst_andDefersTheRest_inBothModes() {
        Inventory inv = inventory(user("a", unused("a", "A1")), user("b", stale("b", "B1")), user("c", unused("c", "C1")));
        for (Mode mode : List.of(ENFORCE, DRY_RUN)) {
            InMemoryKeyActions iam = new InMemoryKeyActions(inv);
            Map<String, Outcome> outcomes = byKey(run(inv, iam, settings(2, 100), mode, Set.of()));
            assertThat(outcomes.values()).filteredOn(o -> o == Outcome.DEFERRED).hasSize(1);
            assertThat(outcomes.get("B1")).isIn(Outcome.DELETED, Outcome.WOULD_DELETE);
        }
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
    void inactiveKeyReactivatedSinceInventory_isNotDeleted() {
        Inventory inv = inventory(user("b", stale("b", "B1")));
        InMemoryKeyActions iam = new InMemoryKeyActions(inv);
        iam.replace("b", stale("b", "B1").withStatus(KeyStatus.ACTIVE));
        List<KeyOutcome> outcomes = run(inv, iam, settings(50, 100), ENFORCE, Set.of());
        assertThat(byKey(outcomes)).containsEntry("B1", Outcome.SKIPPED);
        assertThat(iam.writes).isEmpty();
    }

    @Test
    void userExemptedSinceInventory_isNotTouched() {
        Inventory inv = inventory(user("a", unused("a", "A1")));
        InMemoryKeyActions iam = new InMemoryKeyActions(inv);
        iam.tag("a", Settings.DEFAULT_EXEMPT_TAG_KEY, "true");
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
        assertThat(run(inv, iam, settings(50, 100), ENFORCE, Set.of())).singleElement()
                .satisfies(o -> assertThat(o.detail()).isEqualTo("the key no longer exists"));
    }

    @Test
    void failedWrite_isRecorded_andTheRunGoesOn() {
        Inventory inv = inventory(user("a", unused("a", "A1")), user("b", unused("b", "B1")));
        KeyActions iam = mock(KeyActions.class);
        when(iam.currentKeys("a")).thenReturn(inv.users().get(0).accessKeys());
        when(iam.currentKeys("b")).thenReturn(inv.users().get(1).accessKeys());
        doThrow(new KeyActionException("UpdateAccessKey", "AccessDenied (HTTP 403): not authorized", null))
                .when(iam).deactivate("a", "A1");
        List<KeyOutcome> outcomes = run(inv, iam, settings(50, 100), ENFORCE, Set.of());
        assertThat(byKey(outcomes)).containsEntry("A1", Outcome.FAILED).containsEntry("B1", Outcome.DEACTIVATED);
        assertThat(outcomes).filteredOn(o -> o.outcome() == Outcome.FAILED).singleElement()
                .satisfies(o -> assertThat(o.detail()).contains("UpdateAccessKey").contains("AccessDenied"));
        verify(iam).deactivate("b", "B1");
    }

    @Test
    void overBlastRadius_actsOnNone_inBothModes() {
        List<User> users = new ArrayList<>();
        users.add(user("a", unused("a", "A1")));
        users.add(user("b", unused("b", "B1")));
        for (int i = 0; i < 6; i++) {
            users.add(user("h" + i, healthy("h" + i, "H" + i)));
        }
        Inventory inv = Inventory.live(users, users.size(), List.of(), "test"); // 2 of 8 keys = 25%: allowed
        InMemoryKeyActions iam = new InMemoryKeyActions(inv);
        assertThat(byKey(run(inv, iam, settings(50, 25), ENFORCE, Set.of())).values()).containsOnly(Outcome.DEACTIVATED);

        users.add(user("c", unused("c", "C1"))); // 3 of 9 = 33%: withheld
        Inventory more = Inventory.live(users, users.size(), List.of(), "test");
        for (Mode mode : List.of(ENFORCE, DRY_RUN)) {
            InMemoryKeyActions fresh = new InMemoryKeyActions(more);
            assertThat(byKey(run(more, fresh, settings(50, 25), mode, Set.of())).values()).containsOnly(Outcome.WITHHELD);
            assertThat(fresh.writes).isEmpty();
        }
    }

    @Test
    void exemptUser_isListedNotActedOn() {
        User exempt = new User("x", "arn", daysAgo(1000), false, Map.of(Settings.DEFAULT_EXEMPT_TAG_KEY, "true"),
                List.of(unused("x", "X1")));
        Inventory inv = inventory(exempt);
        InMemoryKeyActions iam = new InMemoryKeyActions(inv);
        assertThat(byKey(run(inv, iam, settings(50, 100), ENFORCE, Set.of()))).containsEntry("X1", Outcome.EXEMPT);
        assertThat(iam.writes).isEmpty();
    }

    @Test
    void reportOnlyAndUpcoming_areListed_withoutCalls() {
        AccessKey rotationDue = new AccessKey("R1", "r", KeyStatus.ACTIVE, daysAgo(200), daysAgo(1), "s3");
        AccessKey soonUnused = new AccessKey("U1", "u", KeyStatus.ACTIVE, daysAgo(86), null, null);
        Inventory inv = inventory(user("r", rotationDue), user("u", soonUnused));
        KeyActions iam = mock(KeyActions.class);
        assertThat(byKey(run(inv, iam, settings(50, 100), ENFORCE, Set.of())))
                .containsEntry("R1", Outcome.REPORTED).containsEntry("U1", Outcome.UPCOMING);
        org.mockito.Mockito.verify(iam, org.mockito.Mockito.never()).currentKeys(any());
    }
}
