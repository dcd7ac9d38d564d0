package dev.iamkeyremediator.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import dev.iamkeyremediator.it.CallCounter;
import dev.iamkeyremediator.it.FaultProxy.Fault;
import dev.iamkeyremediator.it.FaultProxy;
import dev.iamkeyremediator.it.Moto;
import dev.iamkeyremediator.it.MotoAccount;
import dev.iamkeyremediator.it.Scenario;
import dev.iamkeyremediator.it.Summaries;
import dev.iamkeyremediator.it.TestAccount;
import dev.iamkeyremediator.report.RunSummary;
import dev.iamkeyremediator.run.RunFailedException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mockito;

/**
 * Production faults, injected by a proxy in front of moto: throttling, server errors, lost answers, slow answers,
 * a user whose reads always fail, and a run that runs out of time. Each ends in the state a fault-free run reaches,
 * or says exactly what it could not do.
 */
@ExtendWith(MotoAccount.class)
class FaultInjectionIT {

    private static final Set<String> WRITES = Set.of("UpdateAccessKey", "DeleteAccessKey");
    private final Moto moto = Moto.shared();
    private TestAccount account;
    private Scenario scenario;
    private FaultProxy proxy;
    private String topicArn;
    private Map<String, String> expectedAfterEnforce;

    @BeforeEach
    void seed(TestAccount account) throws Exception {
        this.account = account;
        scenario = Scenario.seed(account);
        topicArn = account.topicWithQueue();
        account.setMode("enforce");
        proxy = new FaultProxy(moto.endpoint());
        expectedAfterEnforce = new TreeMap<>(account.keyStates());
        expectedAfterEnforce.remove(scenario.setupKey.id());
        expectedAfterEnforce.put(scenario.ciBot.id(), "Inactive");
        expectedAfterEnforce.put(scenario.rotatingOld.id(), "Inactive");
    }

    @AfterEach
    void close() {
        proxy.close();
    }

    private Map<String, Object> run(CallCounter calls, Context context, Duration reserve) {
        return run(calls, context, reserve, "8");
    }

    private Map<String, Object> run(CallCounter calls, Context context, Duration reserve, String concurrency) {
        return Summaries.map(TestRun.against(proxy.endpoint()).env("TOPIC_ARN", topicArn)
                .env("IAM_CONCURRENCY", concurrency).counting(calls).context(context, reserve).run());
    }

    /** Every n-th call of each operation, counted per operation, so a retried call meets a different fate. */
    private static Function<FaultProxy.Call, Fault> everyNth(Map<Integer, Function<FaultProxy.Call, Fault>> rules) {
        Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
        return call -> {
            long n = counters.computeIfAbsent(call.service() + call.operation(), k -> new AtomicLong()).incrementAndGet();
            for (var rule : rules.entrySet()) {
                if (n % rule.getKey() == 0) {
                    return rule.getValue().apply(call);
                }
            }
            return Fault.pass();
        };
    }

    /** The first attempt of each rarely called operation (per key for writes) fails in its own way. */
    private static final Map<String, Fault> FIRST_ATTEMPT = Map.of(
            "UpdateAccessKey", Fault.errorAfterForwarding(500, "ServiceFailure", "answer lost after the change"),
            "DeleteAccessKey", Fault.errorAfterForwarding(500, "ServiceFailure", "answer lost after the delete"),
            "TagUser", Fault.errorAfterForwarding(500, "ServiceFailure", "answer lost after the tags were written"),
            "Publish", Fault.error(400, "Throttling", "Rate exceeded"),
            "GetParameter", Fault.error(400, "ThrottlingException", "Rate exceeded"),
            "GenerateCredentialReport", Fault.error(400, "Throttling", "Rate exceeded"),
            "GetCredentialReport", Fault.error(500, "ServiceFailure", "internal error"),
            "GetAccountAuthorizationDetails", Fault.error(503, "ServiceUnavailable", "try again"),
            "GetCallerIdentity", Fault.error(500, "InternalFailure", "internal error"));

