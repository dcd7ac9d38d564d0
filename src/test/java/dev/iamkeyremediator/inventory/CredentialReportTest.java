package dev.iamkeyremediator.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CredentialReportTest {

    /** The header IAM sends: every column, the ones the rules do not read included. */
    public static final String HEADER = "user,arn,user_creation_time,password_enabled,password_last_used,"
            + "password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
            + "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
            + "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,"
            + "access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";
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
                new CredentialReport.KeySlot(1, true, Instant.parse("2025-01-01T10:05:00Z"), Instant.parse("2026-11-20T08:00:00Z"), "s3",
                        "us-east-1"),
                new CredentialReport.KeySlot(2, false, Instant.parse("2025-06-01T00:00:00Z"), null, null));
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
    void onlyTheColumnsTheRulesRead_areRequired() {
        String header = "user,arn,user_creation_time,password_enabled,access_key_1_active,access_key_1_last_rotated,"
                + "access_key_1_last_used_date,access_key_1_last_used_service,access_key_2_active,"
                + "access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_service";
        CredentialReport report = CredentialReport.parse((header + "\nerin,arn,2025-01-01T00:00:00+00:00,false,"
                + "true,2025-01-01T00:00:00+00:00,2026-11-01T00:00:00+00:00,iam,false,N/A,N/A,N/A\n")
                .getBytes(StandardCharsets.UTF_8), GENERATED);
        assertThat(report.row("erin").orElseThrow().keys()).singleElement()
                .satisfies(k -> assertThat(k.lastUsedService()).isEqualTo("iam"));
    }

    @Test
    void shortRow_isMalformed_namingTheUser() {
        assertThatThrownBy(() -> parse("erin,arn,2025-01-01T00:00:00+00:00"))
                .isInstanceOf(MalformedCredentialReportException.class).hasMessageContaining("line 2 (user 'erin'), column password_enabled: no value");
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
                .hasMessageContaining("line 2 (user 'dave'), column user_creation_time: 'yesterday' is not a date");
    }

    @Test
    void emptyOrGarbage_isMalformed() {
        assertThatThrownBy(() -> CredentialReport.parse(new byte[0], GENERATED))
                .isInstanceOf(MalformedCredentialReportException.class);
        assertThatThrownBy(() -> CredentialReport.parse("<html>not a report</html>".getBytes(StandardCharsets.UTF_8), GENERATED))
                .isInstanceOf(MalformedCredentialReportException.class);
    }
}
