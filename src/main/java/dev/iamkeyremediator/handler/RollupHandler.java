package dev.iamkeyremediator.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.iamkeyremediator.aws.AwsClients;
import dev.iamkeyremediator.aws.OrganizationAccounts;
import dev.iamkeyremediator.aws.SnsDigestPublisher;
import dev.iamkeyremediator.aws.SqsRollupQueue;
import dev.iamkeyremediator.render.Digest;
import dev.iamkeyremediator.rollup.AccountDirectory;
import dev.iamkeyremediator.rollup.EmfRollupMetrics;
import dev.iamkeyremediator.rollup.Rollup;
import dev.iamkeyremediator.rollup.RollupFailedException;
import dev.iamkeyremediator.rollup.RollupMetrics;
import dev.iamkeyremediator.rollup.RollupResult;
import dev.iamkeyremediator.rollup.RollupSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The organization roll-up's Lambda entry point (the same jar, deployed once in the security account): one
 * roll-up per invocation; its result as JSON. A roll-up that could not publish throws, after leaving every message
 * in the queue, so the invocation counts as an error.
 */
public final class RollupHandler implements RequestStreamHandler {

    private final Rollup rollup;

    public RollupHandler() {
        this(wire(RollupSettings.fromEnvironment(System.getenv()), AwsClients.fromEnvironment(4),
                EmfRollupMetrics.forEnvironment(System.getenv()), Clock.systemUTC()));
    }

    RollupHandler(Rollup rollup) {
        this.rollup = rollup;
    }

    /** A roll-up on these clients: the queue, the expected accounts, the topic. */
    static Rollup wire(RollupSettings settings, AwsClients clients, RollupMetrics metrics, Clock clock) {
        Optional<AccountDirectory> expected = settings.organization()
                ? Optional.of(new OrganizationAccounts(clients.organizations()))
                : settings.expectedAccounts().isEmpty() ? Optional.empty()
                        : Optional.of(settings::expectedAccounts);
        SnsDigestPublisher topic = new SnsDigestPublisher(clients::snsFor, List.of(settings.topicArn()),
                Optional.empty());
        return new Rollup(new SqsRollupQueue(clients.sqs(), settings.queueUrl()), expected, settings.expectedFrom(),
                parts -> topic.publish(new Digest(parts)), metrics, clock);
    }

    static Rollup fromEnvironment(Map<String, String> env) {
        return wire(RollupSettings.fromEnvironment(env), AwsClients.fromEnvironment(4), RollupMetrics.NONE,
                Clock.systemUTC());
    }

    @Override
    public void handleRequest(InputStream event, OutputStream result, Context context) throws IOException {
        event.readAllBytes();
        RollupResult done = context == null ? run() : PowertoolsLogging.withLogging(context, this::run);
        result.write(done.toJson().getBytes(StandardCharsets.UTF_8));
    }

    /** @throws RollupFailedException when the roll-up failed (after logging its digest, if it had one) */
    RollupResult run() {
        RollupResult result = rollup.run();
        if (result.failed()) {
            throw new RollupFailedException(result);
        }
        return result;
    }
}
