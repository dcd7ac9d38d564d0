package dev.iamkeyremediator.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.iamkeyremediator.aws.internal.AwsJsonApi;
import dev.iamkeyremediator.config.Mode;
import dev.iamkeyremediator.config.ModeSource;

/**
 * Reads the mode from SSM Parameter Store afresh on every run (a flip takes effect at the next run). Every failure,
 * whatever its kind, is dry-run: a run must never fall open to enforce.
 */
public final class SsmModeSource implements ModeSource {

    private final AwsJsonApi ssm;
    private final String parameterName;

    SsmModeSource(AwsJsonApi ssm, String parameterName) {
        this.ssm = ssm;
        this.parameterName = parameterName;
    }

    public SsmModeSource(AwsClients clients, String parameterName) {
        this(clients.ssm(), parameterName);
    }

    @Override
    public Mode read() {
        try {
            JsonNode answer = ssm.target("AmazonSSM.GetParameter",
                    JsonNodeFactory.instance.objectNode().put("Name", parameterName));
            JsonNode value = answer.path("Parameter").path("Value");
            return Mode.fromParameterValue(parameterName, value.isTextual() ? value.textValue() : null);
        } catch (RuntimeException e) { // fail closed: not found, access denied, throttled, malformed, anything
            return Mode.fallback("could not read SSM parameter %s (%s)".formatted(parameterName, AwsErrors.describe(e)));
        }
    }
}
