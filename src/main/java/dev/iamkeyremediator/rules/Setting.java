package dev.iamkeyremediator.rules;

/**
 * A whole-number setting a rule declares: its environment variable, its default and its range live here and nowhere
 * else; {@code --help}, docs/configuration.md's table and the template's parameters follow it (a test ties the
 * template to it).
 *
 * @param name         the environment variable
 * @param defaultValue its value when the variable is unset
 * @param min          the smallest value allowed
 * @param max          the largest value allowed
 * @param meaning      what it sets, for people
 */
public record Setting(String name, int defaultValue, int min, int max, String meaning) {

    public Setting {
        if (defaultValue < min || defaultValue > max) {
            throw new IllegalArgumentException(name + ": default out of its range");
        }
    }

    public boolean accepts(int value) {
        return value >= min && value <= max;
    }
}
