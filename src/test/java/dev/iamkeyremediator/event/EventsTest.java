package dev.iamkeyremediator.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real-shaped events (src/test/resources/events) in the variants public samples show. */
class EventsTest {

    static byte[] event(String name) {
        try {
            return Files.readAllBytes(Path.of("src/test/resources/events", name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ExposedKeyEvent exposed(byte[] payload) {
        Trigger trigger = Events.parse(payload);
        assertThat(trigger).isInstanceOf(Trigger.ExposedKey.class);
        return ((Trigger.ExposedKey) trigger).event();
    }

    @Test
    void health_keyFromEventMetadata_trimmed_withItsUser() {
        ExposedKeyEvent e = exposed(event("health-exposed.json"));
        assertThat(e.accessKeyId()).contains("AKIAEXPOSEDKEY01");
        assertThat(e.userName()).contains("ci-deploy");
        assertThat(e.account()).contains("123456789012");
        assertThat(e.keyField()).isEqualTo("detail.eventMetadata.publicKey");
        assertThat(e.what()).isEqualTo("AWS Health AWS_RISK_CREDENTIALS_EXPOSED");
        assertThat(e.ignored()).isEmpty();
    }

    @Test
    void health_keyFromAffectedEntities_serviceIam() {
        ExposedKeyEvent e = exposed(event("health-compromised-entities.json"));
        assertThat(e.accessKeyId()).contains("AKIAEXPOSEDKEY02");
        assertThat(e.userName()).isEmpty();
        assertThat(e.keyField()).isEqualTo("detail.affectedEntities[].entityValue");
    }

    @Test
    void health_unknownRiskCode_isTakenByItsPrefix_andSaysSo() {
        String json = new String(event("health-exposed.json"), StandardCharsets.UTF_8)
                .replace("AWS_RISK_CREDENTIALS_EXPOSED", "AWS_RISK_SOMETHING_NEW");
        assertThat(exposed(json.getBytes(StandardCharsets.UTF_8)).what()).contains("AWS_RISK_SOMETHING_NEW")
                .contains("not known to this release");
    }

    @Test
    void health_namingNoKey_isAnExposedKeyEventWithoutAKey() {
        String json = new String(event("health-exposed.json"), StandardCharsets.UTF_8)
                .replace(" AKIAEXPOSEDKEY01 ", "not a key").replace("AKIAEXPOSEDKEY01", "");
        ExposedKeyEvent e = exposed(json.getBytes(StandardCharsets.UTF_8));
        assertThat(e.accessKeyId()).isEmpty();
        assertThat(e.describe()).isEqualTo("AWS Health AWS_RISK_CREDENTIALS_EXPOSED");
    }

    @Test
    void trustedAdvisor_errorStatus_namesTheKeyAndUser() {
        ExposedKeyEvent e = exposed(event("trusted-advisor-exposed.json"));
        assertThat(e.accessKeyId()).contains("AKIAEXPOSEDKEY03");
        assertThat(e.userName()).contains("legacy-app");
        assertThat(e.ignored()).isEmpty();
        assertThat(e.keyField()).isEqualTo("detail.check-item-detail.\"Access Key ID\"");
    }

    @Test
    void trustedAdvisor_okStatus_isIgnored_withWhy() {
        String json = new String(event("trusted-advisor-exposed.json"), StandardCharsets.UTF_8)
                .replace("\"status\": \"ERROR\"", "\"status\": \"OK\"");
        assertThat(exposed(json.getBytes(StandardCharsets.UTF_8)).ignored()).contains("the check's status is 'OK', not ERROR");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "", "not json", "[1,2]", "{\"source\":\"aws.scheduler\",\"detail\":{}}",
            "{\"version\":\"0\",\"source\":\"aws.events\",\"detail-type\":\"Scheduled Event\",\"detail\":{}}",
            "{\"source\":\"aws.health\",\"detail\":{\"service\":\"EC2\",\"eventTypeCode\":\"AWS_EC2_MAINTENANCE\"}}"})
    void anyOtherPayload_isTheScheduledRun(String payload) {
        assertThat(Events.parse(payload.getBytes(StandardCharsets.UTF_8))).isInstanceOf(Trigger.Scheduled.class);
    }

    @Test
    void theRepositorysScheduledEvents_areScheduledRuns() {
        for (String name : new String[] {"scheduled-event.json", "scheduler-invocation.json"}) {
            byte[] payload = readRoot("events/" + name);
            assertThat(Events.parse(payload)).as(name).isInstanceOf(Trigger.Scheduled.class);
        }
        assertThat(Optional.of(exposed(readRoot("events/health-exposed-key.json")).accessKeyId()).orElseThrow())
                .isPresent();
    }

    private static byte[] readRoot(String path) {
        try {
            return Files.readAllBytes(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
