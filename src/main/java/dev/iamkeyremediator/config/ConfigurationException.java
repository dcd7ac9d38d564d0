package dev.iamkeyremediator.config;

import java.util.List;

/** A malformed configuration value: the run stops at start-up with every problem named. */
public final class ConfigurationException extends RuntimeException {

    private final List<String> problems;

    public ConfigurationException(List<String> problems) {
        super("Invalid configuration: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
