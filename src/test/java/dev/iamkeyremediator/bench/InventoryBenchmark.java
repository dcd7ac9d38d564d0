package dev.iamkeyremediator.bench;

import dev.iamkeyremediator.aws.AwsClients;
import dev.iamkeyremediator.aws.CredentialReportSource;
import dev.iamkeyremediator.aws.IamAccount;
import dev.iamkeyremediator.aws.ReportTriagedInventory;
import dev.iamkeyremediator.config.Settings;
import dev.iamkeyremediator.inventory.Inventory;
import dev.iamkeyremediator.inventory.InventorySource;
import dev.iamkeyremediator.inventory.ReportTriage;
import dev.iamkeyremediator.inventory.RunBudget;
import dev.iamkeyremediator.it.CallCounter;
import dev.iamkeyremediator.it.FaultProxy;
import dev.iamkeyremediator.it.Moto;
import dev.iamkeyremediator.it.TestAccount;
import dev.iamkeyremediator.rules.Plan;
import dev.iamkeyremediator.rules.Planner;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Inventory strategies side by side on one emulated account per size, each call delayed by a fixed latency:
 * the naive sequential scan, the live scan with concurrency, and credential-report triage with concurrency.
 *
 * <p>{@code scripts/benchmark.sh [users...]} runs it; arguments: sizes (default 1000 5000), then
 * {@code --latency-ms N} (default 20), {@code --sweep} to time the live scan at several concurrency bounds.
 */
public final class InventoryBenchmark {

    private final Moto moto = Moto.shared();
    private final int latencyMs;
    private final StringBuilder report = new StringBuilder();

