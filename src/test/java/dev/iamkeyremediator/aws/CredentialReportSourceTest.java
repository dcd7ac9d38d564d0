package dev.iamkeyremediator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.iamkeyremediator.inventory.CredentialReport;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.CredentialReportNotReadyException;
import software.amazon.awssdk.services.iam.model.GenerateCredentialReportResponse;
import software.amazon.awssdk.services.iam.model.GetCredentialReportResponse;
import software.amazon.awssdk.services.iam.model.ReportStateType;

/** The report's rare answers, shaped exactly: still generating past the deadline, not ready, unreadable. */
class CredentialReportSourceTest {

    private static final String HEADER = "user,arn,user_creation_time,password_enabled,password_last_used,"
            + "password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
            + "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
            + "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,"
            + "access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

    private final IamClient iam = mock(IamClient.class);

    private static GenerateCredentialReportResponse state(ReportStateType state) {
        return GenerateCredentialReportResponse.builder().state(state).build();
    }

    @Test
    void startedThenComplete_isPolled_thenRead() {
        when(iam.generateCredentialReport()).thenReturn(state(ReportStateType.STARTED),
                state(ReportStateType.INPROGRESS), state(ReportStateType.COMPLETE));
        Instant generated = Instant.parse("2026-11-23T05:00:00Z");
        // a second GetCredentialReport would fail the fetch: the report is read once, when COMPLETE
        when(iam.getCredentialReport()).thenReturn(GetCredentialReportResponse.builder().generatedTime(generated)
                .content(SdkBytes.fromString(HEADER
                        + "\nu,arn,2025-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n",
                        StandardCharsets.UTF_8)).build())
                .thenThrow(new AssertionError("the report was read twice"));

        CredentialReport report = new CredentialReportSource(iam, Duration.ofSeconds(10), Clock.systemUTC()).fetch();

        assertThat(report.generatedAt()).isEqualTo(generated);
        assertThat(report.rows()).containsOnlyKeys("u");
        verify(iam, times(3)).generateCredentialReport();
        verify(iam, times(1)).getCredentialReport();
    }

    @Test
    void stillGeneratingPastTheDeadline_isUnavailable_afterPollingWithBackoff() {
        when(iam.generateCredentialReport()).thenReturn(state(ReportStateType.INPROGRESS));
        Instant start = Instant.parse("2026-11-23T06:00:00Z");
        Instant[] now = {start};
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        List<Duration> pauses = new ArrayList<>();
        CredentialReportSource source = new CredentialReportSource(iam, Duration.ofSeconds(30), clock, wait -> {
            pauses.add(wait);
            now[0] = now[0].plus(wait);
        });
        assertThatThrownBy(source::fetch).isInstanceOf(CredentialReportSource.ReportUnavailableException.class)
                .hasMessage("credential report not ready after 30 s");
        // 0.2 s doubling up to 5 s, as long as the next wait ends before the deadline
        assertThat(pauses).startsWith(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800),
                Duration.ofMillis(1600), Duration.ofMillis(3200), Duration.ofSeconds(5));
        assertThat(pauses.subList(5, pauses.size())).allMatch(Duration.ofSeconds(5)::equals);
        assertThat(Duration.between(start, now[0]).plusSeconds(5)).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(now[0]).isBefore(start.plusSeconds(30));
        verify(iam, times(pauses.size() + 1)).generateCredentialReport();
        verify(iam, org.mockito.Mockito.never()).getCredentialReport();
    }

    @Test
    void notReadyOnRead_isRetriedUntilTheDeadline() {
        when(iam.generateCredentialReport()).thenReturn(state(ReportStateType.COMPLETE));
        when(iam.getCredentialReport()).thenThrow(CredentialReportNotReadyException.builder().message("not ready").build());
        assertThatThrownBy(() -> new CredentialReportSource(iam, Duration.ofMillis(700), Clock.systemUTC()).fetch())
                .isInstanceOf(CredentialReportSource.ReportUnavailableException.class);
        verify(iam, org.mockito.Mockito.atLeast(2)).getCredentialReport();
    }

    @Test
    void unreadableContent_isUnavailable_withTheReason() {
        when(iam.generateCredentialReport()).thenReturn(state(ReportStateType.COMPLETE));
        when(iam.getCredentialReport()).thenReturn(GetCredentialReportResponse.builder()
                .content(SdkBytes.fromString("user,arn\nu,a\n", StandardCharsets.UTF_8)).build());
        assertThatThrownBy(() -> new CredentialReportSource(iam, Duration.ofSeconds(5), Clock.systemUTC()).fetch())
                .isInstanceOf(CredentialReportSource.ReportUnavailableException.class)
                .hasMessage("credential report unreadable: line 1 (the header): column user_creation_time is missing");
    }
}
