package dev.iamkeyremediator.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamkeyremediator.it.FaultProxy;
import dev.iamkeyremediator.it.JarProcess;
import dev.iamkeyremediator.it.Moto;
import dev.iamkeyremediator.it.TestAccount;
import dev.iamkeyremediator.rollup.Rollup;
import dev.iamkeyremediator.rollup.RollupMetrics;
import dev.iamkeyremediator.rollup.RollupQueue;
import dev.iamkeyremediator.rollup.RollupResult;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * What the security team waits for: one roll-up of N member summaries (the packaged jar's {@code rollup}, from
 * process start to exit), with a fixed latency in front of every call, the queue seeded afresh for each size.
 *
 * <p>{@code scripts/benchmark.sh --rollup [summaries...] [--latency-ms N]}: sizes default to 1000.
 */
public final class RollupBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RollupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        int latency = 20;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--latency-ms")) {
                latency = Integer.parseInt(args[++i]);
            } else {
                sizes.add(Integer.parseInt(args[i]));
            }
        }
        if (sizes.isEmpty()) {
            sizes = List.of(1000);
        }
        Moto moto = Moto.shared();
        StringBuilder report = new StringBuilder("# Roll-ups: %d ms per call, %d cores%n%n".formatted(latency,
                Runtime.getRuntime().availableProcessors()));
        report.append("| summaries | wall s | SQS calls | SNS calls | digest parts | exit |\n|---:|---:|---:|---:|---:|---:|\n");
        for (int n : sizes) {
            moto.reset();
            try (TestAccount account = new TestAccount(moto);
                    SqsClient sqs = SqsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                            .credentialsProvider(TestAccount.ADMIN).build();
                    FaultProxy proxy = new FaultProxy(moto.endpoint()).latency(Duration.ofMillis(latency))) {
                String queue = account.queueWithDeadLetter("iam-key-rollup").get(0);
                String topic = account.createTopic("org-iam-key-rollup");
                List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    batch.add(SendMessageBatchRequestEntry.builder().id(String.valueOf(i % 10))
                            .messageBody(summary("%012d".formatted(100_000_000_000L + i), i)).build());
                    if (batch.size() == 10) {
                        sqs.sendMessageBatch(r -> r.queueUrl(queue).entries(batch));
                        batch.clear();
                    }
                }
                if (!batch.isEmpty()) {
                    sqs.sendMessageBatch(r -> r.queueUrl(queue).entries(batch));
                }
                proxy.clearCounts();
                File out = JarProcess.tempFile("rollup-bench");
                File err = JarProcess.tempFile("rollup-bench-log");
                long start = System.nanoTime();
                Process process = JarProcess.start(proxy.endpoint(), Map.of("ROLLUP_QUEUE_URL", queue,
                        "ROLLUP_TOPIC_ARN", topic, "EXPECTED_ACCOUNTS", "%012d".formatted(100_000_000_000L + n)),
                        out, err, "rollup");
                if (!process.waitFor(10, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("the roll-up of %d summaries did not finish".formatted(n));
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                long sqsCalls = proxy.calls().entrySet().stream().filter(e -> !e.getKey().equals("Publish"))
                        .mapToLong(Map.Entry::getValue).sum();
                int parts = JSON.readTree(out).path("digestParts").asInt();
                report.append("| %d | %.1f | %d | %d | %d | %d |%n".formatted(n, seconds, sqsCalls,
                        proxy.calls("Publish"), parts, process.exitValue()));
                if (process.exitValue() != 0) {
                    System.err.println(Files.readString(err.toPath()));
                }
            }
        }
        report.append("\nThe roll-up's own work, the same summaries from a queue in memory (no call, one JVM already warm):\n");
        for (int n : sizes) {
            List<RollupQueue.Queued> messages = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                messages.add(new RollupQueue.Queued("m" + i, "r" + i, summary("%012d".formatted(100_000_000_000L + i), i)));
            }
            RollupQueue memory = new RollupQueue() {
                @Override
                public List<Queued> receiveAll() {
                    return messages;
                }

                @Override
                public void delete(List<Queued> done) {
                }

                @Override
                public void release(List<Queued> held) {
                }

                @Override
                public boolean deadLetter(Queued message) {
                    return false;
                }
            };
            long start = System.nanoTime();
            RollupResult result = new Rollup(memory, Optional.empty(), "", parts -> List.of("memory"),
                    RollupMetrics.NONE, Clock.systemUTC()).run();
            report.append("- %d summaries: %.2f s, %d accounts, %d digest parts%n".formatted(n,
                    (System.nanoTime() - start) / 1e9, result.accounts(), result.digestParts()));
        }
        System.out.print(report);
        Files.createDirectories(Paths.get("target"));
        Files.writeString(Paths.get("target", "benchmark-rollup.md"), report.toString());
        System.exit(0);
    }

    private static String summary(String account, int i) {
        ObjectNode s = JSON.createObjectNode().put("schema", 1).put("status", i % 50 == 0 ? "failed" : "succeeded")
                .put("mode", i % 10 == 0 ? "dry-run" : "enforce").put("modeReason", "SSM parameter").put("account", account)
                .put("startedAt", Instant.parse("2026-12-02T06:00:00Z").plusSeconds(i).toString())
                .put("durationMillis", 9000).put("usersEvaluated", 1000);
        s.putObject("outcomes").put("DELETED", i % 3).put("DEACTIVATED", i % 5).put("WITHHELD", 0).put("DEFERRED", 0);
        s.putObject("findingsByRule").put("EXPOSED_KEY", i % 97 == 0 ? 1 : 0);
        s.putArray("errors");
        s.putArray("failures");
        return s.toString();
    }
}
