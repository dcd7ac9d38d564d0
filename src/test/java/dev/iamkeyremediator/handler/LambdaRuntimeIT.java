package dev.iamkeyremediator.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamkeyremediator.it.FakeLambdaRuntime;
import dev.iamkeyremediator.it.JarProcess;
import dev.iamkeyremediator.it.Moto;
import dev.iamkeyremediator.it.MotoAccount;
import dev.iamkeyremediator.it.Scenario;
import dev.iamkeyremediator.it.TestAccount;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The packaged jar as Lambda runs it: the Lambda runtime's own client (the java21 runtime's interface client) loads
 * the handler from the shaded jar, fetches events from a Runtime API on loopback, and posts the results back. Every
 * sample event of events/, and payloads no schedule sends, get the run summary; a failed run is reported as an error.
 */
@ExtendWith(MotoAccount.class)
class LambdaRuntimeIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> sampleEvents() throws IOException {
        List<String> events = new ArrayList<>();
        try (var files = Files.list(Paths.get("events"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json") && !p.toString().contains("exposed"))
                    .sorted().toList()) {
                events.add(Files.readString(file));
            }
        }
        assertThat(events).hasSizeGreaterThanOrEqualTo(2);
        return events;
    }

    @Test
    void theRuntimeClient_loadsTheHandlerFromTheShadedJar_andGetsTheSummaryForEveryEvent(TestAccount account)
            throws Exception {
        Scenario.seed(account);
        String topic = account.topicWithQueue();
        account.setMode("dry-run");
        List<String> events = new ArrayList<>(sampleEvents());
        events.addAll(List.of("", "null", "\"a string\"", "[1, 2]"));
        Instant started = Instant.now();
        try (FakeLambdaRuntime runtime = new FakeLambdaRuntime(events)) {
            File out = JarProcess.tempFile("runtime-out");
            Process function = JarProcess.startUnderRuntimeClient(runtime.address(), Moto.shared().endpoint(),
                    Map.of("TOPIC_ARN", topic), out, JarProcess.tempFile("runtime-err"));
            try {
                assertThat(runtime.awaitAnswers(Duration.ofSeconds(120)))
                        .as("answers: %s; init error: %s; stdout: %s", runtime.answers(), runtime.initError(),
                                Files.readString(out.toPath())).isTrue();
            } finally {
                function.destroy();
                function.waitFor(10, TimeUnit.SECONDS);
            }
            FakeLambdaRuntime.Answer first = runtime.answers().get("request-1");
            System.out.printf("cold start: the handler's first answer came %d ms after the JVM started%n",
                    Duration.between(started, first.at()).toMillis());
            for (FakeLambdaRuntime.Answer answer : runtime.answers().values()) {
                assertThat(answer.error()).as(answer.body()).isFalse();
                JsonNode summary = JSON.readTree(answer.body());
                assertThat(summary.path("status").asText()).isEqualTo("succeeded");
                assertThat(summary.path("mode").asText()).isEqualTo("dry-run");
                // read from SSM through Powertools inside the shaded jar, not a fallback to dry-run
                assertThat(summary.path("modeReason").asText()).isEqualTo("SSM parameter /iam-key-remediator/mode is 'dry-run'");
                assertThat(summary.path("account").asText()).isEqualTo("123456789012");
                assertThat(summary.path("outcomes").path("WOULD_DEACTIVATE").asInt()).isEqualTo(2);
            }
            assertThat(account.digests()).hasSize(events.size());
            // in Lambda the run's metrics go to stdout in the embedded metric format
            assertThat(Files.readString(out.toPath())).contains("\"_aws\"").contains("\"Keys_WOULD_DEACTIVATE\"");
        }
    }

    @Test
    void aHealthEvent_isAnsweredByTheRuntimeClient_forItsKeyAlone(TestAccount account) throws Exception {
        Scenario scenario = Scenario.seed(account);
        String topic = account.topicWithQueue();
        account.setMode("enforce");
        String event = Files.readString(Paths.get("events/health-exposed-key.json"))
                .replaceAll("AKIAEXPOSEDKEY0\\d", scenario.healthy.id());
        Instant started = Instant.now();
        FakeLambdaRuntime.Answer answer = answerOne(event, topic);
        System.out.printf("exposed-key event, cold JVM: answered %d ms after the JVM started%n",
                Duration.between(started, answer.at()).toMillis());
        assertThat(answer.error()).as(answer.body()).isFalse();
        JsonNode summary = JSON.readTree(answer.body());
        assertThat(summary.path("outcomes").path("DEACTIVATED").asInt()).isEqualTo(1);
        assertThat(summary.path("inventoryStrategy").asText()).startsWith("exposed-key event: AWS Health");
        assertThat(account.keyStates()).containsEntry(scenario.healthy.id(), "Inactive");
        assertThat(account.digests()).singleElement().satisfies(d -> assertThat(d.subject()).startsWith("EXPOSED ENFORCE"));
    }

    @Test
    void aFailedRun_isAnInvocationError_afterItsDigestWasLogged(TestAccount account) throws Exception {
        Scenario.seed(account);
        account.setMode("dry-run");
        FakeLambdaRuntime.Answer answer = answerOne("{}", "arn:aws:sns:us-east-1:123456789012:no-such-topic");
        assertThat(answer.error()).isTrue();
        JsonNode error = JSON.readTree(answer.body());
        assertThat(error.path("errorType").asText()).endsWith("RunFailedException");
        assertThat(error.path("errorMessage").asText()).startsWith("iam-key-remediator run failed: digest not delivered");
    }

    /** The shaded jar under the runtime's own client, answering one event with TOPIC_ARN = {@code topic}. */
    private static FakeLambdaRuntime.Answer answerOne(String event, String topic) throws Exception {
        try (FakeLambdaRuntime runtime = new FakeLambdaRuntime(List.of(event))) {
            Process function = JarProcess.startUnderRuntimeClient(runtime.address(), Moto.shared().endpoint(),
                    Map.of("TOPIC_ARN", topic), JarProcess.tempFile("runtime-out"), JarProcess.tempFile("runtime-err"));
            try {
                assertThat(runtime.awaitAnswers(Duration.ofSeconds(120))).isTrue();
            } finally {
                function.destroy();
                function.waitFor(10, TimeUnit.SECONDS);
            }
            return runtime.answers().get("request-1");
        }
    }
}
