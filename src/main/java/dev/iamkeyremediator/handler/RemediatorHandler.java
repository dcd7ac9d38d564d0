package dev.iamkeyremediator.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.iamkeyremediator.Remediator;
import dev.iamkeyremediator.RunFailedException;
import dev.iamkeyremediator.RunMetrics;
import dev.iamkeyremediator.RunSummary;
import dev.iamkeyremediator.inventory.RunBudget;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The Lambda entry point for the EventBridge schedule. Settings and clients are built once per container; each
 * invocation is one run. A failed run throws after its digest went out, so the invocation counts as an error.
 */
public final class RemediatorHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {

    /** Time kept back from the Lambda timeout to publish the digest after the last user read or action. */
    static final Duration PUBLISH_RESERVE = Duration.ofSeconds(90);

    private final Remediator remediator;
    private final Duration reserve;
    private final RunMetrics metrics;

    public RemediatorHandler() {
        this(Remediator.fromEnvironment(System.getenv()), PUBLISH_RESERVE, RunMetrics.forEnvironment(System.getenv()));
    }

    RemediatorHandler(Remediator remediator) {
        this(remediator, PUBLISH_RESERVE, RunMetrics.none());
    }

    RemediatorHandler(Remediator remediator, Duration reserve) {
        this(remediator, reserve, RunMetrics.none());
    }

    RemediatorHandler(Remediator remediator, Duration reserve, RunMetrics metrics) {
        this.remediator = remediator;
        this.reserve = reserve;
        this.metrics = metrics;
    }

    @Override
    public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
        RunBudget budget = context == null ? RunBudget.UNLIMITED
                : RunBudget.remaining(context::getRemainingTimeInMillis, reserve);
        Supplier<Map<String, Object>> run = () -> {
            RunSummary summary = remediator.run(budget);
            metrics.record(summary);
            if (summary.failed()) {
                throw new RunFailedException(summary);
            }
            return summary.toMap();
        };
        return context == null ? run.get() : PowertoolsLogging.withLogging(context, run);
    }
}
