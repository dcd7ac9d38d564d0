package dev.iamkeyremediator.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamkeyremediator.it.FaultProxy;
import dev.iamkeyremediator.it.JarProcess;
import dev.iamkeyremediator.it.Moto;
import dev.iamkeyremediator.it.MotoAccount;
import dev.iamkeyremediator.it.Scenario;
import dev.iamkeyremediator.it.TestAccount;
import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A run killed (SIGKILL) in the middle of its writes, then started again, ends where an uninterrupted run ends. */
@ExtendWith(MotoAccount.class)
class KilledRunIT {

    @Test
    void killedHalfway_thenRunAgain_reachesTheSameEndState_withoutErrors(TestAccount account) throws Exception {
        Moto moto = Moto.shared();
        try (FaultProxy proxy = new FaultProxy(moto.endpoint())) {
            Scenario scenario = Scenario.seed(account);
            String topic = account.topicWithQueue();
            account.setMode("enforce");
            Map<String, String> expected = new TreeMap<>(account.keyStates());
            expected.remove(scenario.setupKey.id());
            expected.put(scenario.ciBot.id(), "Inactive");
            expected.put(scenario.rotatingOld.id(), "Inactive");

            CountDownLatch firstWrite = new CountDownLatch(1);
            proxy.faults(call -> {
                if (List.of("DeleteAccessKey", "UpdateAccessKey", "TagUser", "UntagUser").contains(call.operation())) {
                    firstWrite.countDown();
                    return FaultProxy.Fault.delay(Duration.ofMillis(1500)); // reaches IAM after the process died
                }
                return FaultProxy.Fault.pass();
            });

            // one user at a time, so that the kill lands between the writes of one user and those of the next
            Process first = start(proxy, topic, JarProcess.tempFile("first-run"), "1");
            assertThat(firstWrite.await(60, TimeUnit.SECONDS)).as("the first run reached its writes").isTrue();
            first.destroyForcibly();
            first.waitFor(10, TimeUnit.SECONDS);
            Thread.sleep(2500); // the write in flight lands
            Map<String, String> afterKill = account.keyStates();
            assertThat(afterKill).as("killed halfway").isNotEqualTo(expected);
            assertThat(account.digests()).as("no digest from the killed run").isEmpty();

            proxy.faults(call -> FaultProxy.Fault.pass());
            File secondOut = JarProcess.tempFile("second-run");
            Process second = start(proxy, topic, secondOut, "8");
            assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
            JsonNode summary = new ObjectMapper().readTree(secondOut);

            assertThat(second.exitValue()).as(summary.toString()).isZero();
            assertThat(summary.path("status").asText()).isEqualTo("succeeded");
            assertThat(summary.path("errors")).isEmpty();
            assertThat(account.keyStates()).isEqualTo(expected);
            assertThat(account.markers("ci-bot-unused")).containsOnlyKeys(scenario.ciBot.id());
            assertThat(account.markers("two-keys-rotating")).containsOnlyKeys(scenario.rotatingOld.id());
            assertThat(account.digests()).hasSize(1);
        }
    }

    private static Process start(FaultProxy proxy, String topic, File stdout, String concurrency) throws Exception {
        return JarProcess.start(proxy.endpoint(), Map.of("TOPIC_ARN", topic, "IAM_CONCURRENCY", concurrency), stdout,
                JarProcess.tempFile("killed-run"), "run");
    }
}
