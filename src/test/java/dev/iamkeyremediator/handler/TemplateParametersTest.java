package dev.iamkeyremediator.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.iamkeyremediator.config.Settings;
import dev.iamkeyremediator.rules.Setting;
import java.io.IOException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The template's Parameters say what {@link Settings} says: every variable the code reads is set on the function,
 * every setting's parameter has the setting's default, range and meaning, and every other Parameter is named here
 * with what it shapes. A rule's new setting, a changed default, or a Parameter that is neither, fails here until the
 * template (or this list) follows.
 */
class TemplateParametersTest {

    private static final JsonNode TEMPLATE = load();
    private static final JsonNode PARAMETERS = TEMPLATE.path("Parameters");
    private static final JsonNode ENVIRONMENT = TEMPLATE.path("Resources").path("RemediatorFunction")
            .path("Properties").path("Environment").path("Variables");

    /** The Parameters that set no variable of the function, and what each shapes instead. */
    private static final Map<String, String> STACK_PARAMETERS = Map.ofEntries(
            Map.entry("Mode", "the mode parameter's first value (the function reads the parameter)"),
            Map.entry("ScheduleExpression", "the schedule"),
            Map.entry("ScheduleTimezone", "the schedule"),
            Map.entry("NotificationEmail", "the e-mail subscriptions to the digest and the alarms"),
            Map.entry("KmsKeyArn", "the digest topic's encryption"),
            Map.entry("CentralTopicKmsKeyArn", "the function's use of the central topic's key"),
            Map.entry("ChatTopicKmsKeyArn", "the function's use of the chat topic's key"),
            Map.entry("MemorySize", "the function's memory"),
            Map.entry("LogRetentionDays", "the log group"),
            Map.entry("ExposedKeyEvents", "the rules that pass AWS Health and Trusted Advisor events on"),
            Map.entry("PermissionsBoundaryArn", "the roles' boundary"),
            Map.entry("ReservedConcurrency", "the function's reserved concurrency"),
            Map.entry("SealMarkers", "the marker key, whose ARN the function gets as MARKER_KEY_ARN"));

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
        JsonNode parameter = PARAMETERS.path(value.asText());
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
    void everyOtherParameterOfASetting_hasTheSettingsDefaultAndMeaning() {
        Set<String> wholeNumbers = Settings.wholeNumbers().stream().map(Setting::name).collect(Collectors.toSet());
        for (Settings.Variable variable : Settings.variables()) {
            List<String> parameters = parametersIn(ENVIRONMENT.path(variable.name()));
            if (parameters.isEmpty() || wholeNumbers.contains(variable.name())) {
                continue; // set from a resource (TOPIC_ARN, MARKER_KEY_ARN), or checked above
            }
            assertThat(parameters).as(variable.name()).hasSize(1);
            JsonNode parameter = PARAMETERS.path(parameters.get(0));
            String unsetDefault = variable.defaultValue().startsWith("unset") ? "" : variable.defaultValue();
            assertThat(parameter.path("Default").asText()).as(variable.name() + " default").isEqualTo(unsetDefault);
            assertThat(parameter.path("Description").asText().toLowerCase(Locale.ROOT))
                    .as(variable.name() + " description").contains(variable.meaning().toLowerCase(Locale.ROOT));
        }
    }

    @Test
    void everyParameter_setsAVariableSettingsKnows_orShapesTheStackAsNamedHere() {
        Set<String> known = Settings.variables().stream().map(Settings.Variable::name).collect(Collectors.toSet());
        Set<String> setVariables = new TreeSet<>();
        ENVIRONMENT.fields().forEachRemaining(variable -> {
            List<String> parameters = parametersIn(variable.getValue());
            if (!parameters.isEmpty()) {
                assertThat(known).as("%s is set from %s, so Settings reads it", variable.getKey(), parameters)
                        .contains(variable.getKey());
                setVariables.addAll(parameters);
            }
        });
        List<String> elsewhere = new ArrayList<>();
        texts(TEMPLATE.path("Resources"), elsewhere);
        texts(TEMPLATE.path("Conditions"), elsewhere);
        PARAMETERS.fieldNames().forEachRemaining(name -> {
            if (setVariables.contains(name)) {
                assertThat(STACK_PARAMETERS).as("%s sets a variable of the function", name).doesNotContainKey(name);
            } else {
                assertThat(STACK_PARAMETERS).as("%s sets no variable of the function: say here what it shapes", name)
                        .containsKey(name);
                assertThat(elsewhere).as("%s is used by a resource or a condition", name)
                        .anyMatch(text -> text.equals(name) || text.contains("${" + name + "}"));
            }
        });
        assertThat(STACK_PARAMETERS.keySet()).as("Parameters named here").allMatch(PARAMETERS::has);
    }

    /** The Parameters a value names ({@code !Ref P}, or inside {@code !If [C, !Ref P, ""]}). */
    private static List<String> parametersIn(JsonNode value) {
        List<String> texts = new ArrayList<>();
        texts(value, texts);
        return texts.stream().filter(PARAMETERS::has).distinct().toList();
    }

    /** Every text in a part of the template: the YAML reader drops the tags, so {@code !Ref P} reads as P. */
    private static void texts(JsonNode node, List<String> into) {
        if (node.isTextual()) {
            into.add(node.asText());
        }
        node.forEach(child -> texts(child, into));
    }
}
