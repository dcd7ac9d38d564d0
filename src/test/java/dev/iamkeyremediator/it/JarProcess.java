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

    private JarProcess() {
    }

    public static Path jar() {
        return Paths.get(System.getProperty("remediator.jar", "target/iam-key-remediator.jar"));
    }

    /** stdout and stderr go to the given files. */
    public static Process start(URI endpoint, Map<String, String> env, File stdout, File stderr, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        builder.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing",
                "AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL", endpoint.toString(), "AWS_EC2_METADATA_DISABLED", "true",
                "MAX_ACTION_PERCENT", "100"));
        builder.environment().putAll(env);
        return builder.redirectOutput(stdout).redirectError(stderr).start();
    }

    /** As {@link #start}, with the jar's clock (libfaketime) reading {@code fakeNow} at start and running on from it. */
    public static Process startAt(java.time.Instant fakeNow, URI endpoint, Map<String, String> env, File stdout,
            File stderr, String... args) throws IOException {
        java.util.HashMap<String, String> all = new java.util.HashMap<>(env);
        all.put("LD_PRELOAD", Moto.libfaketime().orElseThrow().toString());
        all.put("FAKETIME", FakeTime.offsetTo(fakeNow));
        all.put("FAKETIME_DONT_FAKE_MONOTONIC", "1");
        return start(endpoint, all, stdout, stderr, args);
    }

    public static File tempFile(String prefix) throws IOException {
        return Files.createTempFile(prefix, ".txt").toFile();
    }
}
