package dev.iamkeyremediator.rollup;

import dev.iamkeyremediator.report.RunMetrics;
import java.util.Map;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/** The roll-up's metrics in the embedded metric format: totals, silent and dry-run accounts, malformed messages. */
public final class EmfRollupMetrics implements RollupMetrics {

    private final Metrics metrics;

    private EmfRollupMetrics(Metrics metrics) {
        this.metrics = metrics;
    }

    /** Metrics in Lambda; none elsewhere, where stdout belongs to the roll-up's result. */
    public static RollupMetrics forEnvironment(Map<String, String> env) {
        return env.containsKey("AWS_LAMBDA_FUNCTION_NAME") ? new EmfRollupMetrics(RunMetrics.emf(env)) : NONE;
    }

    @Override
    public void record(RollupReport report, RollupResult result) {
        metrics.addMetric("OrgAccountsReporting", report.latest().size(), MetricUnit.COUNT);
        if (report.expectedUnknown().isEmpty()) { // missing data, which the silent-accounts alarm counts as breaching
            metrics.addMetric("OrgAccountsSilent", report.silent().size(), MetricUnit.COUNT);
        }
        metrics.addMetric("OrgAccountsDryRun", report.dryRun().size(), MetricUnit.COUNT);
        metrics.addMetric("OrgAccountsFailed", report.failed().size(), MetricUnit.COUNT);
        metrics.addMetric("OrgKeysDeleted", report.total("DELETED"), MetricUnit.COUNT);
        metrics.addMetric("OrgKeysDeactivated", report.total("DEACTIVATED"), MetricUnit.COUNT);
        metrics.addMetric("OrgKeysExposed", report.exposed(), MetricUnit.COUNT);
        metrics.addMetric("OrgMessagesMalformed", report.malformed(), MetricUnit.COUNT);
        metrics.addMetric("RollupFailed", result.failed() ? 1 : 0, MetricUnit.COUNT);
        metrics.flush();
    }
}
