package dev.iamkeyremediator.bench;

import dev.iamkeyremediator.aws.AwsClients;
import dev.iamkeyremediator.it.FaultProxy;
import dev.iamkeyremediator.it.JarProcess;
import dev.iamkeyremediator.it.Moto;
import dev.iamkeyremediator.it.TestAccount;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Whole runs side by side, as users wait for them: each system is a process started against the same emulated
 * account (seeded afresh for each, so every system finds the same mix), every IAM call delayed by a fixed latency.
 * It times the process from start to exit, counts the IAM calls that reach the account, and for this project's jar
 * reads its peak heap from its GC log (the JVM is held to -Xmx256m).
 *
 * <p>The account looks like a real one: 70% of the users with one key in use (most keys older than 90 days), 10%
 * in the middle of a rotation with both keys in use, 5% each without a key, with a never-used key from their
 * console setup, with a key unused for months, and with a key Inactive for months.
 *
 * <p>{@code scripts/benchmark.sh [users...] [--latency-ms N] [--peer LABEL=COMMAND]}: sizes default to 1000 and
 * 5000; a peer is any other remediation command to time alongside (run with the account's endpoint in
 * AWS_ENDPOINT_URL).
 */
public final class RunBenchmark {

    private static final Pattern HEAP_BEFORE_GC = Pattern.compile("(\\d+)M->\\d+M\\(\\d+M\\)");

    private final Moto moto = Moto.shared();
    private final int latencyMs;
    private final Map<String, String> peers;
    private final StringBuilder report = new StringBuilder();

