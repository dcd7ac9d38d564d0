package dev.iamkeyremediator.rules;

import java.util.List;

/** The rules, in precedence order, with the standards each one implements. */
public enum RuleId {
    INITIAL_SETUP_KEY("CIS AWS Foundations 1.11 (v1.3-v3.0), 1.10 (v5), 2.10 (v6)", List.of(
            "CIS AWS Foundations Benchmark v1.3.0/1.11", "CIS AWS Foundations Benchmark v1.4.0/1.11",
            "CIS AWS Foundations Benchmark v3.0.0/1.11", "CIS AWS Foundations Benchmark v5.0.0/1.10",
            "CIS AWS Foundations Benchmark v6.0.0/2.10")),
    STALE_INACTIVE_KEY("inactive keys should be dropped; deactivate-then-delete backout", List.of()),
    UNUSED_KEY("CIS 1.12 (v1.4-v3.0) / 2.11 (v6); Security Hub IAM.8 and IAM.22", List.of(
            "CIS AWS Foundations Benchmark v1.4.0/1.12", "CIS AWS Foundations Benchmark v3.0.0/1.12",
            "CIS AWS Foundations Benchmark v6.0.0/2.11", "IAM.8", "IAM.22")),
    MULTIPLE_ACTIVE_KEYS("CIS 1.13 / 2.12 (v6); Trend Micro Conformity IAM-004", List.of(
            "CIS AWS Foundations Benchmark v1.4.0/1.13", "CIS AWS Foundations Benchmark v3.0.0/1.13",
            "CIS AWS Foundations Benchmark v6.0.0/2.12")),
    KEY_ROTATION_DUE("CIS 1.14 / 2.13 (v6); Security Hub IAM.3", List.of(
            "CIS AWS Foundations Benchmark v1.4.0/1.14", "CIS AWS Foundations Benchmark v3.0.0/1.14",
            "CIS AWS Foundations Benchmark v6.0.0/2.13", "IAM.3"));

    private final String standards;
    private final List<String> requirements;

    RuleId(String standards, List<String> requirements) {
        this.standards = standards;
        this.requirements = requirements;
    }

    /** The standards, for people. */
    public String standards() {
        return standards;
    }

    /**
     * The requirement ids the rule answers, as Security Hub's Compliance.RelatedRequirements lists them: CIS AWS
     * Foundations Benchmark controls per version, and Security Hub control ids (IAM.3, IAM.8, IAM.22).
     */
    public List<String> requirements() {
        return requirements;
    }
}
