package dev.iamkeyremediator.run;

import dev.iamkeyremediator.report.RunSummary;

/**
 * Thrown by the handler after the digest went out (or was logged) when the run did not complete: the Lambda
 * invocation then counts as an error and the alarm fires.
 */
public final class RunFailedException extends RuntimeException {

    private final transient RunSummary summary;

    public RunFailedException(RunSummary summary) {
        super("iam-key-remediator run failed: " + String.join("; ", summary.failures()));
        this.summary = summary;
    }

    public RunSummary summary() {
        return summary;
    }
}
