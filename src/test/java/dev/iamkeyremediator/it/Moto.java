package dev.iamkeyremediator.it;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * moto_server, the AWS API emulator, started once per test JVM on a free loopback port under libfaketime, so that
 * tests can create users and keys in the past: {@link #travel(String)} moves the emulator's clock.
 * A missing moto_server or libfaketime fails the suite with what to install; it never skips.
 */
public final class Moto {

    private static Moto shared;
    private static Moto withManagedPolicies;

    private final Process process;
    private final URI endpoint;
    private final Path timeFile;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Moto(Process process, URI endpoint, Path timeFile) {
        this.process = process;
        this.endpoint = endpoint;
        this.timeFile = timeFile;
    }

    public static synchronized Moto shared() {
        if (shared == null) {
            shared = start(false);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    /**
     * A second emulator that carries AWS's managed policies (the AWSCompromisedKeyQuarantine ones among them), for
     * the tests that attach them: loading them makes every reset of the emulator about 0.7 s slower, so the others
     * use {@link #shared()}.
     */
    public static synchronized Moto withManagedPolicies() {
        if (withManagedPolicies == null) {
            withManagedPolicies = start(true);
            Runtime.getRuntime().addShutdownHook(new Thread(withManagedPolicies::stop));
        }
        return withManagedPolicies;
    }

    /** The emulator a test class uses: {@link #withManagedPolicies()} when it is annotated so. */
    public static Moto forTest(Class<?> testClass) {
        return testClass.isAnnotationPresent(AwsManagedPolicies.class) ? withManagedPolicies() : shared();
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Moves the emulator's clock: {@code "-200d"}, {@code "-30d"}, {@code "+0"} (libfaketime offset syntax). */
    public void travel(String offset) {
        try {
            Files.writeString(timeFile, offset + "\n");
            Thread.sleep(20); // libfaketime re-reads the file on the next clock call; let the write settle
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + timeFile, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sets the emulator's clock to read {@code at} (and run on from it). */
    public void travelTo(java.time.Instant at) {
        travel(FakeTime.offsetTo(at));
    }

    /** Forgets every resource of every service. */
    public void reset() {
        travel("+0");
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("moto reset answered " + response.statusCode());
            }
        } catch (IOException e) {
            throw new IllegalStateException("moto reset failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public void stop() {
        process.destroy();
    }

    private static Moto start(boolean managedPolicies) {
        String motoServer = onPath("moto_server").orElseThrow(() -> new IllegalStateException(
                "moto_server is not on PATH: the integration tests need the AWS API emulator "
                        + "(pip install 'moto[server]')"));
        Path libfaketime = libfaketime().orElseThrow(() -> new IllegalStateException(
                "libfaketimeMT.so.1 not found: the integration tests need libfaketime (apt-get install faketime)"));
        try {
            // named after this JVM: failsafe runs test JVMs side by side, each with its own emulator and clock file
            String name = ProcessHandle.current().pid() + (managedPolicies ? "-managed-policies" : "");
            Path dir = Files.createDirectories(Paths.get("target", "moto"));
            Path timeFile = dir.resolve("faketime-" + name).toAbsolutePath();
            Path log = dir.resolve("moto-" + name + ".log");
            Files.writeString(timeFile, "+0\n");
            // port 0: the emulator binds a free port itself and says which, so that no other test JVM (or a proxy of
            // one) can take that port between a look for a free one and the emulator's bind
            ProcessBuilder builder = new ProcessBuilder(motoServer, "-H", "127.0.0.1", "-p", "0")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("LD_PRELOAD", libfaketime.toString());
            builder.environment().put("FAKETIME_TIMESTAMP_FILE", timeFile.toString());
            builder.environment().put("FAKETIME_NO_CACHE", "1");
            // Only the wall clock moves: it is the one moto dates things by. Python reads the monotonic clock about
            // a hundred times a request (its waits for the GIL, for sockets), and with that clock faked too,
            // libfaketime re-reads the clock file each time: 15% of moto's CPU. Its 'monotonic fix', which it turns
            // on by itself on recent glibc, would then make those waits return at once and spin: off.
            builder.environment().put("FAKETIME_DONT_FAKE_MONOTONIC", "1");
            builder.environment().put("FAKETIME_FORCE_MONOTONIC_FIX", "0");
            if (managedPolicies) {
                builder.environment().put("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
            }
            speedUp(builder.environment());
            Process process = builder.start();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            int port = awaitPort(process, log, deadline);
            Moto moto = new Moto(process, URI.create("http://127.0.0.1:" + port), timeFile);
            moto.awaitReady(deadline);
            return moto;
        } catch (IOException e) {
            throw new IllegalStateException("could not start moto_server", e);
        }
    }

    /**
     * moto/sitecustomize.py (test resources) on the emulator's PYTHONPATH: it spares moto work it redoes on every
     * request, a third of its CPU, without changing an answer.
     */
    private static void speedUp(Map<String, String> environment) {
        URL resource = Moto.class.getResource("/moto/sitecustomize.py");
        if (resource == null || !resource.getProtocol().equals("file")) {
            return;
        }
        try {
            String dir = Paths.get(resource.toURI()).getParent().toString();
            String path = environment.get("PYTHONPATH");
            environment.put("PYTHONPATH", path == null || path.isEmpty() ? dir : dir + File.pathSeparator + path);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final Pattern LISTENING = Pattern.compile("Running on http://127\\.0\\.0\\.1:(\\d+)");

    /** The port the emulator says it listens on ("Running on http://127.0.0.1:PORT" in its log). */
    private static int awaitPort(Process process, Path log, Instant deadline) throws IOException {
        while (Instant.now().isBefore(deadline)) {
            Matcher listening = LISTENING.matcher(new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1));
            if (listening.find()) {
                return Integer.parseInt(listening.group(1));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with " + process.exitValue() + "; see " + log);
            }
            sleep(100);
        }
        process.destroy();
        throw new IllegalStateException("moto_server did not say its port within 60 s; see " + log);
    }

    private void awaitReady(Instant deadline) {
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with " + process.exitValue() + "; see target/moto/");
            }
            try {
                http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        process.destroy();
        throw new IllegalStateException("moto_server did not answer within 60 s; see target/moto/");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Optional<String> onPath(String program) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(path.split(java.io.File.pathSeparator))
                .map(dir -> Paths.get(dir, program))
                .filter(Files::isExecutable)
                .map(Path::toString)
                .findFirst();
    }

    /** Debian's location for this machine's architecture, or LIBFAKETIME if set. */
    public static Optional<Path> libfaketime() {
        String explicit = System.getenv("LIBFAKETIME");
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(Paths.get(explicit)).filter(Files::isReadable);
        }
        return Stream.of("x86_64-linux-gnu", "aarch64-linux-gnu", "arm-linux-gnueabihf", "i386-linux-gnu")
                .map(arch -> Paths.get("/usr/lib", arch, "faketime", "libfaketimeMT.so.1"))
                .filter(Files::isReadable)
                .findFirst()
                .or(() -> Stream.of(Paths.get("/usr/lib/faketime/libfaketimeMT.so.1"),
                        Paths.get("/usr/local/lib/faketime/libfaketimeMT.so.1")).filter(Files::isReadable).findFirst());
    }
}
