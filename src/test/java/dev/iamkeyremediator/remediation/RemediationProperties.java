package dev.iamkeyremediator.remediation;

import static dev.iamkeyremediator.rules.Keys.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iamkeyremediator.config.Mode;
import dev.iamkeyremediator.config.Settings;
import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.Inventory;
import dev.iamkeyremediator.inventory.KeyStatus;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.rules.BackoutMarkers;
import dev.iamkeyremediator.rules.Exemption;
import dev.iamkeyremediator.rules.MultipleActiveKeysRule;
import dev.iamkeyremediator.rules.Plan;
import dev.iamkeyremediator.rules.Planner;
import dev.iamkeyremediator.rules.StaleInactiveKeyRule;
import dev.iamkeyremediator.rules.UnusedKeyRule;
import dev.iamkeyremediator.time.Days;
import dev.iamkeyremediator.time.RunBudget;
import dev.iamkeyremediator.trust.Sealer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * Safety properties over random accounts: any mix of users, keys, dates, passwords, exemption tags and backout markers.
 * Each property also checks that the generator produced the cases it is about, so it cannot pass on nothing.
 */
class RemediationProperties {

    private static final Settings SETTINGS = Settings.fromEnvironment(Map.of("MAX_ACTIONS_PER_RUN", "10000",
            "MAX_ACTION_PERCENT", "100"));
    private static final LocalDate TODAY = Days.day(NOW);

    @StatisticsReport(onFailureOnly = true)
    @Property(tries = 300)
    void dryRun_makesNoCallAtAll(@ForAll("accounts") Inventory inventory) {
        InMemoryKeyActions iam = new InMemoryKeyActions(inventory);
        List<KeyOutcome> outcomes = execute(inventory, iam, Mode.fromParameterValue("/p", "dry-run"));
        assertThat(iam.writes).isEmpty();
        assertThat(iam.reads).isEmpty();
        Statistics.label("dry-run would change a key").collect(outcomes.stream().anyMatch(o -> o.outcome().changes()))
                .coverage(c -> c.check(true).percentage(p -> p > 15));
    }

    @StatisticsReport(onFailureOnly = true)
    @Property(tries = 300)
    void anyValueButEnforce_makesNoWriteCall(@ForAll("accounts") Inventory inventory,
            @ForAll("notEnforce") String value) {
        InMemoryKeyActions iam = new InMemoryKeyActions(inventory);
        execute(inventory, iam, Mode.fromParameterValue("/p", value));
        assertThat(iam.writes).as("mode parameter '%s'", value).isEmpty();
    }

