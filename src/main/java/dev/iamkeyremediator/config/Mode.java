package dev.iamkeyremediator.config;

import java.util.Locale;
import java.util.Optional;

/**
 * The mode of one run and why. Only the exact words {@code dry-run} and {@code enforce} (trimmed,
 * case-insensitive) are understood; anything else, a missing parameter or a failed read, is dry-run with a warning.
 *
 * @param mode     the mode the run uses
 * @param reason   one sentence saying where the mode came from
 * @param warning  present when the run fell back to dry-run: the text heads the digest
 */
public record Mode(RunMode mode, String reason, Optional<String> warning) {

    public static Mode fromParameterValue(String parameterName, String value) {
        if (value == null) {
            return fallback("SSM parameter %s has no value".formatted(parameterName));
        }
        String normalized = value.trim().toLowerCase(Locale.ROOT);
        for (RunMode candidate : RunMode.values()) {
            if (candidate.parameterValue().equals(normalized)) {
                return new Mode(candidate, "SSM parameter %s is '%s'".formatted(parameterName, candidate.parameterValue()),
                        Optional.empty());
            }
        }
        String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        return fallback("SSM parameter %s holds '%s', which is neither 'dry-run' nor 'enforce'".formatted(parameterName,
                shown.replaceAll("\\p{Cntrl}", "?")));
    }

    public static Mode fallback(String problem) {
        String warning = problem + ": running in dry-run, no key will be changed.";
        return new Mode(RunMode.DRY_RUN, warning, Optional.of(warning));
    }

    /** A local {@code run --dry-run}: can only make a run safer, never enforce. */
    public static Mode forcedDryRun() {
        return new Mode(RunMode.DRY_RUN, "dry-run forced on the command line", Optional.empty());
    }

    public boolean enforce() {
        return mode == RunMode.ENFORCE;
    }
}
