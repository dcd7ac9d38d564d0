package dev.iamkeyremediator.rules;

import java.util.List;

/**
 * Every rule of docs/rules.md, in precedence order: the one list of them. A new rule is its class (with its id,
 * standards, settings, wording and what it needs read live) and one line here.
 */
public final class Rules {

    /**
     * In precedence order: an emergency first (EXPOSED_KEY), then among the actions on one key delete beats
     * deactivate beats report, then this order.
     */
    public static final List<RuleDefinition> ALL = List.of(
            ExposedKeyRule.DEFINITION,
            RootAccessKeyRule.DEFINITION,
            InitialSetupKeyRule.DEFINITION,
            StaleInactiveKeyRule.DEFINITION,
            UnusedKeyRule.DEFINITION,
            MultipleActiveKeysRule.DEFINITION,
            KeyRotationDueRule.DEFINITION);

    private Rules() {
    }

    /** Every rule's settings, in precedence order. */
    public static List<Setting> settings() {
        return ALL.stream().flatMap(d -> d.settings().stream()).toList();
    }

    /** Every rule, built from {@code values}, in precedence order. */
    public static List<Rule> build(RuleSettings values) {
        return ALL.stream().map(d -> d.build().apply(values)).toList();
    }
}