    private RunBenchmark(int latencyMs, Map<String, String> peers) {
        this.latencyMs = latencyMs;
        this.peers = peers;
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        int latency = 20;
        Map<String, String> peers = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--latency-ms" -> latency = Integer.parseInt(args[++i]);
                case "--peer" -> {
                    String[] peer = args[++i].split("=", 2);
                    peers.put(peer[0], peer[1]);
                }
                default -> sizes.add(Integer.parseInt(args[i]));
            }
        }
        if (sizes.isEmpty()) {
            sizes = List.of(1000, 5000);
        }
        RunBenchmark bench = new RunBenchmark(latency, peers);
        bench.line("# Whole runs side by side: %d ms per call, %d cores".formatted(latency,
                Runtime.getRuntime().availableProcessors()));
        for (int users : sizes) {
            bench.run(users);
        }
        Files.createDirectories(Paths.get("target"));
        Files.writeString(Paths.get("target", "benchmark.md"), bench.report.toString());
        System.exit(0);
    }

    private void line(String text) {
        System.out.println(text);
        report.append(text).append('\n');
    }

    private record Result(String system, double seconds, long iamCalls, Map<String, Long> byOperation, String heap,
            int exit) {
    }

    private void run(int users) throws Exception {
        line("");
        line("## %d users".formatted(users));
        line("");
        line("| system | wall s | IAM calls | writes | KMS calls | peak heap MB | exit |");
        line("|---|---:|---:|---:|---:|---:|---:|");
        List<Result> results = new ArrayList<>();
        String script = Paths.get("scripts", "bench", "plain_boto3_remediation.py").toString();
        results.add(measure(users, "plain boto3 script", List.of("python3", script), false));
        for (Map.Entry<String, String> peer : peers.entrySet()) {
            results.add(measure(users, peer.getKey(), List.of("bash", "-c", peer.getValue()), false));
        }
        results.add(measure(users, "iam-key-remediator enforce", jar(users), true));
        results.add(measure(users, "iam-key-remediator enforce, sealed markers", jar(users), true));
        results.add(measure(users, "iam-key-remediator dry-run", jar(users), false));
        results.add(measure(users, "iam-key-remediator exposed-key event (enforce)", jar(users), true));
        Result plain = results.get(0);
        line("");
        for (Result r : results.subList(1, results.size())) {
            line("- %s: %.2f of the plain script's wall time, %.2f of its IAM calls; calls by operation %s"
                    .formatted(r.system(), r.seconds() / plain.seconds(), (double) r.iamCalls() / plain.iamCalls(),
                            r.byOperation()));
        }
        line("- plain boto3 script: calls by operation " + plain.byOperation());
    }

    private static List<String> jar(int users) {
        return List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-Xlog:gc:file=target/bench-gc-" + users + ".log", "-jar", JarProcess.jar().toString(), "run");
    }

    private Result measure(int users, String system, List<String> command, boolean enforce) throws Exception {
        moto.reset();
        long seedStart = System.nanoTime();
        seed(users);
        if (system.contains("exposed-key event")) {
            command = new ArrayList<>(command);
            command.addAll(List.of("--event", healthEvent().toString()));
        }
        System.err.printf("seeded %d users in %d s for %s%n", users, (System.nanoTime() - seedStart) / 1_000_000_000, system);
        try (TestAccount account = new TestAccount(moto);
                FaultProxy proxy = new FaultProxy(moto.endpoint()).latency(Duration.ofMillis(latencyMs))) {
            account.setMode(enforce || !system.startsWith("iam-key-remediator") ? "enforce" : "dry-run");
            String markerKey = system.contains("sealed markers") ? account.markerKey() : "";
            Path gcLog = Paths.get("target", "bench-gc-" + users + ".log");
            Files.deleteIfExists(gcLog);
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
            builder.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing",
                    "AWS_REGION", "us-east-1", "AWS_DEFAULT_REGION", "us-east-1",
                    "AWS_ENDPOINT_URL", proxy.endpoint().toString(), "AWS_EC2_METADATA_DISABLED", "true",
                    "MAX_ACTIONS_PER_RUN", "100000", "MAX_ACTION_PERCENT", "100", "MARKER_KEY_ARN", markerKey));
            File out = JarProcess.tempFile("bench-out");
            File err = JarProcess.tempFile("bench-err");
            long start = System.nanoTime();
            Process process = builder.redirectOutput(out).redirectError(err).start();
            if (!process.waitFor(30, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(system + " did not finish in 30 minutes");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Long> iam = new java.util.TreeMap<>();
            proxy.calls().forEach((op, n) -> {
                if (IAM_OPERATIONS.contains(op)) {
                    iam.put(op, n);
                }
            });
            long total = iam.values().stream().mapToLong(Long::longValue).sum();
            long kms = proxy.calls("GenerateMac") + proxy.calls("VerifyMac");
            long writes = iam.entrySet().stream().filter(e -> WRITES.contains(e.getKey())).mapToLong(Map.Entry::getValue).sum();
            String heap = Files.exists(gcLog) ? String.valueOf(peakHeapMb(gcLog)) : "";
            Result result = new Result(system, seconds, total, iam, heap, process.exitValue());
            line("| %s | %.1f | %d | %d | %d | %s | %d |".formatted(system, seconds, total, writes, kms, heap,
                    process.exitValue()));
            if (process.exitValue() != 0) {
                System.err.println(Files.readString(err.toPath()).lines().limit(20).reduce("", (a, b) -> a + b + "\n"));
            }
            return result;
        }
    }

    /** An AWS Health event naming the key of a user in use, as EventBridge delivers it. */
    private Path healthEvent() throws IOException {
        try (TestAccount account = new TestAccount(moto)) {
            String key = account.iam().listAccessKeys(r -> r.userName("user-00000")).accessKeyMetadata().get(0)
                    .accessKeyId();
            Path event = JarProcess.tempFile("bench-event").toPath();
            Files.writeString(event, Files.readString(Paths.get("events", "health-exposed-key.json"))
                    .replaceAll("AKIAEXPOSEDKEY0\\d", key));
            return event;
        }
    }

    private static final List<String> WRITES = List.of("UpdateAccessKey", "DeleteAccessKey", "TagUser", "UntagUser");
    private static final List<String> IAM_OPERATIONS = List.of("ListUsers", "GetAccountAuthorizationDetails",
            "ListAccessKeys", "GetAccessKeyLastUsed", "GetUser", "ListAttachedUserPolicies", "ListUserPolicies",
            "GetLoginProfile", "ListUserTags", "GenerateCredentialReport", "GetCredentialReport", "UpdateAccessKey",
            "DeleteAccessKey", "TagUser", "UntagUser");

    /** The most heap in use before any collection, from -Xlog:gc lines such as "Pause Young ... 45M->12M(256M)". */
    private static long peakHeapMb(Path gcLog) throws IOException {
        long peak = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = HEAP_BEFORE_GC.matcher(line);
            while (m.find()) {
                peak = Math.max(peak, Long.parseLong(m.group(1)));
            }
        }
        return peak;
    }

    // ---- seeding -------------------------------------------------------------------------------------------

    private void seed(int users) {
        List<String> inUse = new ArrayList<>();
        List<String> inUseYoung = new ArrayList<>();
        List<String> rotating = new ArrayList<>();
        List<String> noKey = new ArrayList<>();
        List<String> setup = new ArrayList<>();
        List<String> unused = new ArrayList<>();
        List<String> inactive = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            String name = "user-%05d".formatted(i);
            int bucket = i % 100;
            (bucket < 56 ? inUse : bucket < 70 ? inUseYoung : bucket < 80 ? rotating : bucket < 85 ? noKey
                    : bucket < 90 ? setup : bucket < 95 ? unused : inactive).add(name);
        }
        try (Seeder s = new Seeder(moto)) {
            moto.travel("-400d");
            s.createWithKey(inUse);
            s.createWithKey(unused);
            s.createWithKey(inactive);
            s.createWithKey(rotating);
            moto.travel("-300d");
            s.useKey(inactive, 0);
            s.deactivateKey(inactive, 0);
            moto.travel("-150d");
            s.useKey(unused, 0);
            moto.travel("-40d");
            s.createWithKey(inUseYoung);
            moto.travel("-20d");
            s.addKey(rotating);
            moto.travel("-5d");
            s.createWithKey(setup);
            s.givePassword(setup);
            moto.travel("-1d");
            s.useKey(inUse, 0);
            s.useKey(inUseYoung, 0);
            s.useKey(rotating, 0);
            moto.travel("-3h");
            s.useKey(rotating, 1);
            moto.travel("+0");
            s.create(noKey);
        } finally {
            moto.travel("+0");
        }
    }

    /** Seeds straight into moto (no latency), 16 calls at a time. */
    private static final class Seeder implements AutoCloseable {
        private final AwsClients clients;
        private final IamClient iam;
        private final ExecutorService pool = Executors.newFixedThreadPool(16);
        private final Map<String, List<String[]>> keys = new ConcurrentHashMap<>();
        private final Moto moto;

        Seeder(Moto moto) {
            this.moto = moto;
            clients = AwsClients.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                    .credentialsProvider(TestAccount.ADMIN).maxConnections(32).build();
            iam = clients.iam();
        }

        private void each(List<String> users, Consumer<String> action) {
            List<Future<?>> futures = new ArrayList<>();
            for (String user : users) {
                futures.add(pool.submit(() -> action.accept(user)));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (Exception e) {
                    throw new IllegalStateException("seeding failed", e);
                }
            }
        }

        void create(List<String> users) {
            each(users, u -> iam.createUser(r -> r.userName(u)));
        }

        void createWithKey(List<String> users) {
            each(users, u -> {
                iam.createUser(r -> r.userName(u));
                newKey(u);
            });
        }

        void addKey(List<String> users) {
            each(users, this::newKey);
        }

        private void newKey(String user) {
            var key = iam.createAccessKey(r -> r.userName(user)).accessKey();
            keys.computeIfAbsent(user, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                    .add(new String[] {key.accessKeyId(), key.secretAccessKey()});
        }

        void givePassword(List<String> users) {
            each(users, u -> iam.createLoginProfile(r -> r.userName(u).password("Correct-Horse-42!")));
        }

        void useKey(List<String> users, int index) {
            each(users, u -> {
                String[] key = keys.get(u).get(index);
                try (StsClient sts = StsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key[0], key[1])))
                        .build()) {
                    sts.getCallerIdentity();
                }
            });
        }

        void deactivateKey(List<String> users, int index) {
            each(users, u -> iam.updateAccessKey(r -> r.userName(u).accessKeyId(keys.get(u).get(index)[0])
                    .status(StatusType.INACTIVE)));
        }

        @Override
        public void close() {
            pool.shutdown();
            clients.close();
        }
    }
}
