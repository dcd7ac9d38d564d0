package dev.iamkeyremediator.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CredentialReportTest {

    static final String HEADER = String.join(",", CredentialReport.COLUMNS);
    static final Instant GENERATED = Instant.parse("2026-11-23T05:00:00Z");

    private static CredentialReport parse(String... rows) {
        return CredentialReport.parse((HEADER + "\n" + String.join("\n", rows) + "\n").getBytes(StandardCharsets.UTF_8),
                GENERATED);
    }

    @Test
    void everyColumnAndSpecialValue_isRead_andRootIsSkipped() {
        CredentialReport report = parse(
                "<root_account>,arn:aws:iam::123456789012:root,2015-01-01T00:00:00+00:00,not_supported,2026-11-01T00:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
                "alice,arn:aws:iam::123456789012:user/alice,2025-01-01T10:00:00+00:00,true,no_information,2025-01-01T10:00:00+00:00,N/A,false,true,2025-01-01T10:05:00+00:00,2026-11-20T08:00:00+00:00,us-east-1,s3,false,2025-06-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,false,N/A",
                "bob,arn:aws:iam::123456789012:user/bob,2024-03-01T00:00:00+00:00,false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A");

        assertThat(report.rows()).containsOnlyKeys("alice", "bob");
        assertThat(report.generatedAt()).isEqualTo(GENERATED);
        CredentialReport.Row alice = report.row("alice").orElseThrow();
        assertThat(alice.userCreationTime()).isEqualTo(Instant.parse("2025-01-01T10:00:00Z"));
        assertThat(alice.passwordEnabled()).contains(true);
        assertThat(alice.keys()).containsExactly(
                new CredentialReport.KeySlot(true, Instant.parse("2025-01-01T10:05:00Z"), Instant.parse("2026-11-20T08:00:00Z")),
                new CredentialReport.KeySlot(false, Instant.parse("2025-06-01T00:00:00Z"), null));
        CredentialReport.Row bob = report.row("bob").orElseThrow();
        assertThat(bob.keys()).isEmpty();
        assertThat(bob.passwordEnabled()).contains(false);
    }

    @Test
    void passwordNotSupported_isUnknown() {
        CredentialReport report = parse(
                "carol,arn,2025-01-01T10:00:00+00:00,not_supported,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A");
        assertThat(report.row("carol").orElseThrow().passwordEnabled()).isEqualTo(Optional.empty());
    }

    @Test
    void missingColumn_isMalformed() {
        String header = HEADER.replace(",access_key_2_last_used_date", "");
        assertThatThrownBy(() -> CredentialReport.parse((header + "\nx\n").getBytes(StandardCharsets.UTF_8), GENERATED))
                .isInstanceOf(MalformedCredentialReportException.class)
                .hasMessageContaining("access_key_2_last_used_date");
    }

    @Test
    void badDate_isMalformed_namingTheUserAndColumn() {
        assertThatThrownBy(() -> parse(
                "dave,arn,yesterday,false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A"))
                .isInstanceOf(MalformedCredentialReportException.class)
                .hasMessageContaining("user_creation_time of dave is 'yesterday'");
    }

    @Test
    void emptyOrGarbage_isMalformed() {
        assertThatThrownBy(() -> CredentialReport.parse(new byte[0], GENERATED))
                .isInstanceOf(MalformedCredentialReportException.class);
        assertThatThrownBy(() -> CredentialReport.parse("<html>not a report</html>".getBytes(StandardCharsets.UTF_8), GENERATED))
                .isInstanceOf(MalformedCredentialReportException.class);
    }
}
