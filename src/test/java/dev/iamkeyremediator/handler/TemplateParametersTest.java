package dev.iamkeyremediator.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.iamkeyremediator.config.Settings;
import dev.iamkeyremediator.rules.Setting;
import java.io.IOException;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The template's Parameters say what {@link Settings} says: every variable the code reads is set on the function,
 * and every whole-number setting's parameter has the setting's default, range and meaning. A rule's new setting, or
 * a changed default, fails here until the template follows.
 */
class TemplateParametersTest {

    private static final JsonNode TEMPLATE = load();
    private static final JsonNode ENVIRONMENT = TEMPLATE.path("Resources").path("RemediatorFunction")
            .path("Properties").path("Environment").path("Variables");

    private static JsonNode load() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(Paths.get("template.yaml").toFile());
        } catch (IOException e) {
            throw new IllegalStateException("template.yaml cannot be read", e);
        }
    }

    /** The parameter an environment variable is set from ({@code VAR: !Ref Parameter}). */
    private static JsonNode parameterOf(String variable) {
        JsonNode value = ENVIRONMENT.path(variable);
        assertThat(value.isTextual()).as("%s is set from a parameter (!Ref)", variable).isTrue();
        JsonNode parameter = TEMPLATE.path("Parameters").path(value.asText());
        assertThat(parameter.isMissingNode()).as("parameter %s of %s", value.asText(), variable).isFalse();
        return parameter;
    }

    @Test
    void everyVariableTheCodeReads_isSetOnTheFunction() {
        for (Settings.Variable variable : Settings.variables()) {
            assertThat(ENVIRONMENT.has(variable.name())).as(variable.name()).isTrue();
        }
    }

    @Test
    void everyWholeNumberParameter_hasTheSettingsDefaultRangeAndMeaning() {
        for (Setting setting : Settings.wholeNumbers()) {
            JsonNode parameter = parameterOf(setting.name());
            String name = setting.name();
            assertThat(parameter.path("Type").asText()).as(name).isEqualTo("Number");
            assertThat(parameter.path("Default").asInt(Integer.MIN_VALUE)).as(name + " default")
                    .isEqualTo(setting.defaultValue());
            assertThat(parameter.path("MinValue").asInt(Integer.MIN_VALUE)).as(name + " MinValue").isEqualTo(setting.min());
            assertThat(parameter.path("MaxValue").asInt(Integer.MIN_VALUE)).as(name + " MaxValue").isEqualTo(setting.max());
            assertThat(parameter.path("Description").asText().toLowerCase(Locale.ROOT)).as(name + " description")
                    .contains(setting.meaning().toLowerCase(Locale.ROOT));
        }
    }

    @Test
    void tagAndParameterNameDefaults_areTheSettingsDefaults() {
        Map<String, String> defaults = Map.of(Settings.EXEMPT_TAG_KEY, Settings.DEFAULT_EXEMPT_TAG_KEY,
                Settings.OWNER_TAG_KEY, Settings.DEFAULT_OWNER_TAG_KEY,
                Settings.MODE_PARAMETER_NAME, Settings.DEFAULT_MODE_PARAMETER_NAME);
        defaults.forEach((variable, value) -> assertThat(parameterOf(variable).path("Default").asText()).as(variable)
                .isEqualTo(value));
    }
}
