package dev.iamkeyremediator.event;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads an invocation's payload. The EventBridge envelope is read with the Lambda runtime's own serializer for
 * {@link ScheduledEvent} (aws-lambda-java-events); an AWS Health event whose type code starts with
 * {@code AWS_RISK_}, or a Trusted Advisor "Exposed Access Keys" event, is an exposed-key event; anything else (a
 * schedule tick, a Scheduler payload, an empty body, text that is not JSON) is the scheduled run.
 */
public final class Events {

    /** The type codes docs/rules.md lists; others under the same prefix are taken too, and the run says so. */
    static final List<String> HEALTH_CODES = List.of("AWS_RISK_CREDENTIALS_EXPOSED",
            "AWS_RISK_CREDENTIALS_EXPOSURE_SUSPECTED", "AWS_RISK_CREDENTIALS_COMPROMISED",
            "AWS_RISK_CREDENTIALS_COMPROMISE_SUSPECTED", "AWS_RISK_IAM_QUARANTINE");
    static final String RISK_PREFIX = "AWS_RISK_";
    static final String TRUSTED_ADVISOR_CHECK = "Exposed Access Keys";
    private static final Pattern KEY_ID = Pattern.compile("(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{12,124}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PojoSerializer<ScheduledEvent> ENVELOPE = LambdaEventSerializers.serializerFor(
            ScheduledEvent.class, Events.class.getClassLoader());

    private Events() {
    }

    public static Trigger parse(byte[] payload) {
        JsonNode json;
        try {
            json = JSON.readTree(payload);
        } catch (IOException e) {
            return new Trigger.Scheduled("the payload is not JSON");
        }
        if (json == null || !json.isObject() || !json.has("source") || !json.has("detail")) {
            return new Trigger.Scheduled("not an EventBridge event");
        }
        ScheduledEvent envelope;
        try {
            envelope = ENVELOPE.fromJson(new String(payload, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return new Trigger.Scheduled("an EventBridge envelope that cannot be read: " + e.getMessage());
        }
        Map<String, Object> detail = envelope.getDetail() == null ? Map.of() : envelope.getDetail();
        // an organizational view's Health event names the affected account in its detail, not the envelope
        Optional<String> account = text(detail.get("affectedAccount")).or(() -> text(envelope.getAccount()));
        return switch (String.valueOf(envelope.getSource())) {
            case "aws.health" -> health(detail, account);
            case "aws.trustedadvisor" -> trustedAdvisor(detail, account);
            default -> new Trigger.Scheduled("an event from " + envelope.getSource());
        };
    }

    private static Trigger health(Map<String, Object> detail, Optional<String> account) {
        String code = text(detail.get("eventTypeCode")).orElse("");
        if (!code.startsWith(RISK_PREFIX)) {
            return new Trigger.Scheduled("an AWS Health event of type " + (code.isEmpty() ? "(none)" : code));
        }
        String what = "AWS Health " + code + (HEALTH_CODES.contains(code) ? "" : " (a type code not known to this"
                + " release, taken as an exposure by its prefix)");
        Map<String, Object> metadata = map(detail.get("eventMetadata"));
        Optional<String> key = keyId(metadata.get("publicKey"));
        String field = "detail.eventMetadata.publicKey";
        if (key.isEmpty()) {
            field = "detail.affectedEntities[].entityValue";
            key = list(detail.get("affectedEntities")).stream().map(e -> keyId(map(e).get("entityValue")))
                    .flatMap(Optional::stream).findFirst();
        }
        return new Trigger.ExposedKey(new ExposedKeyEvent(what, account, key, text(metadata.get("userName")),
                key.isPresent() ? field : "no field", Optional.empty()));
    }

    private static Trigger trustedAdvisor(Map<String, Object> detail, Optional<String> account) {
        String check = text(detail.get("check-name")).orElse("");
        if (!check.equals(TRUSTED_ADVISOR_CHECK)) {
            return new Trigger.Scheduled("a Trusted Advisor event of check " + (check.isEmpty() ? "(none)" : check));
        }
        Map<String, Object> item = map(detail.get("check-item-detail"));
        Optional<String> key = keyId(item.get("Access Key ID"));
        String status = text(detail.get("status")).orElse("");
        Optional<String> ignored = status.toUpperCase(Locale.ROOT).equals("ERROR") ? Optional.empty()
                : Optional.of("the check's status is '%s', not ERROR".formatted(status));
        return new Trigger.ExposedKey(new ExposedKeyEvent("Trusted Advisor " + TRUSTED_ADVISOR_CHECK, account, key,
                text(item.get("User Name (IAM or Root)")), key.isPresent()
                        ? "detail.check-item-detail.\"Access Key ID\"" : "no field", ignored));
    }

    private static Optional<String> keyId(Object value) {
        return text(value).map(v -> v.toUpperCase(Locale.ROOT)).filter(v -> KEY_ID.matcher(v).matches());
    }

    private static Optional<String> text(Object value) {
        return value instanceof String s && !s.isBlank() ? Optional.of(s.trim()) : Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }
}
