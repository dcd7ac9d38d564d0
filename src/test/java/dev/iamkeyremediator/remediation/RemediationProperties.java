package dev.iamkeyremediator.remediation;

import static dev.iamkeyremediator.rules.Keys.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iamkeyremediator.config.Mode;
import dev.iamkeyremediator.config.Settings;
import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.Inventory;
import dev.iamkeyremediator.inventory.KeyStatus;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.rules.Plan;
import dev.iamkeyremediator.rules.Planner;
import dev.iamkeyremediator.rules.RuleId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Safety properties over random accounts: any mix of users, keys, dates, passwords and exemption tags. */
class RemediationProperties {

    private static final Settings SETTINGS = Settings.defaults().withMaxActionsPerRun(10_000).withMaxActionPercent(100);

    @Property(tries = 300)
    void dryRun_makesNoWriteCall(@ForAll("accounts") Inventory inventory) {
        InMemoryKeyActions iam = new InMemoryKeyActions(inventory);
        execute(inventory, iam, Mode.fromParameterValue("/p", "dry-run"));
        assertThat(iam.writes).isEmpty();
        assertThat(iam.reads).isEmpty();
    }

    @Property(tries = 300)
    void garbageMode_makesNoWriteCall(@ForAll("accounts") Inventory inventory, @ForAll String garbage) {
        InMemoryKeyActions iam = new InMemoryKeyActions(inventory);
        execute(inventory, iam, Mode.fromParameterValue("/p", "x" + garbage));
        assertThat(iam.writes).isEmpty();
    }

    /**
     * Enforce never deactivates or deletes a key used within UNUSED_KEY_DAYS, unless MULTIPLE_ACTIVE_KEYS names it:
     * the user then keeps another active key used more recently, and this one sat idle for the rotation grace.
     */
    @Property(tries = 500)
    void enforce_neverActsOnARecentlyUsedKey_unlessAnotherRuleNamesIt(@ForAll("accounts") Inventory inventory) {
        InMemoryKeyActions iam = new InMemoryKeyActions(inventory);
        List<KeyOutcome> outcomes = execute(inventory, iam, Mode.fromParameterValue("/p", "enforce"));
        Instant recent = NOW.minus(SETTINGS.unusedKeyAge());
        for (KeyOutcome o : outcomes) {
            if (o.outcome() != Outcome.DELETED && o.outcome() != Outcome.DEACTIVATED) {
                continue;
            }
            AccessKey key = o.decision().key();
            boolean usedRecently = key.lastUsed().map(recent::isBefore).orElse(false);
            if (!usedRecently) {
                continue;
            }
            assertThat(o.decision().governing().orElseThrow().rule()).isEqualTo(RuleId.MULTIPLE_ACTIVE_KEYS);
            assertThat(o.outcome()).isEqualTo(Outcome.DEACTIVATED);
            assertThat(key.lastActivity()).isBeforeOrEqualTo(NOW.minus(SETTINGS.rotationGrace()));
            assertThat(o.decision().user().accessKeys()).anySatisfy(other -> {
                assertThat(other.accessKeyId()).isNotEqualTo(key.accessKeyId());
                assertThat(other.active()).isTrue();
                assertThat(other.lastActivity()).isAfterOrEqualTo(key.lastActivity());
            });
        }
        // and a deleted key was never in use: inactive, or never used
        outcomes.stream().filter(o -> o.outcome() == Outcome.DELETED).map(o -> o.decision().key())
                .forEach(k -> assertThat(!k.active() || k.neverUsed()).isTrue());
        // every write matches an outcome, and exempt users are never written
        long changed = outcomes.stream().filter(o -> o.outcome() == Outcome.DELETED || o.outcome() == Outcome.DEACTIVATED).count();
        assertThat(iam.writes).hasSize((int) changed);
        outcomes.stream().filter(o -> o.decision().exemption().exempt())
                .forEach(o -> assertThat(o.outcome()).isEqualTo(Outcome.EXEMPT));
    }

    private static List<KeyOutcome> execute(Inventory inventory, KeyActions iam, Mode mode) {
        Planner planner = Planner.fromSettings(SETTINGS);
        Plan plan = planner.plan(inventory, NOW);
        return new Executor(iam, planner, SETTINGS).execute(plan, mode, Set.of(), inventory.keyCount());
    }

    @Provide
    Arbitrary<Inventory> accounts() {
        return user().list().ofMinSize(1).ofMaxSize(12).map(users -> {
            List<User> named = new ArrayList<>();
            for (int i = 0; i < users.size(); i++) {
                User u = users.get(i);
                String name = "user" + i;
                List<AccessKey> keys = new ArrayList<>();
                for (int k = 0; k < u.accessKeys().size(); k++) {
                    AccessKey key = u.accessKeys().get(k);
                    keys.add(new AccessKey("AKIA%04d%02d".formatted(i, k), name, key.status(), key.createDate(),
                            key.lastUsedDate(), key.lastUsedService()));
                }
                named.add(new User(name, "arn:aws:iam::123456789012:user/" + name, u.createDate(),
                        u.hasConsolePassword(), u.tags(), keys));
            }
            return Inventory.live(named, named.size(), List.of(), "generated");
        });
    }

    private Arbitrary<User> user() {
        Arbitrary<Instant> userCreated = Arbitraries.longs().between(0, 4000).map(d -> NOW.minus(Duration.ofDays(d)));
        Arbitrary<Map<String, String>> tags = Arbitraries.of(Map.<String, String>of(),
                Map.of(Settings.DEFAULT_EXEMPT_TAG_KEY, "true"), Map.of(Settings.DEFAULT_EXEMPT_TAG_KEY, "2020-01-01"),
                Map.of(Settings.DEFAULT_EXEMPT_TAG_KEY, "2099-01-01"), Map.of("team", "payments"));
        return Combinators.combine(userCreated, Arbitraries.of(true, false), tags, key().list().ofMaxSize(2))
                .as((created, password, t, keys) -> new User("u", "arn", created, password, t,
                        keys.stream().map(k -> k.createDate().isBefore(created)
                                ? new AccessKey(k.accessKeyId(), "u", k.status(), created.plusSeconds(k.createDate().getEpochSecond() % 900),
                                        k.lastUsedDate(), k.lastUsedService())
                                : k).toList()));
    }

    private Arbitrary<AccessKey> key() {
        Arbitrary<Long> createdDaysAgo = Arbitraries.longs().between(0, 4000);
        Arbitrary<Long> idleDaysAfterCreate = Arbitraries.longs().between(-1, 4000); // -1: never used
        Arbitrary<Long> jitterSeconds = Arbitraries.longs().between(0, 86_399);
        return Combinators.combine(createdDaysAgo, idleDaysAfterCreate, Arbitraries.of(KeyStatus.values()), jitterSeconds)
                .as((created, used, status, jitter) -> {
                    Instant createDate = NOW.minus(Duration.ofDays(created)).minusSeconds(jitter);
                    Instant lastUsed = used < 0 ? null : createDate.plus(Duration.ofDays(used));
                    if (lastUsed != null && lastUsed.isAfter(NOW)) {
                        lastUsed = NOW.minusSeconds(jitter % 3600);
                    }
                    return new AccessKey("K", "u", status, createDate, lastUsed, lastUsed == null ? null : "s3");
                });
    }
}
