package dev.iamkeyremediator.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamkeyremediator.config.Mode;
import dev.iamkeyremediator.config.Settings;
import dev.iamkeyremediator.errors.RunError;
import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.KeyStatus;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.remediation.KeyOutcome;
import dev.iamkeyremediator.remediation.Outcome;
import dev.iamkeyremediator.rules.Rule;
import dev.iamkeyremediator.rules.RuleSettings;
import dev.iamkeyremediator.rules.Rules;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;

/** The run's metrics as the embedded metric format lines Lambda sends to CloudWatch. */
@ResourceLock(Resources.SYSTEM_OUT) // swaps System.out and sets the metrics' environment, both JVM-wide
class RunMetricsTest {

    private static final Instant NOW = Instant.parse("2026-11-23T06:00:00Z");

    @Test
    void runFigures_areWrittenAsEmf_inTheNamespace() throws Exception {
        User alice = new User("alice", "arn", NOW.minusSeconds(400 * 86400L), false, Map.of(),
                List.of(new AccessKey("AKIA1", "alice", KeyStatus.ACTIVE, NOW.minusSeconds(300 * 86400L),
                        NOW.minusSeconds(100 * 86400L), "s3")));
        var decision = Settings.defaults().planner().decide(alice, NOW).keys().get(0);
        RunReport report = new RunReport(NOW, Optional.of("123456789012"), Mode.fromParameterValue("/p", "enforce"), "live scan", 7, 9, 7, Rules.build(RuleSettings.DEFAULTS).stream().map(Rule::id).toList(),
                List.of(new KeyOutcome(decision, Outcome.DEACTIVATED, "")),
                List.of(RunError.read("bob", "ListAccessKeys", "AccessDenied")), List.of());
        RunSummary summary = RunSummary.of(report, 4321, 1, List.of("id"),  0, 0,
                List.of("1 users could not be read"));

        EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(Environments.Lambda);
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            RunMetrics.of(RunMetrics.emf(Map.of("POWERTOOLS_METRICS_NAMESPACE", "SecOps"))).record(summary);
        } finally {
            System.setOut(original);
            EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(Environments.Unknown);
        }

        JsonNode emf = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("_aws"))
                .map(RunMetricsTest::json).findFirst().orElseThrow(() -> new AssertionError("no EMF line: " + captured));
        assertThat(emf.path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asText()).isEqualTo("SecOps");
        assertThat(emf.path("KeysEvaluated").asDouble()).isEqualTo(9);
        assertThat(emf.path("UsersEvaluated").asDouble()).isEqualTo(7);
        assertThat(emf.path("Keys_DEACTIVATED").asDouble()).isEqualTo(1);
        assertThat(emf.path("Keys_DELETED").asDouble()).isZero();
        assertThat(emf.path("Findings_UNUSED_KEY").asDouble()).isEqualTo(1);
        assertThat(emf.path("Errors").asDouble()).isEqualTo(1);
        assertThat(emf.path("RunFailed").asDouble()).isEqualTo(1);
        assertThat(emf.path("RunDuration").asDouble()).isEqualTo(4321);
        assertThat(emf.path("Service").asText()).isEqualTo("iam-key-remediator");
    }

    @Test
    void outsideLambda_nothingIsWritten() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            RunMetrics.forEnvironment(Map.of()).record(RunSummary.of(new RunReport(NOW, Optional.of("1"), Mode.forcedDryRun(), "x", 0,
                    0, 0, Rules.build(RuleSettings.DEFAULTS).stream().map(Rule::id).toList(), List.of(), List.of(), List.of()), 1, 1, List.of(),  0, 0, List.of()));
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }
}
