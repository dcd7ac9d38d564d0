package dev.iamkeyremediator.it;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the packaged jar as a separate process configured only through the standard environment, pointed at an
 * endpoint (moto, or a proxy in front of it). Inherited AWS variables are dropped so the developer's own never leak in.
 */
public final class JarProcess {

    /**
     * The first JIT compiler only: each of these JVMs lives a few seconds, in which the second compiler's work never
     * pays for itself (a run of the jar costs 2.7 s of CPU instead of 4.4). What the jar does is the same.
     */
    private static final String QUICK_JIT = "-XX:TieredStopAtLevel=1";

    private JarProcess() {
    }

    public static Path jar() {
        return Paths.get(System.getProperty("remediator.jar", "target/iam-key-remediator.jar"));
    }

    /** stdout and stderr go to the given files. */
    public static Process start(URI endpoint, Map<String, String> env, File stdout, File stderr, String... args)
            throws IOException {
        return startJar(endpoint, env, stdout, stderr, args);
    }

    private static Process startJar(URI endpoint, Map<String, String> env, File stdout, File stderr, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), QUICK_JIT));
        if (args.length > 0 && args[0].equals("run")) {
            command.addAll(classArchive("jar"));
        }
        command.addAll(List.of("-jar", jar().toString()));
        command.addAll(List.of(args));
        return start(command, endpoint, env, stdout, stderr);
    }

    /**
     * A class data archive, one per way of starting the jar and per test JVM (target/cds/jar-PID.jsa for the jar's
     * {@code run} command, runtime-client-PID.jsa under the Lambda runtime's client): the first start writes the
     * classes it loaded, the next ones map them from the archive instead of loading and verifying them again (a run of
     * the jar takes 1.4 s of CPU instead of 2.7). The JVM checks the archive against the class path, and writes it
     * anew when the jar on it changed; the runtime client's class loader reads the function's jar from its own
     * directory, and each class it defines is taken from the archive only when its bytes match. What the jar does is
     * the same either way. (Other commands would write an archive of the few classes they need, of little use to a
     * run.)
     */
    private static List<String> classArchive(String name) throws IOException {
        Path dir = Files.createDirectories(jar().toAbsolutePath().getParent().resolve("cds"));
        Path archive = dir.resolve(name + "-" + ProcessHandle.current().pid() + ".jsa");
        return List.of("-XX:SharedArchiveFile=" + archive, "-XX:+AutoCreateSharedArchive");
    }

    /**
     * The packaged handler under the Lambda runtime's own client, as Lambda's java21 runtime starts it: the runtime's
     * jars (aws-lambda-java-runtime-interface-client and what it needs, from the test class path) on the class path,
     * the function's shaded jar alone in {@code lib/} of the task directory, where the client's class loader finds it.
     */
    public static Process startUnderRuntimeClient(String runtimeApi, URI endpoint, Map<String, String> env,
            File stdout, File stderr) throws IOException {
        List<String> runtime = java.util.Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.contains("aws-lambda-java-runtime-interface-client")
                        || entry.contains("aws-lambda-java-serialization") || entry.contains("aws-lambda-java-core")
                        || entry.contains("utils-lite"))
                .toList();
        if (runtime.stream().noneMatch(e -> e.contains("runtime-interface-client"))) {
            throw new IllegalStateException("the runtime interface client is not on the test class path");
        }
        Path task = Files.createTempDirectory("lambda-task");
        Files.createDirectories(task.resolve("lib"));
        Files.copy(jar(), task.resolve("lib").resolve(jar().getFileName()));
        List<String> command = new ArrayList<>(List.of(java(), QUICK_JIT));
        command.addAll(classArchive("runtime-client"));
        command.addAll(List.of("-cp", String.join(File.pathSeparator, runtime),
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
                "dev.iamkeyremediator.handler.RemediatorHandler::handleRequest"));
        java.util.HashMap<String, String> all = new java.util.HashMap<>(env);
        all.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        all.put("LAMBDA_TASK_ROOT", task.toString());
        all.put("AWS_LAMBDA_FUNCTION_NAME", "iam-key-remediator");
        all.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
        all.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
        all.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/iam-key-remediator");
        all.put("AWS_LAMBDA_LOG_STREAM_NAME", "test");
        all.put("_HANDLER", "dev.iamkeyremediator.handler.RemediatorHandler::handleRequest");
        ProcessBuilder builder = prepare(command, endpoint, all).directory(task.toFile());
        return builder.redirectOutput(stdout).redirectError(stderr).start();
    }

    private static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Process start(List<String> command, URI endpoint, Map<String, String> env, File stdout, File stderr)
            throws IOException {
        return prepare(command, endpoint, env).redirectOutput(stdout).redirectError(stderr).start();
    }

    private static ProcessBuilder prepare(List<String> command, URI endpoint, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        builder.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing",
                "AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL", endpoint.toString(), "AWS_EC2_METADATA_DISABLED", "true",
                "MAX_ACTION_PERCENT", "100"));
        builder.environment().putAll(env);
        return builder;
    }

    /** As {@link #start}, with the jar's clock (libfaketime) reading {@code fakeNow} at start and running on from it. */
    public static Process startAt(java.time.Instant fakeNow, URI endpoint, Map<String, String> env, File stdout,
            File stderr, String... args) throws IOException {
        java.util.HashMap<String, String> all = new java.util.HashMap<>(env);
        all.put("LD_PRELOAD", Moto.libfaketime().orElseThrow().toString());
        all.put("FAKETIME", FakeTime.offsetTo(fakeNow));
        all.put("FAKETIME_DONT_FAKE_MONOTONIC", "1");
        // libfaketime turns on its 'monotonic fix' by itself on recent glibc: then the JVM's timed waits on monotonic
        // condition variables (GC, compiler and SDK housekeeping threads) end at once and spin: a run of the jar took
        // 20 s of CPU instead of 4. Those waits need no fix, since the monotonic clock is not faked.
        all.put("FAKETIME_FORCE_MONOTONIC_FIX", "0");
        // Files keep their real times: the JVM checks the class data archive against the jar's modification time, and
        // with that time moved too it would not map the archive (a run would take 2.1 s of CPU instead of 1.2). The
        // jar reads no file's time.
        all.put("NO_FAKE_STAT", "1");
        return startJar(endpoint, all, stdout, stderr, args);
    }

    public static File tempFile(String prefix) throws IOException {
        return Files.createTempFile(prefix, ".txt").toFile();
    }
}
