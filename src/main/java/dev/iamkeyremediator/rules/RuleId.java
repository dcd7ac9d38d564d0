package dev.iamkeyremediator.rules;

/** The rules, in precedence order, with the standards each one implements. */
public enum RuleId {
    INITIAL_SETUP_KEY("CIS AWS Foundations 1.11 (v1.3-v3.0), 1.10 (v5), 2.10 (v6)"),
    STALE_INACTIVE_KEY("inactive keys should be dropped; deactivate-then-delete backout"),
    UNUSED_KEY("CIS 1.12 (v1.4-v3.0) / 2.11 (v6); Security Hub IAM.8 and IAM.22"),
    MULTIPLE_ACTIVE_KEYS("CIS 1.13 / 2.12 (v6); Trend Micro Conformity IAM-004"),
    KEY_ROTATION_DUE("CIS 1.14 / 2.13 (v6); Security Hub IAM.3");

    private final String standards;

    RuleId(String standards) {
        this.standards = standards;
    }

    public String standards() {
        return standards;
    }
}
