package dev.iamkeyremediator.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.iamkeyremediator.config.Settings;
import dev.iamkeyremediator.rules.BackoutMarkers;
import dev.iamkeyremediator.rules.ExposedKeyRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The service control policy of docs/trust.md ("Who may write the tags") is valid JSON, denies the tool's own tags to
 * every principal but the function's role (by the path the template gives it), and the exemption tag to every
 * principal but the security team's.
 */
class ServiceControlPolicyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode policy() throws IOException {
        String readme = Files.readString(Paths.get("docs", "trust.md"));
        Matcher block = Pattern.compile("```json\n(.*?)```", Pattern.DOTALL).matcher(readme);
        while (block.find()) {
            if (block.group(1).contains("OnlyTheRemediatorWritesItsOwnTags")) {
                return JSON.readTree(block.group(1));
            }
        }
        throw new AssertionError("docs/trust.md has no service control policy");
    }

    private static JsonNode statement(JsonNode policy, String sid) {
        for (JsonNode s : policy.path("Statement")) {
            if (s.path("Sid").asText().equals(sid)) {
                return s;
            }
        }
        throw new AssertionError("no statement " + sid);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    @Test
    void theToolsOwnTags_areDeniedToEveryoneButTheFunctionsRole_whichOnlyTheDeployerMayCreate() throws IOException {
        JsonNode policy = policy();
        assertThat(policy.path("Version").asText()).isEqualTo("2012-10-17");
        JsonNode template = new ObjectMapper(new YAMLFactory()).readTree(Paths.get("template.yaml").toFile());
        String path = template.path("Resources").path("FunctionRole").path("Properties").path("Path").asText();
        assertThat(path).isEqualTo("/iam-key-remediator/");
        String role = "arn:*:iam::*:role" + path + "*";

        JsonNode markers = statement(policy, "OnlyTheRemediatorWritesItsOwnTags");
        assertThat(markers.path("Effect").asText()).isEqualTo("Deny");
        assertThat(texts(markers.path("Action"))).containsExactlyInAnyOrder("iam:TagUser", "iam:UntagUser");
        assertThat(texts(markers.path("Condition").path("ForAnyValue:StringLike").path("aws:TagKeys")))
                .containsExactly(BackoutMarkers.TAG_PREFIX + "*");
        assertThat(markers.path("Condition").path("ArnNotLike").path("aws:PrincipalArn").asText()).isEqualTo(role);

        JsonNode quarantine = statement(policy, "OnlyTheRemediatorWritesTheQuarantineTag");
        assertThat(quarantine.path("Effect").asText()).isEqualTo("Deny");
        assertThat(texts(quarantine.path("Action"))).contains("iam:TagUser", "iam:UntagUser", "iam:CreateUser");
        // IAM compares tag keys in any case, and so does the tool: an exact key is matched in any case too
        assertThat(texts(quarantine.path("Condition").path("ForAnyValue:StringEqualsIgnoreCase").path("aws:TagKeys")))
                .containsExactly(ExposedKeyRule.QUARANTINED_SINCE);
        assertThat(quarantine.path("Condition").path("ArnNotLike").path("aws:PrincipalArn").asText()).isEqualTo(role);

        JsonNode roles = statement(policy, "NobodyElseMakesTheRemediatorsRole");
        assertThat(roles.path("Effect").asText()).isEqualTo("Deny");
        assertThat(roles.path("Resource").asText()).isEqualTo(role);
        assertThat(texts(roles.path("Action"))).contains("iam:CreateRole", "iam:UpdateAssumeRolePolicy",
                "iam:PutRolePolicy", "iam:AttachRolePolicy");
    }

    @Test
    void theExemptionTag_inAnyCase_isDeniedToEveryoneButTheSecurityTeam() throws IOException {
        JsonNode exempt = statement(policy(), "OnlyTheSecurityTeamExemptsUsers");
        assertThat(exempt.path("Effect").asText()).isEqualTo("Deny");
        assertThat(texts(exempt.path("Action"))).contains("iam:TagUser", "iam:UntagUser", "iam:CreateUser");
        assertThat(texts(exempt.path("Condition").path("ForAnyValue:StringEqualsIgnoreCase").path("aws:TagKeys")))
                .containsExactly(Settings.DEFAULT_EXEMPT_TAG_KEY);
        assertThat(exempt.path("Condition").path("ArnNotLike").path("aws:PrincipalArn").asText())
                .startsWith("arn:*:iam::*:role/");
    }
}
