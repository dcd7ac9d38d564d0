package dev.iamkeyremediator.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.iamkeyremediator.config.Mode;
import dev.iamkeyremediator.config.Settings;
import dev.iamkeyremediator.remediation.Outcome;
import dev.iamkeyremediator.report.RunMetrics;
import dev.iamkeyremediator.report.RunReport;
import dev.iamkeyremediator.report.RunSummary;
import dev.iamkeyremediator.rules.Rule;
import dev.iamkeyremediator.rules.RuleSettings;
import dev.iamkeyremediator.rules.Rules;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;

/** The dashboard in template.yaml plots the metrics the code emits: the same names, namespace and dimensions. */
@ResourceLock(Resources.SYSTEM_OUT) // swaps System.out and sets the metrics' environment, both JVM-wide
class DashboardTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one run writes in the embedded metric format, with the function's environment from the template. */
    private static JsonNode emitted(JsonNode functionEnvironment) throws Exception {
        RunReport report = new RunReport(Instant.parse("2026-11-23T06:00:00Z"), Optional.of("123456789012"),
                Mode.fromParameterValue("/p", "enforce"), "x", 10, 12, 4, Rules.build(RuleSettings.DEFAULTS).stream().map(Rule::id).toList(), List.of(), List.of(), List.of());
        RunSummary summary = RunSummary.of(report, 1000, 1, List.of(),  0, 0, List.of());
        EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(Environments.Lambda);
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            RunMetrics.of(RunMetrics.emf(Map.of(
                    "POWERTOOLS_METRICS_NAMESPACE", functionEnvironment.path("POWERTOOLS_METRICS_NAMESPACE").asText(),
                    "POWERTOOLS_SERVICE_NAME", functionEnvironment.path("POWERTOOLS_SERVICE_NAME").asText())))
                    .record(summary);
        } finally {
            System.setOut(original);
            EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(Environments.Unknown);
        }
        String line = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("\"_aws\"")).findFirst()
                .orElseThrow(() -> new AssertionError("no EMF line: " + captured));
        return JSON.readTree(line);
    }

    @Test
    void everyMetricTheDashboardPlots_isEmittedByTheCode_withItsNamespaceAndDimensions() throws Exception {
        JsonNode template = new ObjectMapper(new YAMLFactory()).readTree(Paths.get("template.yaml").toFile());
        JsonNode environment = template.path("Resources").path("RemediatorFunction").path("Properties")
                .path("Environment").path("Variables");
        JsonNode body = template.path("Resources").path("Dashboard").path("Properties").path("DashboardBody");
        String text = (body.isArray() ? body.get(0) : body).asText().replace("${AWS::Region}", "us-east-1");
        JsonNode dashboard = JSON.readTree(text);

        JsonNode emf = emitted(environment);
        JsonNode directive = emf.path("_aws").path("CloudWatchMetrics").get(0);
        Set<String> emittedNames = new HashSet<>();
        directive.path("Metrics").forEach(m -> emittedNames.add(m.path("Name").asText()));
        List<String> dimensionNames = JSON.convertValue(directive.path("Dimensions").get(0), List.class);

        Set<String> plotted = new TreeSet<>();
        for (JsonNode widget : dashboard.path("widgets")) {
            for (JsonNode metric : widget.path("properties").path("metrics")) {
                assertThat(metric.get(0).asText()).as("namespace").isEqualTo(directive.path("Namespace").asText());
                plotted.add(metric.get(1).asText());
                assertThat(metric.size()).as(metric.toString()).isEqualTo(2 + 2 * dimensionNames.size());
                for (int i = 0; i < dimensionNames.size(); i++) {
                    String dimension = metric.get(2 + 2 * i).asText();
                    assertThat(dimension).isEqualTo(dimensionNames.get(i));
                    assertThat(metric.get(3 + 2 * i).asText()).as(dimension).isEqualTo(emf.path(dimension).asText());
                }
            }
        }
        assertThat(emittedNames).containsAll(plotted);
        for (Rule rule : Settings.defaults().planner().rules()) {
            assertThat(plotted).contains("Findings_" + rule.id());
        }
        for (Outcome outcome : List.of(Outcome.DELETED, Outcome.DEACTIVATED, Outcome.WITHHELD, Outcome.DEFERRED,
                Outcome.FAILED)) {
            assertThat(plotted).contains("Keys_" + outcome);
        }
        assertThat(plotted).contains("Errors", "RunDuration", "UsersReadLive", "UsersSettledFromReport");
        assertThat(dashboard.path("start").asText()).isEqualTo("-P30D");
    }
}