    /**
     * Mode parameter values that are not {@code enforce} (trimmed, in any case): any text, and near misses of the
     * word itself (a letter more, less or changed, inner spaces, a suffix), which a looser parse would take for it.
     */
    @Provide
    Arbitrary<String> notEnforce() {
        Arbitrary<String> nearMiss = Combinators.combine(Arbitraries.integers().between(0, 7),
                Arbitraries.of("", "d", "!", " x", "-", "\u0000", "e"), Arbitraries.of(0, 1, 2))
                .as((at, text, how) -> {
                    String word = "enforce";
                    return switch (how) {
                        case 0 -> word.substring(0, at) + text + word.substring(at);
                        case 1 -> word.substring(0, at) + word.substring(Math.min(word.length(), at + 1));
                        default -> word.substring(0, at) + text + word.substring(Math.min(word.length(), at + 1));
                    };
                });
        Arbitrary<String> cased = nearMiss.map(s -> s.chars().map(c -> c % 2 == 0 ? Character.toUpperCase(c) : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
        return Arbitraries.oneOf(Arbitraries.strings(), nearMiss, cased, nearMiss.map(s -> "  " + s + "\n"))
                .filter(s -> !s.trim().toLowerCase(java.util.Locale.ROOT).equals("enforce"));
    }

    /**
     * Enforce never deactivates a key used within UNUSED_KEY_DAYS unless MULTIPLE_ACTIVE_KEYS names it, and then only
     * when another active key of the user was used after it (traffic moved) or it was never used, and it sat idle
     * for the rotation grace. It never deletes a key that was used and is not past its backout window. It never
     * writes anything to an exempt user.
     */
    @StatisticsReport(onFailureOnly = true)
    @Property(tries = 500)
    void enforce_neverActsOnAKeyThatMightBeInUse(@ForAll("accounts") Inventory inventory) {
        InMemoryKeyActions iam = new InMemoryKeyActions(inventory);
        List<KeyOutcome> outcomes = execute(inventory, iam, Mode.fromParameterValue("/p", "enforce"));
        // used within UNUSED_KEY_DAYS: fewer whole calendar days since the day of last use
        java.util.function.Predicate<Instant> recent = at -> Days.between(at, NOW) < SETTINGS.rules().get(UnusedKeyRule.IDLE_DAYS);
        for (KeyOutcome o : outcomes) {
            AccessKey key = o.decision().key();
            if (o.outcome() == Outcome.DEACTIVATED && key.lastUsed().map(recent::test).orElse(false)) {
                assertThat(o.decision().governing().orElseThrow().rule().id()).isEqualTo("MULTIPLE_ACTIVE_KEYS");
                assertThat(Days.between(key.lastActivity(), NOW)).isGreaterThanOrEqualTo(SETTINGS.rules().get(MultipleActiveKeysRule.GRACE_DAYS));
                assertThat(o.decision().user().accessKeys()).anySatisfy(other -> {
                    assertThat(other.accessKeyId()).isNotEqualTo(key.accessKeyId());
                    assertThat(other.active()).isTrue();
                    assertThat(other.lastUsed()).hasValueSatisfying(at -> assertThat(at).isAfter(key.lastActivity()));
                });
            }
            if (o.outcome() == Outcome.DELETED && !key.neverUsed()) {
                assertThat(key.active()).isFalse();
                LocalDate since = BackoutMarkers.read(o.decision().user().tags()).get(key.accessKeyId()).since().orElseThrow();
                assertThat(since.plusDays(SETTINGS.rules().get(StaleInactiveKeyRule.DELETE_AFTER_DAYS))).isBeforeOrEqualTo(TODAY);
                assertThat(Days.day(key.lastUsed().orElseThrow())).isBefore(since);
            }
        }
        long changed = outcomes.stream().filter(o -> o.outcome() == Outcome.DELETED || o.outcome() == Outcome.DEACTIVATED).count();
        assertThat(iam.keyWrites()).hasSize((int) changed);
        outcomes.stream().filter(o -> o.decision().exemption().exempt()).forEach(o -> {
            assertThat(o.outcome()).isIn(Outcome.EXEMPT, Outcome.UPCOMING);
            assertThat(iam.writes).noneMatch(w -> w.contains(" " + o.decision().user().userName() + " ")
                    || w.endsWith(" " + o.decision().key().accessKeyId()));
        });
        Statistics.label("a recently used key deactivated").collect(outcomes.stream().anyMatch(o ->
                o.outcome() == Outcome.DEACTIVATED && o.decision().key().lastUsed().map(recent::test).orElse(false)))
                .coverage(c -> c.check(true).count(n -> n >= 2));
        Statistics.label("a used key deleted").collect(outcomes.stream().anyMatch(o ->
                o.outcome() == Outcome.DELETED && !o.decision().key().neverUsed()))
                .coverage(c -> c.check(true).count(n -> n >= 2));
        Statistics.label("an exempt user").collect(outcomes.stream().anyMatch(o -> o.decision().exemption().exempt()))
                .coverage(c -> c.check(true).percentage(p -> p > 20));
    }

    /** Whatever the account, after an enforce run every Inactive key of a non-exempt user carries a marker or a reason. */
    @StatisticsReport(onFailureOnly = true)
    @Property(tries = 300)
    void enforce_leavesEveryInactiveKeyMarked_andNoVoidMarker(@ForAll("accounts") Inventory inventory) {
        InMemoryKeyActions iam = new InMemoryKeyActions(inventory);
        List<KeyOutcome> outcomes = execute(inventory, iam, Mode.fromParameterValue("/p", "enforce"));
        for (User user : inventory.users()) {
            if (Exemption.fromTags(SETTINGS.exemptTagKey(), user.tags(), TODAY).exempt()) {
                continue;
            }
            Map<String, BackoutMarkers.Marker> markers = BackoutMarkers.read(iam.tags(user.userName()));
            for (AccessKey key : iam.keys(user.userName())) {
                if (!key.active() && iam.tags(user.userName()).size() < BackoutMarkers.MAX_TAGS_PER_USER) {
                    assertThat(markers).as(key.accessKeyId()).containsKey(key.accessKeyId());
                }
                if (key.active()) {
                    assertThat(markers).as(key.accessKeyId()).doesNotContainKey(key.accessKeyId());
                }
            }
            Set<String> ids = new java.util.HashSet<>();
            iam.keys(user.userName()).forEach(k -> ids.add(k.accessKeyId()));
            assertThat(ids).containsAll(markers.keySet());
        }
    }

    private static List<KeyOutcome> execute(Inventory inventory, InMemoryKeyActions iam, Mode mode) {
        Planner planner = SETTINGS.planner();
        Plan plan = planner.plan(inventory, NOW);
        return new Executor(iam, iam, planner, SETTINGS, Clock.fixed(NOW, ZoneOffset.UTC), Sealer.PLAIN).execute(plan, mode, Set.of(),
                inventory.keyCount(), RunBudget.UNLIMITED).outcomes();
    }

    @Provide
    Arbitrary<Inventory> accounts() {
        return user().list().ofMinSize(1).ofMaxSize(12).map(users -> {
            List<User> named = new ArrayList<>();
            for (int i = 0; i < users.size(); i++) {
                User u = users.get(i);
                String name = "user" + i;
                List<AccessKey> keys = new ArrayList<>();
                Map<String, String> tags = new LinkedHashMap<>();
                u.tags().forEach((k, v) -> {
                    if (!BackoutMarkers.isMarker(k)) {
                        tags.put(k, v);
                    }
                });
                for (int k = 0; k < u.accessKeys().size(); k++) {
                    AccessKey key = u.accessKeys().get(k);
                    String id = "AKIA%04d%02d".formatted(i, k);
                    keys.add(new AccessKey(id, name, key.status(), key.createDate(), key.lastUsedDate(), key.lastUsedService()));
                    String marker = u.tags().get(BackoutMarkers.tagKey("K" + k));
                    if (marker != null) {
                        tags.put(BackoutMarkers.tagKey(id), marker);
                    }
                }
                named.add(new User(name, "arn:aws:iam::123456789012:user/" + name, u.createDate(),
                        u.hasConsolePassword(), tags, keys));
            }
            return Inventory.live(named, named.size(), List.of(), "generated");
        });
    }

    private Arbitrary<User> user() {
        Arbitrary<Instant> userCreated = Arbitraries.longs().between(0, 4000).map(d -> NOW.minus(Duration.ofDays(d)));
        Arbitrary<Map<String, String>> tags = Arbitraries.of(Map.<String, String>of(),
                Map.of(Settings.DEFAULT_EXEMPT_TAG_KEY, "true"), Map.of("IAM-Key-Remediator:Exempt", "TRUE"),
                Map.of(Settings.DEFAULT_EXEMPT_TAG_KEY, "2020-01-01"), Map.of(Settings.DEFAULT_EXEMPT_TAG_KEY, "2099-01-01"),
                Map.of(Settings.DEFAULT_EXEMPT_TAG_KEY, TODAY.plusDays(3).toString()), Map.of("team", "payments"));
        // a marker for each key slot (renamed to the key's id above): old, recent, today, unreadable, or none
        Arbitrary<String> marker = Arbitraries.of("", "", "2020-01-01", TODAY.minusDays(45).toString(),
                TODAY.minusDays(30).toString(), TODAY.minusDays(29).toString(), TODAY.toString(), "not-a-date");
        Arbitrary<Map<String, String>> markers = Combinators.combine(marker, marker).as((first, second) -> {
            Map<String, String> m = new LinkedHashMap<>();
            if (!first.isEmpty()) {
                m.put(BackoutMarkers.tagKey("K0"), first);
            }
            if (!second.isEmpty()) {
                m.put(BackoutMarkers.tagKey("K1"), second);
            }
            return m;
        });
        return Combinators.combine(userCreated, Arbitraries.of(true, false), tags, markers, key().list().ofMaxSize(2))
                .as((created, password, t, m, keys) -> {
                    Map<String, String> all = new LinkedHashMap<>(t);
                    all.putAll(m);
                    return new User("u", "arn", created, password, all,
                            keys.stream().map(k -> k.createDate().isBefore(created)
                                    ? new AccessKey(k.accessKeyId(), "u", k.status(),
                                            created.plusSeconds(k.createDate().getEpochSecond() % 900),
                                            k.lastUsedDate() == null || k.lastUsedDate().isAfter(created) ? k.lastUsedDate() : null,
                                            k.lastUsedService())
                                    : k).toList());
                });
    }

    private Arbitrary<AccessKey> key() {
        Arbitrary<Long> createdDaysAgo = Arbitraries.longs().between(0, 4000);
        // how long ago the key was last used, as a share of its age: often recently (a key in use), often long ago,
        // sometimes never (-1)
        Arbitrary<Double> usedAgo = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.doubles().between(0, 0.05)),
                net.jqwik.api.Tuple.of(4, Arbitraries.doubles().between(0, 1)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(-1.0)));
        Arbitrary<Long> jitterSeconds = Arbitraries.longs().between(0, 86_399);
        return Combinators.combine(createdDaysAgo, usedAgo, Arbitraries.of(KeyStatus.values()), jitterSeconds)
                .as((created, share, status, jitter) -> {
                    Instant createDate = NOW.minus(Duration.ofDays(created)).minusSeconds(jitter);
                    Instant lastUsed = share < 0 ? null
                            : NOW.minusSeconds((long) (share * Duration.between(createDate, NOW).toSeconds()));
                    return new AccessKey("K", "u", status, createDate, lastUsed, lastUsed == null ? null : "s3");
                });
    }
}
