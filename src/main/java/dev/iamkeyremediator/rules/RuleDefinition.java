package dev.iamkeyremediator.rules;

import java.util.List;
import java.util.function.Function;

/**
 * A rule as the configuration knows it before it is built: the settings it declares, and how it is built from
 * their values.
 *
 * @param settings the rule's own settings
 * @param build    makes the rule from the values of its settings
 */
public record RuleDefinition(List<Setting> settings, Function<RuleSettings, Rule> build) {

    public RuleDefinition {
        settings = List.copyOf(settings);
    }
}
