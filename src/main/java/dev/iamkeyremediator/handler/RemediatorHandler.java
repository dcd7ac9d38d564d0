package dev.iamkeyremediator.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.iamkeyremediator.Remediator;
import dev.iamkeyremediator.RunFailedException;
import dev.iamkeyremediator.RunSummary;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The Lambda entry point for the EventBridge schedule. Settings and clients are built once per container; each
 * invocation is one run. A failed run throws after its digest went out, so the invocation counts as an error.
 */
public final class RemediatorHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {

    private final Remediator remediator;

    public RemediatorHandler() {
        this(Remediator.fromEnvironment(System.getenv()));
    }

    RemediatorHandler(Remediator remediator) {
        this.remediator = remediator;
    }

    @Override
    public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
        Supplier<Map<String, Object>> run = () -> {
            RunSummary summary = remediator.run();
            if (summary.failed()) {
                throw new RunFailedException(summary);
            }
            return summary.toMap();
        };
        return context == null ? run.get() : PowertoolsLogging.withLogging(context, run);
    }
}
