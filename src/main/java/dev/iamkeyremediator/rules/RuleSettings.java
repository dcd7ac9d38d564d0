package dev.iamkeyremediator.rules;

import java.util.Map;

/**
 * The values of the rules' settings, each within its range (the configuration checks them before a rule is built).
 *
 * @param values by variable name; a setting without a value has its default
 */
public record RuleSettings(Map<String, Integer> values) {

    public static final RuleSettings DEFAULTS = new RuleSettings(Map.of());

    public RuleSettings {
        values = Map.copyOf(values);
    }

    public int get(Setting setting) {
        return values.getOrDefault(setting.name(), setting.defaultValue());
    }
}
