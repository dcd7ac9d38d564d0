package dev.iamkeyremediator.rules;

import static dev.iamkeyremediator.rules.Keys.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iamkeyremediator.config.Settings;
import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.CredentialReport;
import dev.iamkeyremediator.inventory.KeyStatus;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.time.Days;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * The triage's safety: whatever a user's keys, if a live read would lead to a write (an action or a marker), the
 * report's row of that user sends it to the live read. A report up to 4 hours old is allowed for: the live user is
 * the report's user some hours later, with the same facts.
 */
class ReportTriageProperties {

    private static final Planner PLANNER = Settings.defaults().planner();
    private static final ReportTriage TRIAGE = new ReportTriage(PLANNER);

    @StatisticsReport(onFailureOnly = true)
    @Property(tries = 1000)
    void aUserAnyRuleWouldWriteTo_isReadLive(@ForAll("users") User user, @ForAll("reportAges") Duration reportAge) {
        Instant generatedAt = NOW.minus(reportAge);
        List<CredentialReport.KeySlot> slots = new ArrayList<>();
        for (int i = 0; i < user.accessKeys().size(); i++) {
            AccessKey k = user.accessKeys().get(i);
            // the report has second precision
            slots.add(new CredentialReport.KeySlot(i + 1, k.active(), k.createDate().truncatedTo(ChronoUnit.SECONDS),
                    k.lastUsedDate() == null ? null : k.lastUsedDate().truncatedTo(ChronoUnit.SECONDS), k.lastUsedService()));
        }
        CredentialReport.Row row = new CredentialReport.Row(user.userName(), user.createDate(),
                Optional.of(user.hasConsolePassword()), slots);
        UserDecision live = PLANNER.decide(user, NOW);
        boolean writes = live.keys().stream().anyMatch(d -> d.wantsChange() && !d.exemption().exempt())
                || !live.markerChanges().isEmpty();

        ReportTriage.Verdict verdict = TRIAGE.triage(row, user.createDate(), user.tags(), user.policies(), NOW, generatedAt);

        if (writes) {
            assertThat(verdict.need()).as(verdict.reason()).isEqualTo(ReportTriage.Need.LIVE);
        }
        if (verdict.need() == ReportTriage.Need.NOTHING) {
            assertThat(live.keys()).allSatisfy(d -> assertThat(d.findings()).isEmpty());
        }
        Statistics.label("a write").collect(writes).coverage(c -> c.check(true).percentage(p -> p > 20));
        Statistics.label("from the report").collect(verdict.need() == ReportTriage.Need.REPORT)
                .coverage(c -> c.check(true).percentage(p -> p > 3));
    }

    @Provide
    Arbitrary<Duration> reportAges() {
        return Arbitraries.longs().between(0, 4 * 3600).map(Duration::ofSeconds);
    }

    @Provide
    Arbitrary<User> users() {
        Arbitrary<Long> userAgeDays = Arbitraries.longs().between(0, 3000);
        Arbitrary<AccessKey> key = Combinators.combine(Arbitraries.longs().between(0, 400),
                Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, Arbitraries.doubles().between(0, 0.1)),
                        net.jqwik.api.Tuple.of(4, Arbitraries.doubles().between(0, 1)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.just(-1.0))),
                Arbitraries.of(KeyStatus.ACTIVE, KeyStatus.ACTIVE, KeyStatus.ACTIVE, KeyStatus.INACTIVE),
                Arbitraries.longs().between(0, 86_399))
                .as((createdDaysAgo, usedShare, status, jitter) -> {
                    Instant created = NOW.minus(Duration.ofDays(createdDaysAgo)).minusSeconds(jitter);
                    Instant used = usedShare < 0 ? null
                            : NOW.minusSeconds((long) (usedShare * Duration.between(created, NOW).toSeconds()));
                    return new AccessKey("K", "u", status, created, used, used == null ? null : "s3");
                });
        Arbitrary<Map<String, String>> tags = Arbitraries.of(Map.of(), Map.of(), Map.of(),
                Map.of(Settings.DEFAULT_EXEMPT_TAG_KEY, "true"),
                Map.of(Settings.DEFAULT_EXEMPT_TAG_KEY, Days.day(NOW).plusDays(1).toString()),
                Map.of(BackoutMarkers.tagKey("K0"), Days.day(NOW).minusDays(40).toString()));
        return Combinators.combine(userAgeDays, Arbitraries.of(true, false), key.list().ofMaxSize(2), tags,
                        Arbitraries.of(false, false, true))
                .as((age, password, keys, userTags, sameSecond) -> {
                    Instant userCreated = NOW.minus(Duration.ofDays(age));
                    List<AccessKey> named = new ArrayList<>();
                    for (int i = 0; i < keys.size(); i++) {
                        AccessKey k = keys.get(i);
                        Instant created = k.createDate().isBefore(userCreated) ? userCreated.plusSeconds(i * 30L) : k.createDate();
                        Instant used = k.lastUsedDate() == null || k.lastUsedDate().isBefore(created) ? k.lastUsedDate() == null
                                ? null : created : k.lastUsedDate();
                        named.add(new AccessKey("K" + i, "u", k.status(), created, used, k.lastUsedService()));
                    }
                    if (sameSecond && named.size() == 2 && named.get(0).lastUsedDate() != null
                            && named.get(1).lastUsedDate() != null) {
                        // two keys used a few milliseconds apart: the report shows the same second
                        AccessKey second = named.get(1);
                        Instant close = named.get(0).lastUsedDate().plusMillis(300);
                        if (!close.isBefore(second.createDate()) && !close.isAfter(NOW)) {
                            named.set(1, new AccessKey(second.accessKeyId(), "u", second.status(), second.createDate(),
                                    close, "s3"));
                        }
                    }
                    return new User("u", "arn:aws:iam::123456789012:user/u", userCreated, password, userTags, named);
                });
    }
}
