package dev.iamkeyremediator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iamkeyremediator.rules.InitialSetupKeyRule;
import dev.iamkeyremediator.rules.KeyRotationDueRule;
import dev.iamkeyremediator.rules.MultipleActiveKeysRule;
import dev.iamkeyremediator.rules.RuleSettings;
import dev.iamkeyremediator.rules.StaleInactiveKeyRule;
import dev.iamkeyremediator.rules.UnusedKeyRule;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.retry.RetryMode;

class SettingsTest {

    @Test
    void noVariables_givesDesignDefaults() {
        Settings s = Settings.fromEnvironment(Map.of());
        assertThat(s.modeParameterName()).isEqualTo("/iam-key-remediator/mode");
        assertThat(s.topicArn()).isEmpty();
        assertThat(s.centralTopicArn()).isEmpty();
        assertThat(s.digestTopics()).isEmpty();
        assertThat(s.rules().get(UnusedKeyRule.IDLE_DAYS)).isEqualTo(90);
        assertThat(s.rules().get(StaleInactiveKeyRule.DELETE_AFTER_DAYS)).isEqualTo(30);
        assertThat(s.rules().get(MultipleActiveKeysRule.GRACE_DAYS)).isEqualTo(7);
        assertThat(s.rules().get(KeyRotationDueRule.MAX_AGE_DAYS)).isEqualTo(90);
        assertThat(s.rules().get(InitialSetupKeyRule.SETUP_WINDOW_SECONDS)).isEqualTo(600);
        assertThat(s.rules().get(InitialSetupKeyRule.GRACE_HOURS)).isEqualTo(24);
        assertThat(s.maxActionsPerRun()).isEqualTo(50);
        assertThat(s.maxActionPercent()).isEqualTo(25);
        assertThat(s.exemptTagKey()).isEqualTo("iam-key-remediator:exempt");
    }

    @Test
    void everyVariable_isRead() {
        Settings s = Settings.fromEnvironment(Map.ofEntries(
                Map.entry("MODE_PARAMETER_NAME", "/sec/mode"),
                Map.entry("TOPIC_ARN", "arn:aws:sns:eu-west-1:123456789012:digest"),
                Map.entry("CENTRAL_TOPIC_ARN", "arn:aws:sns:eu-west-1:111122223333:org-digests"),
                Map.entry("UNUSED_KEY_DAYS", "45"),
                Map.entry("DELETE_AFTER_DAYS", "14"),
                Map.entry("ROTATION_GRACE_DAYS", "3"),
                Map.entry("MAX_KEY_AGE_DAYS", "365"),
                Map.entry("INITIAL_SETUP_WINDOW_SECONDS", "120"),
                Map.entry("INITIAL_KEY_GRACE_HOURS", "1"),
                Map.entry("MAX_ACTIONS_PER_RUN", "5"),
                Map.entry("MAX_ACTION_PERCENT", "100"),
                Map.entry("EXEMPT_TAG_KEY", "sec:exempt"),
                Map.entry("IAM_CONCURRENCY", "4")));
        assertThat(s).isEqualTo(new Settings("/sec/mode", java.util.Optional.of("arn:aws:sns:eu-west-1:123456789012:digest"),
                java.util.Optional.of("arn:aws:sns:eu-west-1:111122223333:org-digests"), new RuleSettings(Map.of(
                        "UNUSED_KEY_DAYS", 45, "DELETE_AFTER_DAYS", 14, "ROTATION_GRACE_DAYS", 3, "MAX_KEY_AGE_DAYS", 365,
                        "INITIAL_SETUP_WINDOW_SECONDS", 120, "INITIAL_KEY_GRACE_HOURS", 1)), 5, 100, "sec:exempt", 4,
                false, "owner", java.util.Optional.empty(), java.util.Optional.empty()));
    }

    @Test
    void blankValue_meansDefault() {
        assertThat(Settings.fromEnvironment(Map.of("UNUSED_KEY_DAYS", "  ", "TOPIC_ARN", "")).rules()
                .get(UnusedKeyRule.IDLE_DAYS))
                .isEqualTo(90);
    }

    @Test
    void malformedNumber_namesTheVariableAndTheValue() {
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("UNUSED_KEY_DAYS", "ninety")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("UNUSED_KEY_DAYS").hasMessageContaining("'ninety'");
    }

    @Test
    void outOfRange_isRejected_notClamped() {
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("MAX_ACTION_PERCENT", "101")))
                .hasMessageContaining("MAX_ACTION_PERCENT must be a whole number from 0 to 100");
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("UNUSED_KEY_DAYS", "0")))
                .hasMessageContaining("UNUSED_KEY_DAYS");
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("MAX_ACTIONS_PER_RUN", "-1")))
                .hasMessageContaining("MAX_ACTIONS_PER_RUN");
    }

    @Test
    void everyProblem_isReportedAtOnce() {
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("UNUSED_KEY_DAYS", "x", "TOPIC_ARN", "my-topic",
                "DELETE_AFTER_DAYS", "1.5")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
                        .hasSize(3)
                        .anySatisfy(p -> assertThat(p).startsWith("TOPIC_ARN must be an SNS topic ARN"))
                        .anySatisfy(p -> assertThat(p).startsWith("DELETE_AFTER_DAYS")));
    }

    @Test
    void topicArnInOtherPartitions_isAccepted() {
        assertThat(Settings.fromEnvironment(Map.of("TOPIC_ARN", "arn:aws-us-gov:sns:us-gov-west-1:123456789012:t"))
                .topicArn()).isPresent();
    }

    @Test
    void theSdksOwnSettings_malformed_areConfigurationErrors_namingEachVariable() {
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("AWS_RETRY_MODE", "bogus", "AWS_MAX_ATTEMPTS", "many",
                "AWS_ENDPOINT_URL", "localhost:4566", "AWS_ENDPOINT_URL_IAM", "ftp://iam.example")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).containsExactly(
                        "AWS_RETRY_MODE must be one of legacy, standard, adaptive, adaptive_v2, got 'bogus'",
                        "AWS_MAX_ATTEMPTS must be a whole number from 1 to 999, got 'many'",
                        "AWS_ENDPOINT_URL must be an http or https URL such as https://iam.amazonaws.com, got 'localhost:4566'",
                        "AWS_ENDPOINT_URL_IAM must be an http or https URL such as https://iam.amazonaws.com, got 'ftp://iam.example'"));
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("AWS_MAX_ATTEMPTS", "0")))
                .hasMessageContaining("AWS_MAX_ATTEMPTS");
        Settings fine = Settings.fromEnvironment(Map.of("AWS_RETRY_MODE", "Standard", "AWS_MAX_ATTEMPTS", "3",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:5000"));
        assertThat(fine.markerKeyArn()).isEmpty();
    }

    @Test
    void theRetryModesAccepted_areTheSdksOwn() {
        assertThat(SdkSettings.RETRY_MODES).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(RetryMode.values()).map(m -> m.name().toLowerCase(Locale.ROOT)).toList());
    }

    @Test
    void markerKeyArn_isAKmsKeyArn() {
        String arn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        assertThat(Settings.fromEnvironment(Map.of("MARKER_KEY_ARN", arn)).markerKeyArn()).contains(arn);
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("MARKER_KEY_ARN", "my-key")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("MARKER_KEY_ARN must be a KMS key ARN");
    }
}
