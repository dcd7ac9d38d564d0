package dev.iamkeyremediator.report;

import java.util.Map;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsBuilder;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * One run's figures as CloudWatch metrics (embedded metric format, through Powertools), in the namespace of
 * {@code POWERTOOLS_METRICS_NAMESPACE} (default {@code IamKeyRemediator}):
 * {@code UsersEvaluated}, {@code KeysEvaluated}, {@code UsersReadLive}, {@code UsersSettledFromReport},
 * {@code Findings_<RULE>} per rule, {@code Keys_<OUTCOME>} per outcome
 * (DELETED, DEACTIVATED, WOULD_DEACTIVATE, ...), {@code Errors}, {@code RunFailed} (0 or 1) and {@code RunDuration}.
 */
public final class RunMetrics {

    public static final String DEFAULT_NAMESPACE = "IamKeyRemediator";

    private final Metrics metrics;

    private RunMetrics(Metrics metrics) {
        this.metrics = metrics;
    }

    /** Metrics in Lambda; none elsewhere, where stdout belongs to the run summary. */
    public static RunMetrics forEnvironment(Map<String, String> env) {
        return env.containsKey("AWS_LAMBDA_FUNCTION_NAME") ? of(emf(env)) : none();
    }

    /** Metrics in the embedded metric format on stdout, with the namespace and service of {@code env}. */
    public static Metrics emf(Map<String, String> env) {
        return MetricsBuilder.builder()
                .withNamespace(env.getOrDefault("POWERTOOLS_METRICS_NAMESPACE", DEFAULT_NAMESPACE))
                .withService(env.getOrDefault("POWERTOOLS_SERVICE_NAME", "iam-key-remediator"))
                .build();
    }

    public static RunMetrics of(Metrics metrics) {
        return new RunMetrics(metrics);
    }

    public static RunMetrics none() {
        return new RunMetrics(null);
    }

    public void record(RunSummary summary) {
        if (metrics == null) {
            return;
        }
        metrics.addMetric("UsersEvaluated", summary.usersEvaluated(), MetricUnit.COUNT);
        metrics.addMetric("KeysEvaluated", summary.keysEvaluated(), MetricUnit.COUNT);
        metrics.addMetric("UsersReadLive", summary.usersReadLive(), MetricUnit.COUNT);
        metrics.addMetric("UsersSettledFromReport", summary.usersEvaluated() - summary.usersReadLive(), MetricUnit.COUNT);
        summary.findingsByRule().forEach((rule, n) -> metrics.addMetric("Findings_" + rule, n, MetricUnit.COUNT));
        summary.outcomes().forEach((outcome, n) -> metrics.addMetric("Keys_" + outcome, n, MetricUnit.COUNT));
        metrics.addMetric("Errors", summary.errors().size(), MetricUnit.COUNT);
        metrics.addMetric("RunFailed", summary.failed() ? 1 : 0, MetricUnit.COUNT);
        metrics.addMetric("RunDuration", summary.durationMillis(), MetricUnit.MILLISECONDS);
        metrics.addMetadata("mode", summary.mode());
        metrics.flush();
    }
}