    private InventoryBenchmark(int latencyMs) {
        this.latencyMs = latencyMs;
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        int latency = 20;
        boolean sweep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--latency-ms" -> latency = Integer.parseInt(args[++i]);
                case "--sweep" -> sweep = true;
                default -> sizes.add(Integer.parseInt(args[i]));
            }
        }
        if (sizes.isEmpty()) {
            sizes = List.of(1000, 5000);
        }
        InventoryBenchmark bench = new InventoryBenchmark(latency);
        bench.line("# Inventory benchmark: %d ms per IAM call, JVM max heap %d MB, %d cores".formatted(latency,
                Runtime.getRuntime().maxMemory() / (1024 * 1024), Runtime.getRuntime().availableProcessors()));
        for (int users : sizes) {
            bench.run(users, sweep);
        }
        Files.createDirectories(Paths.get("target"));
        Files.writeString(Paths.get("target", "benchmark.md"), bench.report.toString());
        System.exit(0);
    }

    private void line(String text) {
        System.out.println(text);
        report.append(text).append('\n');
    }

    private void run(int users, boolean sweep) throws IOException {
        moto.reset();
        long seedStart = System.nanoTime();
        Mix mix = seed(users);
        line("");
        line("## %d users: %s (seeded in %d s)".formatted(users, mix, (System.nanoTime() - seedStart) / 1_000_000_000));
        line("");
        line("| strategy | wall s | IAM calls | calls by operation | peak heap MB | users read live | keys | findings |");
        line("|---|---:|---:|---|---:|---:|---:|---:|");
        Settings settings = Settings.defaults();
        try (FaultProxy proxy = new FaultProxy(moto.endpoint()).latency(Duration.ofMillis(latencyMs))) {
            Result naive = measure("naive sequential scan", proxy, clients -> new NaiveScan(clients.iam()));
            Result live = measure("live scan, concurrency 8", proxy,
                    clients -> new IamAccount(clients.iam(), settings.iamConcurrency(), Planner.fromSettings(settings).initialSetup()));
            Result triage = measure("report triage, concurrency 8", proxy, clients -> {
                IamAccount account = new IamAccount(clients.iam(), settings.iamConcurrency(), Planner.fromSettings(settings).initialSetup());
                return new ReportTriagedInventory(account,
                        new CredentialReportSource(clients.iam(), Duration.ofMinutes(2), Clock.systemUTC()),
                        new ReportTriage(settings), Clock.systemUTC());
            });
            line("");
            line("Against the naive scan: live scan %.1fx faster, %.0f%% of the calls; report triage %.1fx faster, %.0f%% of the calls."
                    .formatted(naive.seconds / live.seconds, 100.0 * live.calls / naive.calls,
                            naive.seconds / triage.seconds, 100.0 * triage.calls / naive.calls));
            if (!live.findings.equals(triage.findings)) {
                line("WARNING: the plans differ: live %s, triage %s".formatted(live.findings, triage.findings));
            }
            if (sweep) {
                line("");
                line("| live scan concurrency | wall s | calls |");
                line("|---:|---:|---:|");
                for (int bound : List.of(1, 2, 4, 8, 16, 32)) {
                    Result r = measure(null, proxy, clients -> new IamAccount(clients.iam(), bound, Planner.fromSettings(settings).initialSetup()));
                    line("| %d | %.1f | %d |".formatted(bound, r.seconds, r.calls));
                }
            }
        }
    }

    private record Result(double seconds, long calls, Map<String, Long> findings) {
    }

    private interface SourceFactory {
        InventorySource create(AwsClients clients);
    }

    private Result measure(String label, FaultProxy proxy, SourceFactory factory) {
        CallCounter calls = new CallCounter();
        try (AwsClients clients = AwsClients.builder().endpointOverride(proxy.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(TestAccount.ADMIN).maxConnections(64).addExecutionInterceptor(calls).build()) {
            InventorySource source = factory.create(clients);
            System.gc();
            List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP).toList();
            heap.forEach(MemoryPoolMXBean::resetPeakUsage);
            long start = System.nanoTime();
            Inventory inventory = source.read(RunBudget.UNLIMITED);
            Plan plan = Planner.fromSettings(Settings.defaults()).plan(inventory, java.time.Instant.now());
            double seconds = (System.nanoTime() - start) / 1e9;
            long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            Map<String, Long> iam = new TreeMap<>();
            calls.snapshot().forEach((op, n) -> {
                if (op.startsWith("Iam:")) {
                    iam.put(op.substring(4), n);
                }
            });
            long total = iam.values().stream().mapToLong(Long::longValue).sum();
            Map<String, Long> findings = new TreeMap<>();
            plan.decisions().stream().filter(d -> d.hasNews()).forEach(d -> findings.merge(
                    d.governing().or(d::upcoming).map(f -> f.rule() + " " + f.action()).orElse("?"), 1L, Long::sum));
            if (label != null) {
                line("| %s | %.1f | %d | %s | %d | %s | %d | %d |".formatted(label, seconds, total, iam,
                        peak / (1024 * 1024), liveUsers(inventory), inventory.keyCount(),
                        findings.values().stream().mapToLong(Long::longValue).sum()));
            }
            return new Result(seconds, total, findings);
        }
    }

    private static String liveUsers(Inventory inventory) {
        String strategy = inventory.strategy();
        int at = strategy.indexOf(": ");
        return at < 0 ? "all" : strategy.substring(at + 2, strategy.indexOf(" users"));
    }

    // ---- seeding -------------------------------------------------------------------------------------------

    /** How many users of each kind, for the table's heading. */
    private record Mix(int noKeys, int healthy, int unused, int setupKeys, int twoKeys, int inactive, int oldBusy) {
        @Override
        public String toString() {
            return ("%d healthy, %d without keys, %d unused, %d never-used setup keys, %d with two keys, "
                    + "%d inactive, %d due for rotation").formatted(healthy, noKeys, unused, setupKeys, twoKeys, inactive, oldBusy);
        }
    }

    private Mix seed(int users) {
        List<String> noKeys = new ArrayList<>();
        List<String> healthy = new ArrayList<>();
        List<String> unused = new ArrayList<>();
        List<String> setup = new ArrayList<>();
        List<String> two = new ArrayList<>();
        List<String> inactive = new ArrayList<>();
        List<String> oldBusy = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            String name = "user-%05d".formatted(i);
            int bucket = i % 100;
            (bucket < 10 ? noKeys : bucket < 70 ? healthy : bucket < 78 ? unused : bucket < 83 ? setup
                    : bucket < 90 ? two : bucket < 95 ? inactive : oldBusy).add(name);
        }
        Seeder s = new Seeder(moto);
        try {
            moto.travel("-300d");
            s.createWithKey(unused);
            s.createWithKey(inactive);
            moto.travel("-200d");
            s.createWithKey(oldBusy);
            moto.travel("-150d");
            s.useFirstKey(unused);
            moto.travel("-130d");
            s.useFirstKey(inactive);
            s.deactivateFirstKey(inactive);
            moto.travel("-60d");
            s.createWithKey(healthy);
            s.createWithKey(two);
            moto.travel("-30d");
            s.addKey(two);
            moto.travel("-20d");
            s.useFirstKey(two);
            moto.travel("-2d");
            s.createWithKey(setup);
            s.givePassword(setup);
            moto.travel("-1d");
            s.useFirstKey(healthy);
            s.useFirstKey(oldBusy);
            s.useLastKey(two);
            moto.travel("+0");
            s.create(noKeys);
        } finally {
            moto.travel("+0");
            s.close();
        }
        return new Mix(noKeys.size(), healthy.size(), unused.size(), setup.size(), two.size(), inactive.size(),
                oldBusy.size());
    }

    /** Seeds straight into moto (no latency), 16 calls at a time. */
    private static final class Seeder implements AutoCloseable {
        private final AwsClients clients;
        private final IamClient iam;
        private final StsClient sts;
        private final ExecutorService pool = Executors.newFixedThreadPool(16);
        private final Map<String, List<String[]>> keys = new java.util.concurrent.ConcurrentHashMap<>();

        Seeder(Moto moto) {
            clients = AwsClients.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                    .credentialsProvider(TestAccount.ADMIN).maxConnections(32).build();
            iam = clients.iam();
            sts = clients.sts();
        }

        private void each(List<String> users, java.util.function.Consumer<String> action) {
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

        void useFirstKey(List<String> users) {
            each(users, u -> use(keys.get(u).get(0)));
        }

        void useLastKey(List<String> users) {
            each(users, u -> use(keys.get(u).get(keys.get(u).size() - 1)));
        }

        void deactivateFirstKey(List<String> users) {
            each(users, u -> iam.updateAccessKey(r -> r.userName(u).accessKeyId(keys.get(u).get(0)[0])
                    .status(StatusType.INACTIVE)));
        }

        private void use(String[] key) {
            sts.getCallerIdentity(r -> r.overrideConfiguration(c -> c.credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create(key[0], key[1])))));
        }

        @Override
        public void close() {
            pool.shutdown();
            clients.close();
        }
    }

    /**
     * What a first script does: every user, one after another, each with its keys, password, tags and every key's
     * last use.
     */
    static final class NaiveScan implements InventorySource {
        private final IamClient iam;

        NaiveScan(IamClient iam) {
            this.iam = iam;
        }

        @Override
        public Inventory read(RunBudget budget) {
            List<dev.iamkeyremediator.inventory.User> users = new ArrayList<>();
            int count = 0;
            for (var user : iam.listUsersPaginator(r -> { }).users()) {
                count++;
                List<AccessKeyMetadata> metas = iam.listAccessKeysPaginator(r -> r.userName(user.userName()))
                        .accessKeyMetadata().stream().toList();
                boolean password;
                try {
                    iam.getLoginProfile(r -> r.userName(user.userName()));
                    password = true;
                } catch (NoSuchEntityException e) {
                    password = false;
                }
                Map<String, String> tags = new TreeMap<>();
                iam.listUserTagsPaginator(r -> r.userName(user.userName())).tags().forEach(t -> tags.put(t.key(), t.value()));
                List<dev.iamkeyremediator.inventory.AccessKey> keys = new ArrayList<>();
                for (AccessKeyMetadata m : metas) {
                    var used = iam.getAccessKeyLastUsed(r -> r.accessKeyId(m.accessKeyId())).accessKeyLastUsed();
                    keys.add(new dev.iamkeyremediator.inventory.AccessKey(m.accessKeyId(), user.userName(),
                            m.status() == StatusType.ACTIVE ? dev.iamkeyremediator.inventory.KeyStatus.ACTIVE
                                    : dev.iamkeyremediator.inventory.KeyStatus.INACTIVE,
                            m.createDate(), used == null ? null : used.lastUsedDate(), null));
                }
                if (!keys.isEmpty()) {
                    users.add(new dev.iamkeyremediator.inventory.User(user.userName(), user.arn(), user.createDate(),
                            password, tags, keys));
                }
            }
            return Inventory.live(users, count, List.of(), "naive");
        }
    }

}
