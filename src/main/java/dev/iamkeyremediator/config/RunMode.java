package dev.iamkeyremediator.config;

/** Whether a run may change IAM. */
public enum RunMode {
    DRY_RUN("dry-run"),
    ENFORCE("enforce");

    private final String parameterValue;

    RunMode(String parameterValue) {
        this.parameterValue = parameterValue;
    }

    /** The value written in the SSM parameter and shown to people. */
    public String parameterValue() {
        return parameterValue;
    }
}
