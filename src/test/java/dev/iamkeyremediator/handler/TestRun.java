package dev.iamkeyremediator.handler;

import com.amazonaws.services.lambda.runtime.Context;
import dev.iamkeyremediator.aws.AwsClients;
import dev.iamkeyremediator.config.Settings;
import dev.iamkeyremediator.event.Events;
import dev.iamkeyremediator.it.CallCounter;
import dev.iamkeyremediator.it.TestAccount;
import dev.iamkeyremediator.report.RunSummary;
import dev.iamkeyremediator.run.RunFailedException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * One run of the real handler in this JVM, wired as Lambda wires it, against an endpoint (moto, or a proxy in front
 * of it): {@code TestRun.against(endpoint).env("TOPIC_ARN", topic).run()}. MAX_ACTION_PERCENT is 100 unless set.
 */
final class TestRun {

    private final URI endpoint;
    private final Map<String, String> env = new HashMap<>(Map.of("MAX_ACTION_PERCENT", "100"));
    private Clock clock = Clock.systemUTC();
    private CallCounter calls = new CallCounter();
    private Wiring.InventoryStrategy strategy = Wiring.InventoryStrategy.REPORT_TRIAGE;
    private Context context;
    private Duration reserve = RemediatorHandler.PUBLISH_RESERVE;
    private byte[] event;
    private AwsCredentialsProvider credentials = TestAccount.ADMIN;

    private TestRun(URI endpoint) {
        this.endpoint = endpoint;
    }

    static TestRun against(URI endpoint) {
        return new TestRun(endpoint);
    }

    TestRun env(String name, String value) {
        env.put(name, value);
        return this;
    }

    TestRun env(Map<String, String> values) {
        env.putAll(values);
        return this;
    }

    /** Runs in the account these credentials act in. */
    TestRun credentials(AwsCredentialsProvider value) {
        this.credentials = value;
        return this;
    }

    TestRun clock(Clock value) {
        this.clock = value;
        return this;
    }

    TestRun counting(CallCounter value) {
        this.calls = value;
        return this;
    }

    TestRun strategy(Wiring.InventoryStrategy value) {
        this.strategy = value;
        return this;
    }

    /** Hands the handler this event (JSON), as EventBridge would, instead of the schedule's empty one. */
    TestRun event(String json) {
        this.event = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return this;
    }

    /** A Lambda context, whose remaining time sets the run's budget, less {@code value} kept to publish. */
    TestRun context(Context value, Duration publishReserve) {
        this.context = value;
        this.reserve = publishReserve;
        return this;
    }

    /** @throws RunFailedException when the run failed, after its digest went out */
    RunSummary run() {
        try (AwsClients clients = AwsClients.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(credentials).addExecutionInterceptor(calls).build()) {
            RemediatorHandler handler = new RemediatorHandler(Wiring.forClients(Settings.fromEnvironment(env), clients,
                    clock, strategy), reserve);
            return event == null ? handler.run(context) : handler.run(Events.parse(event), context);
        }
    }

    /** The summary whether the run succeeded or failed. */
    RunSummary runAllowingFailure() {
        try {
            return run();
        } catch (RunFailedException e) {
            return e.summary();
        }
    }
}