    @Test
    void throttlingServerErrorsLostAnswersAndSlowness_endInTheFaultFreeState() {
        Map<Integer, Function<FaultProxy.Call, Fault>> rules = new java.util.LinkedHashMap<>();
        rules.put(4, call -> Fault.error(400, "Throttling", "Rate exceeded"));            // a quarter of every operation
        rules.put(7, call -> Fault.error(500, "ServiceFailure", "internal error"));
        rules.put(5, call -> Fault.error(503, "ServiceUnavailable", "try again"));
        rules.put(3, call -> Fault.delay(Duration.ofMillis(400)));
        Function<FaultProxy.Call, Fault> often = everyNth(rules);
        Set<String> firstSeen = ConcurrentHashMap.newKeySet();
        proxy.faults(call -> {
            Fault first = FIRST_ATTEMPT.get(call.operation());
            if (first != null) {
                return firstSeen.add(call.operation() + call.param("AccessKeyId")) ? first : Fault.pass();
            }
            return often.apply(call);
        });
        CallCounter calls = new CallCounter();

        Map<String, Object> summary = run(calls, null, Duration.ZERO);

        assertThat(account.keyStates()).isEqualTo(expectedAfterEnforce);
        assertThat(account.markers("ci-bot-unused")).containsOnlyKeys(scenario.ciBot.id());
        assertThat(account.markers("old-inactive")).containsOnlyKeys(scenario.oldInactive.id());
        assertThat(summary.get("status")).isEqualTo("succeeded");
        assertThat(summary.get("errors")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).isEmpty();
        long sent = proxy.calls().values().stream().mapToLong(Long::longValue).sum();
        long made = calls.snapshot().values().stream().mapToLong(Long::longValue).sum();
        long injected = proxy.injected().values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("fault injection: %d calls made, %d attempts sent, %d retries, %d faults injected: %s%n",
                made, sent, sent - made, injected, proxy.injected());
        assertThat(injected).isGreaterThan(made / 4);
        assertThat(sent - made).isGreaterThanOrEqualTo(injected);
        assertThat(proxy.injected()).containsKey("ListAccessKeys 400 Throttling")
                .containsEntry("DeleteAccessKey 500 ServiceFailure (after the work was done)", 1L)
                .containsEntry("TagUser 500 ServiceFailure (after the work was done)", 1L)
                .containsEntry("UpdateAccessKey 500 ServiceFailure (after the work was done)", 2L)
                .containsKeys("Publish 400 Throttling", "GetParameter 400 ThrottlingException",
                        "GetCallerIdentity 500 InternalFailure", "GetAccountAuthorizationDetails 503 ServiceUnavailable");
        assertThat(account.digests()).hasSize(1);
    }

    @Test
    void oneUsersPersistentFailure_isReported_theRestIsProcessed_andTheRunFails() {
        proxy.faults(call -> call.operation().equals("ListAccessKeys") && call.param("UserName").equals("ci-bot-unused")
                ? Fault.error(403, "AccessDenied", "User is not authorized to perform iam:ListAccessKeys")
                : Fault.pass());
        Map<String, String> expected = new TreeMap<>(expectedAfterEnforce);
        expected.put(scenario.ciBot.id(), "Active");

        assertThatThrownBy(() -> run(new CallCounter(), null, Duration.ZERO))
                .isInstanceOfSatisfying(RunFailedException.class, e -> {
                    RunSummary summary = e.summary();
                    assertThat(summary.errors()).containsExactly(
                            "ci-bot-unused ListAccessKeys: AccessDenied (HTTP 403): User is not authorized to perform iam:ListAccessKeys");
                    assertThat(summary.failures()).containsExactly("1 users could not be read");
                    assertThat(summary.outcomes()).containsEntry("DELETED", 1L).containsEntry("DEACTIVATED", 1L);
                });

        assertThat(account.keyStates()).isEqualTo(expected);
        String digest = account.digests().get(0).body();
        assertThat(digest).contains("!! WARNING: 1 users could not be read and were not evaluated: see Errors")
                .contains("== Errors (1) ==")
                .contains("- ci-bot-unused  ListAccessKeys: AccessDenied (HTTP 403)");
    }

