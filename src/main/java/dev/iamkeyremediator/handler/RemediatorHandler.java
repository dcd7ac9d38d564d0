package dev.iamkeyremediator.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.iamkeyremediator.event.Events;
import dev.iamkeyremediator.event.Trigger;
import dev.iamkeyremediator.report.RunMetrics;
import dev.iamkeyremediator.report.RunSummary;
import dev.iamkeyremediator.run.Remediator;
import dev.iamkeyremediator.run.RunFailedException;
import dev.iamkeyremediator.time.RunBudget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The Lambda entry point. Settings and clients are built once per container; each invocation is one run. An AWS
 * Health or Trusted Advisor event about an exposed key is answered on its own ({@link Events}); any other payload (a
 * Scheduler invocation, a classic scheduled event, an empty or absent body) is the scheduled run. The result is the
 * run summary as JSON.
 * A failed run throws after its digest went out, so the invocation counts as an error.
 */
public final class RemediatorHandler implements RequestStreamHandler {

    /** Time kept back from the Lambda timeout to publish the digest after the last user read or action. */
    static final Duration PUBLISH_RESERVE = Duration.ofSeconds(90);

    private final Remediator remediator;
    private final Duration reserve;
    private final RunMetrics metrics;

    public RemediatorHandler() {
        this(Wiring.fromEnvironment(System.getenv()), PUBLISH_RESERVE, RunMetrics.forEnvironment(System.getenv()));
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
    public void handleRequest(InputStream event, OutputStream result, Context context) throws IOException {
        RunSummary summary = run(Events.parse(event.readAllBytes()), context);
        result.write(summary.toJson().getBytes(StandardCharsets.UTF_8));
    }

    /** The scheduled run. */
    public RunSummary run(Context context) {
        return run(new Trigger.Scheduled("called directly"), context);
    }

    /**
     * One run, with Powertools logging when there is a Lambda context, and the time budget it gives.
     *
     * @throws RunFailedException after the digest went out (or was logged), when the run failed
     */
    public RunSummary run(Trigger trigger, Context context) {
        RunBudget budget = context == null ? RunBudget.UNLIMITED
                : RunBudget.remaining(context::getRemainingTimeInMillis, reserve);
        java.util.function.Supplier<RunSummary> run = () -> {
            RunSummary summary = switch (trigger) {
                case Trigger.ExposedKey exposed -> remediator.respond(exposed.event(), budget);
                case Trigger.Scheduled scheduled -> remediator.run(budget);
            };
            metrics.record(summary);
            if (summary.failed()) {
                throw new RunFailedException(summary);
            }
            return summary;
        };
        return context == null ? run.get() : PowertoolsLogging.withLogging(context, run);
    }
}
