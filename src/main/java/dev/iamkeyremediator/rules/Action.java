package dev.iamkeyremediator.rules;

/** What a rule asks for. One action per key: delete beats deactivate beats report. */
public enum Action {
    REPORT,
    DEACTIVATE,
    DELETE;

    public boolean strongerThan(Action other) {
        return other == null || compareTo(other) > 0;
    }

    /** Whether the action changes IAM (as opposed to only being reported). */
    public boolean changesIam() {
        return this != REPORT;
    }
}
