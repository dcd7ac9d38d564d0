package dev.iamkeyremediator.aws;

import dev.iamkeyremediator.inventory.CredentialReport;
import dev.iamkeyremediator.inventory.MalformedCredentialReportException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.CredentialReportNotReadyException;
import software.amazon.awssdk.services.iam.model.GetCredentialReportResponse;
import software.amazon.awssdk.services.iam.model.ReportStateType;

/**
 * Asks IAM for the credential report (GenerateCredentialReport, polled with backoff until COMPLETE) and reads it
 * (GetCredentialReport). IAM reuses a report for up to 4 hours, so this usually costs two or three calls.
 */
public final class CredentialReportSource {

    static final Duration FIRST_WAIT = Duration.ofMillis(200);
    static final Duration MAX_WAIT = Duration.ofSeconds(5);

    /** Waits between two polls; tests move their clock instead of sleeping. */
    @FunctionalInterface
    interface Pause {
        void pause(Duration wait);
    }

    private final IamClient iam;
    private final Duration deadline;
    private final Clock clock;
    private final Pause pause;

    public CredentialReportSource(IamClient iam, Duration deadline, Clock clock) {
        this(iam, deadline, clock, CredentialReportSource::sleep);
    }

    CredentialReportSource(IamClient iam, Duration deadline, Clock clock, Pause pause) {
        this.iam = iam;
        this.deadline = deadline;
        this.clock = clock;
        this.pause = pause;
    }

    /**
     * @throws ReportUnavailableException when IAM refuses (LimitExceeded, AccessDenied...), the report is not ready by
     *                                    the deadline, or its content cannot be read
     */
    public CredentialReport fetch() {
        Instant giveUp = clock.instant().plus(deadline);
        Duration wait = FIRST_WAIT;
        while (true) {
            try {
                ReportStateType state = iam.generateCredentialReport().state();
                if (state == ReportStateType.COMPLETE) {
                    GetCredentialReportResponse report = iam.getCredentialReport();
                    Instant generated = report.generatedTime() != null ? report.generatedTime() : clock.instant();
                    return CredentialReport.parse(report.content().asByteArray(), generated);
                }
            } catch (CredentialReportNotReadyException e) {
                // generated but not readable yet: wait like for STARTED / INPROGRESS
            } catch (SdkException e) {
                throw new ReportUnavailableException("credential report unavailable: " + AwsErrors.describe(e), e);
            } catch (MalformedCredentialReportException e) {
                throw new ReportUnavailableException("credential report unreadable: " + e.getMessage(), e);
            }
            if (!clock.instant().plus(wait).isBefore(giveUp)) {
                throw new ReportUnavailableException("credential report not ready after %d s".formatted(deadline.toSeconds()), null);
            }
            pause.pause(wait);
            wait = wait.multipliedBy(2).compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait.multipliedBy(2);
        }
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReportUnavailableException("interrupted while waiting for the credential report", e);
        }
    }

    /** The report cannot be had or read: the caller falls back to the live scan. */
    public static final class ReportUnavailableException extends RuntimeException {
        public ReportUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
