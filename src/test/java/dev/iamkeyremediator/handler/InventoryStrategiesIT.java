package dev.iamkeyremediator.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamkeyremediator.it.CallCounter;
import dev.iamkeyremediator.it.FaultProxy;
import dev.iamkeyremediator.it.Moto;
import dev.iamkeyremediator.it.MotoAccount;
import dev.iamkeyremediator.it.Scenario;
import dev.iamkeyremediator.it.TestAccount;
import dev.iamkeyremediator.report.RunSummary;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Report triage and the live scan, on one emulated account over a month: every write the live scan would make (each
 * action, each marker, with its delete date) the triage makes too, for fewer calls; and the fallback.
 */
@ExtendWith(MotoAccount.class)
class InventoryStrategiesIT {

    private final Moto moto = Moto.shared();
    private TestAccount account;
    private FaultProxy proxy;
    private String topic;

    @BeforeEach
    void seed(TestAccount account) throws Exception {
        this.account = account;
        Scenario.seed(account);
        // more of a real account: healthy users, never-used and recently-deactivated keys, keyless users
        moto.travel("-40d");
        for (int i = 0; i < 25; i++) {
            account.createUser("svc-%02d".formatted(i));
            TestAccount.Key key = account.createKey("svc-%02d".formatted(i));
            if (i % 5 == 0) {
                account.deactivate(key);
            }
            if (i % 3 != 0) {
                moto.travel("-3d");
                account.use(key);
                moto.travel("-40d");
            }
        }
        moto.travel("+0");
        for (int i = 0; i < 10; i++) {
            account.createUser("human-%02d".formatted(i));
        }
        topic = account.topicWithQueue();
        proxy = new FaultProxy(moto.endpoint());
    }

    @AfterEach
    void close() {
        proxy.close();
    }

    private RunSummary run(Wiring.InventoryStrategy strategy, CallCounter calls, Clock clock) {
        return TestRun.against(proxy.endpoint()).env("TOPIC_ARN", topic).strategy(strategy).counting(calls).clock(clock)
                .run();
    }

    /** Every write the digest says enforce would make (or made): the action lines and the marker notes, dates included. */
    private static Set<String> writes(String digest) {
        Set<String> writes = new TreeSet<>();
        String section = "";
        for (String line : digest.lines().toList()) {
            if (line.startsWith("== ")) {
                section = line;
            } else if (line.startsWith("- ") && (section.startsWith("== Would ") || line.contains("{enforce mode would"))) {
                writes.add(line);
            }
        }
        return writes;
    }

    private static long iamCalls(CallCounter calls) {
        return calls.snapshot().entrySet().stream().filter(e -> e.getKey().startsWith("Iam:"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    @Test
    void reportTriage_makesEveryWriteOfTheLiveScan_onDayZeroAndAMonthLater_withFewerCalls() {
        account.setMode("enforce");
        run(Wiring.InventoryStrategy.REPORT_TRIAGE, new CallCounter(), Clock.systemUTC()); // markers, deactivations
        account.digests();
        account.setMode("dry-run");
        Map<String, String> before = account.keyStates();
        int compared = 0;
        for (long day : new long[] {0, 9, 31}) {
            Instant at = Instant.now().plus(Duration.ofDays(day));
            moto.travelTo(at);
            Clock clock = Clock.fixed(at, ZoneOffset.UTC);
            CallCounter liveCalls = new CallCounter();
            CallCounter triageCalls = new CallCounter();

            RunSummary live = run(Wiring.InventoryStrategy.LIVE_SCAN, liveCalls, clock);
            String liveDigest = account.digests().get(0).body();
            RunSummary triaged = run(Wiring.InventoryStrategy.REPORT_TRIAGE, triageCalls, clock);
            String triagedDigest = account.digests().get(0).body();

            assertThat(writes(triagedDigest)).as("day %d", day).isEqualTo(writes(liveDigest));
            compared += writes(liveDigest).size();
            for (String outcome : new String[] {"WOULD_DELETE", "WOULD_DEACTIVATE", "WITHHELD", "DEFERRED", "BACKOUT"}) {
                assertThat(triaged.outcomes().get(outcome)).as("day %d %s", day, outcome).isEqualTo(live.outcomes().get(outcome));
            }
            assertThat(triaged.keysEvaluated()).isEqualTo(live.keysEvaluated()).isEqualTo(35); // the setup key is gone
            assertThat(triaged.usersEvaluated()).isEqualTo(live.usersEvaluated()).isEqualTo(46);
            assertThat(triaged.inventoryStrategy()).startsWith("credential report triage: ");
            assertThat(triaged.usersReadLive()).isLessThan(live.usersReadLive());
            assertThat(iamCalls(triageCalls)).as("day %d", day).isLessThan(iamCalls(liveCalls));
            assertThat(triageCalls.count("GetCredentialReport")).isEqualTo(1);
        }
        assertThat(compared).as("writes compared over the days").isGreaterThan(5);
        assertThat(before).isNotEmpty();
        assertThat(account.keyStates()).as("dry-run changed nothing").isEqualTo(before);
    }

    @Test
    void reportRefused_fallsBackToTheLiveScan_andSaysWhy() {
        account.setMode("dry-run");
        proxy.faults(call -> call.operation().equals("GenerateCredentialReport")
                ? FaultProxy.Fault.error(409, "LimitExceeded", "Credential report generation limit exceeded")
                : FaultProxy.Fault.pass());

        RunSummary summary = run(Wiring.InventoryStrategy.REPORT_TRIAGE, new CallCounter(), Clock.systemUTC());

        assertThat(summary.inventoryStrategy()).isEqualTo(
                "live scan (credential report unavailable: LimitExceeded (HTTP 409): Credential report generation limit exceeded)");
        assertThat(summary.keysEvaluated()).isEqualTo(36);
        assertThat(summary.status()).isEqualTo("succeeded");
    }
}
