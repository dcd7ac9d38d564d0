package dev.iamkeyremediator.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamkeyremediator.Remediator;
import dev.iamkeyremediator.aws.AwsClients;
import dev.iamkeyremediator.config.Settings;
import dev.iamkeyremediator.it.CallCounter;
import dev.iamkeyremediator.it.FaultProxy;
import dev.iamkeyremediator.it.Moto;
import dev.iamkeyremediator.it.Scenario;
import dev.iamkeyremediator.it.TestAccount;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

/** Report triage and the live scan, on one emulated account: the same plan, for fewer calls; and the fallbacks. */
class InventoryStrategiesIT {

    private static final Moto MOTO = Moto.shared();
    private TestAccount account;
    private FaultProxy proxy;

    @BeforeEach
    void seed() throws Exception {
        MOTO.reset();
        account = new TestAccount(MOTO);
        Scenario.seed(account);
        // more of a real account: healthy users, never-used and recently-deactivated keys, keyless users
        MOTO.travel("-40d");
        for (int i = 0; i < 25; i++) {
            account.createUser("svc-%02d".formatted(i));
            TestAccount.Key key = account.createKey("svc-%02d".formatted(i));
            if (i % 5 == 0) {
                account.deactivate(key);
            }
            if (i % 3 != 0) {
                MOTO.travel("-3d");
                account.use(key);
                MOTO.travel("-40d");
            }
        }
        MOTO.travel("+0");
        for (int i = 0; i < 10; i++) {
            account.createUser("human-%02d".formatted(i));
        }
        account.setMode("dry-run");
        proxy = new FaultProxy(MOTO.endpoint());
    }

    @AfterEach
    void close() {
        account.close();
        proxy.close();
    }

    private Map<String, Object> run(Remediator.InventoryStrategy strategy, CallCounter calls, Clock clock) {
        Settings settings = Settings.fromEnvironment(Map.of("MAX_ACTION_PERCENT", "100"));
        try (AwsClients clients = AwsClients.builder().endpointOverride(proxy.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(TestAccount.ADMIN).addExecutionInterceptor(calls).build()) {
            return new RemediatorHandler(Remediator.forClients(settings, clients, clock, strategy)).handleRequest(null, null);
        }
    }

    /** The plan as the digest tells it: every line but the header, sorted. */
    private static Set<String> planLines(String digest) {
        return digest.lines().filter(l -> l.startsWith("- ") || l.startsWith("== "))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void reportTriage_givesTheLiveScansPlan_withFewerCalls() {
        Clock clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
        String topic = account.topicWithQueue();
        CallCounter liveCalls = new CallCounter();
        CallCounter triageCalls = new CallCounter();

        Map<String, Object> live = runPublishing(Remediator.InventoryStrategy.LIVE_SCAN, liveCalls, clock, topic);
        String liveDigest = account.digests().get(0).body();
        Map<String, Object> triaged = runPublishing(Remediator.InventoryStrategy.REPORT_TRIAGE, triageCalls, clock, topic);
        String triagedDigest = account.digests().get(0).body();

        assertThat(planLines(triagedDigest)).isEqualTo(planLines(liveDigest)).isNotEmpty();
        assertThat(triaged.get("outcomes")).isEqualTo(live.get("outcomes"));
        assertThat(triaged.get("keysEvaluated")).isEqualTo(live.get("keysEvaluated")).isEqualTo(36);
        assertThat(triaged.get("usersEvaluated")).isEqualTo(live.get("usersEvaluated")).isEqualTo(46);
        assertThat((String) triaged.get("inventoryStrategy")).startsWith("credential report triage: ");
        long liveIam = iamCalls(liveCalls);
        long triageIam = iamCalls(triageCalls);
        assertThat(triageIam).isLessThan(liveIam);
        assertThat(triageCalls.count("GetCredentialReport")).isEqualTo(1);
    }

    private Map<String, Object> runPublishing(Remediator.InventoryStrategy strategy, CallCounter calls, Clock clock,
            String topic) {
        Settings settings = Settings.fromEnvironment(Map.of("MAX_ACTION_PERCENT", "100", "TOPIC_ARN", topic));
        try (AwsClients clients = AwsClients.builder().endpointOverride(proxy.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(TestAccount.ADMIN).addExecutionInterceptor(calls).build()) {
            return new RemediatorHandler(Remediator.forClients(settings, clients, clock, strategy)).handleRequest(null, null);
        }
    }

    private static long iamCalls(CallCounter calls) {
        return calls.snapshot().entrySet().stream().filter(e -> e.getKey().startsWith("Iam:"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    @Test
    void reportRefused_fallsBackToTheLiveScan_andSaysWhy() {
        proxy.faults(call -> call.operation().equals("GenerateCredentialReport")
                ? FaultProxy.Fault.error(409, "LimitExceeded", "Credential report generation limit exceeded")
                : FaultProxy.Fault.pass());

        Map<String, Object> summary = run(Remediator.InventoryStrategy.REPORT_TRIAGE, new CallCounter(), Clock.systemUTC());

        assertThat((String) summary.get("inventoryStrategy"))
                .isEqualTo("live scan (credential report unavailable: LimitExceeded (HTTP 409): Credential report generation limit exceeded)");
        assertThat(summary.get("keysEvaluated")).isEqualTo(36);
        assertThat(summary.get("status")).isEqualTo("succeeded");
    }
}