    @Test
    void runningOutOfTime_startsNothingNew_publishesWhatItHas_failsAndTheNextRunFinishes() {
        // the context's remaining time drops below the reserve as soon as the first key has been changed
        Context context = Mockito.mock(Context.class);
        Mockito.when(context.getRemainingTimeInMillis()).thenAnswer(invocation ->
                proxy.calls("DeleteAccessKey") + proxy.calls("UpdateAccessKey") > 0 ? 1_000 : 600_000);
        Mockito.when(context.getAwsRequestId()).thenReturn("test-request");

        // one user at a time: the time runs out between the first user's writes and the next user's
        assertThatThrownBy(() -> run(new CallCounter(), context, Duration.ofSeconds(90), "1"))
                .isInstanceOfSatisfying(RunFailedException.class, e -> {
                    assertThat(e.summary().outcomes()).containsEntry("DELETED", 1L).containsEntry("NOT_PROCESSED", 2L);
                    assertThat(e.summary().failures()).containsExactly(
                            "the run's time budget ran out: 0 users not read, 2 keys not acted on");
                });
        String digest = account.digests().get(0).body();
        assertThat(digest).contains("== Not processed: the run ran out of time (2) ==")
                .contains("{not marked: the run's time budget ran out; the next run marks it}")
                .contains("!! WARNING: the run's time budget ran out");
        assertThat(account.keyStates()).isNotEqualTo(expectedAfterEnforce);

        Map<String, Object> second = run(new CallCounter(), null, Duration.ZERO);

        assertThat(account.keyStates()).isEqualTo(expectedAfterEnforce);
        assertThat(account.markers("old-inactive")).containsOnlyKeys(scenario.oldInactive.id());
        assertThat(second.get("status")).isEqualTo("succeeded");
        assertThat(second.get("errors")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).isEmpty();
    }

    @Test
    void runningOutOfTimeDuringTheInventory_listsTheUsersNotRead() {
        Context context = Mockito.mock(Context.class);
        // time runs out once the credential report is read: after it, no user read may start
        Mockito.when(context.getRemainingTimeInMillis()).thenAnswer(invocation ->
                proxy.calls("GetCredentialReport") >= 1 ? 1_000 : 600_000);
        Mockito.when(context.getAwsRequestId()).thenReturn("test-request");
        Map<String, String> before = account.keyStates();

        assertThatThrownBy(() -> run(new CallCounter(), context, Duration.ofSeconds(90)))
                .isInstanceOfSatisfying(RunFailedException.class, e -> {
                    assertThat(e.summary().errors()).isNotEmpty().allSatisfy(line -> assertThat(line)
                            .endsWith("not processed: the run's time budget ran out before this user was read"));
                    assertThat(e.summary().failures()).singleElement().asString()
                            .startsWith("the run's time budget ran out: %d users not read, 0 keys not acted on"
                                    .formatted(e.summary().errors().size()));
                });
        assertThat(proxy.calls("ListAccessKeys")).as("no user read started").isZero();
        assertThat(account.digests()).hasSize(1);
        assertThat(account.keyStates()).as("no action starts once time has run out").isEqualTo(before);
    }

    @Test
    void refusedDigest_isLoggedWhole_andTheRunFails() {
        proxy.faults(call -> call.operation().equals("Publish")
                ? Fault.error(403, "AuthorizationError", "not authorized to publish") : Fault.pass());
        account.setMode("dry-run");

        assertThatThrownBy(() -> run(new CallCounter(), null, Duration.ZERO))
                .isInstanceOfSatisfying(RunFailedException.class, e -> assertThat(e.summary().failures())
                        .singleElement().asString().startsWith("digest not delivered: Publish of the digest to " + topicArn)
                        .contains("AuthorizationError (HTTP 403)"));
        assertThat(account.digests()).isEmpty();
    }
}
