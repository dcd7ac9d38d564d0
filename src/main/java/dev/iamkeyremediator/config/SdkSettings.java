package dev.iamkeyremediator.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The AWS SDK's own environment variables that the SDK would only reject deep inside a call, with a stack trace:
 * checked at start-up, so that a malformed one is a configuration error that names it, before any AWS call.
 */
final class SdkSettings {

    static final String RETRY_MODE = "AWS_RETRY_MODE";
    static final String MAX_ATTEMPTS = "AWS_MAX_ATTEMPTS";
    static final String ENDPOINT_URL = "AWS_ENDPOINT_URL";
    /** The SDK's retry modes ({@code software.amazon.awssdk.core.retry.RetryMode}), as the variable spells them. */
    static final List<String> RETRY_MODES = List.of("legacy", "standard", "adaptive", "adaptive_v2");

    private SdkSettings() {
    }

    /** What is wrong with the SDK's variables in {@code env}; empty when nothing is. */
    static List<String> problems(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        Settings.value(env, RETRY_MODE).filter(v -> !RETRY_MODES.contains(v.toLowerCase(Locale.ROOT)))
                .ifPresent(v -> problems.add("%s must be one of %s, got '%s'".formatted(RETRY_MODE,
                        String.join(", ", RETRY_MODES), Settings.printable(v))));
        Settings.value(env, MAX_ATTEMPTS).filter(v -> !v.matches("[1-9]\\d{0,2}"))
                .ifPresent(v -> problems.add("%s must be a whole number from 1 to 999, got '%s'".formatted(MAX_ATTEMPTS,
                        Settings.printable(v))));
        // AWS_ENDPOINT_URL and the per-service AWS_ENDPOINT_URL_<SERVICE>
        new TreeMap<>(env).forEach((name, raw) -> {
            if ((name.equals(ENDPOINT_URL) || name.startsWith(ENDPOINT_URL + "_")) && raw != null && !raw.isBlank()
                    && !isEndpoint(raw.trim())) {
                problems.add("%s must be an http or https URL such as https://iam.amazonaws.com, got '%s'"
                        .formatted(name, Settings.printable(raw.trim())));
            }
        });
        return problems;
    }

    private static boolean isEndpoint(String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean web = scheme.equals("http") || scheme.equals("https");
            return web && uri.getHost() != null && !uri.getHost().isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
