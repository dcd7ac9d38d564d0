package dev.iamkeyremediator.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamkeyremediator.RunReport;
import dev.iamkeyremediator.RunSummary;
import dev.iamkeyremediator.config.Mode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The handler's input and output as the Lambda Java runtime's own serializers read and write them. */
class RuntimeSerializationTest {

    static Stream<Path> sampleEvents() throws IOException {
        return Files.list(Paths.get("events")).filter(p -> p.toString().endsWith(".json")).sorted();
    }

    @ParameterizedTest
    @MethodSource("sampleEvents")
    void everySampleEvent_isReadByTheRuntimesEventSerializer(Path event) throws IOException {
        PojoSerializer<ScheduledEvent> serializer =
                LambdaEventSerializers.serializerFor(ScheduledEvent.class, getClass().getClassLoader());
        try (InputStream in = Files.newInputStream(event)) {
            ScheduledEvent parsed = serializer.fromJson(in);
            assertThat(parsed).isNotNull();
            if (event.getFileName().toString().equals("scheduled-event.json")) {
                assertThat(parsed.getSource()).isEqualTo("aws.events");
                assertThat(parsed.getDetailType()).isEqualTo("Scheduled Event");
                assertThat(parsed.getTime().getMillis()).isEqualTo(Instant.parse("2026-11-23T06:00:00Z").toEpochMilli());
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void runSummary_isWrittenByTheRuntimesSerializer_asTheSameJson() throws IOException {
        RunReport report = new RunReport(Instant.parse("2026-11-23T06:00:00Z"), "123456789012",
                Mode.fromParameterValue("/p", "enforce"), "live scan", 3, 4, List.of(), List.of(), List.of());
        RunSummary summary = RunSummary.of(report, 1234, 1, List.of("arn:aws:sns:us-east-1:123456789012:t id-1"), List.of());
        Map<String, Object> result = summary.toMap();

        PojoSerializer<Map<String, Object>> runtime = JacksonFactory.getInstance()
                .getSerializer((Class<Map<String, Object>>) (Class<?>) Map.class);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        runtime.toJson(result, out);

        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(out.toString(StandardCharsets.UTF_8))).isEqualTo(json.readTree(summary.toJson()));
        assertThat(json.readTree(out.toString(StandardCharsets.UTF_8)).path("outcomes").path("DELETED").asInt()).isZero();
    }
}
