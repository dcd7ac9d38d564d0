package dev.iamkeyremediator.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The release this build is: the pom's {@code <version>}, the one place it is written, which the build copies into
 * {@code release.properties}. {@code --version}, the run summary, the digest's footer and the template's
 * Serverless Application Repository metadata carry it; ReleaseTest fails when any of them differs.
 */
public final class Release {

    private static final String RESOURCE = "/dev/iamkeyremediator/release.properties";
    private static final String VERSION = read();

    private Release() {
    }

    /** The release version, e.g. {@code 1.0.0}. */
    public static String version() {
        return VERSION;
    }

    /** The product and its release, as the digests' footers and {@code --version} print it. */
    public static String nameAndVersion() {
        return "iam-key-remediator " + VERSION;
    }

    private static String read() {
        try (InputStream in = Release.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar: build it with ./mvnw package");
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "");
            if (version.isBlank() || version.contains("${")) {
                throw new IllegalStateException(RESOURCE + " holds no version (" + version
                        + "): the build did not filter it; build with ./mvnw package");
            }
            return version.strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
