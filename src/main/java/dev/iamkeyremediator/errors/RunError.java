package dev.iamkeyremediator.errors;

import java.util.Optional;

/**
 * Something a run could not do: the user is left out of this run's decisions (or its markers are left as they were),
 * and the digest and the run summary name it.
 *
 * @param stage     what failed: a read of IAM, the run's identity, a write to IAM, or a publication
 * @param userName  the user concerned; empty for the account or a channel
 * @param operation the IAM operation that failed (e.g. ListAccessKeys), or what could not be done
 * @param message   what the service said (error code and message), never a credential
 * @param kind      whether it failed, or was never started because the run's time ran out
 */
public record RunError(Stage stage, Optional<String> userName, String operation, String message, Kind kind) {

    /** What failed. */
    public enum Stage {
        READ,
        IDENTITY,
        WRITE,
        PUBLISH
    }

    public enum Kind {
        /** The call failed after the SDK's retries. */
        FAILED,
        /** The run's time budget ran out before it started: the next run does it. */
        NOT_PROCESSED
    }

    /** A read of one user (or, without a user, of the account) that failed after retries. */
    public static RunError read(String userName, String operation, String message) {
        return new RunError(Stage.READ, Optional.ofNullable(userName), operation, message, Kind.FAILED);
    }

    /** A user not read because the run's time ran out. */
    public static RunError notRead(String userName, String message) {
        return new RunError(Stage.READ, Optional.of(userName), "not processed", message, Kind.NOT_PROCESSED);
    }

    /** A write to one user that failed after retries. */
    public static RunError write(String userName, String operation, String message) {
        return new RunError(Stage.WRITE, Optional.of(userName), operation, message, Kind.FAILED);
    }

    /** A message or a finding that did not reach its channel. */
    public static RunError publish(String operation, String message) {
        return new RunError(Stage.PUBLISH, Optional.empty(), operation, message, Kind.FAILED);
    }

    /** The run could not learn who it is. */
    public static RunError identity(String message) {
        return new RunError(Stage.IDENTITY, Optional.empty(), "identity", message, Kind.FAILED);
    }

    public boolean notProcessed() {
        return kind == Kind.NOT_PROCESSED;
    }

    /** Who the error is about, as the digest names it: the user, or {@code (account)}. */
    public String subject() {
        return userName.orElse("(account)");
    }
}
