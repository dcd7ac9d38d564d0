package dev.iamkeyremediator.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deploy/rollup.yaml: the roll-up's role holds exactly the calls its code makes, Organizations only when it reads the
 * organization; the queue gets only run summaries; the central topic lets the organization publish.
 */
class RollupTemplateTest {

    private static JsonNode template() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(Paths.get("deploy", "rollup.yaml").toFile());
    }

    private static void actions(JsonNode node, Set<String> into) {
        if (node.has("Action")) {
            if (node.path("Action").isTextual()) {
                into.add(node.path("Action").asText());
            }
            node.path("Action").forEach(a -> into.add(a.asText()));
            return;
        }
        node.forEach(child -> actions(child, into));
    }

    @Test
    void theRole_holdsExactlyTheCallsTheRollupMakes() throws IOException {
        JsonNode role = template().path("Resources").path("RollupRole").path("Properties");
        Set<String> granted = new TreeSet<>();
        actions(role.path("Policies"), granted);
        Set<String> called = new TreeSet<>(Set.of("sns:Publish", "logs:CreateLogStream", "logs:PutLogEvents"));
        String organizations = Files.readString(Paths.get("src/main/java/dev/iamkeyremediator/aws/OrganizationAccounts.java"));
        Matcher target = Pattern.compile("\"AWSOrganizationsV20161128\\.(\\w+)\"").matcher(organizations);
        while (target.find()) {
            called.add("organizations:" + target.group(1));
        }
        String queue = Files.readString(Paths.get("src/main/java/dev/iamkeyremediator/aws/SqsRollupQueue.java"));
        Matcher call = Pattern.compile("\\bsqs\\.(\\w+)\\(").matcher(queue);
        while (call.find()) {
            String method = call.group(1).replaceFirst("Batch$", "");
            called.add("sqs:" + Character.toUpperCase(method.charAt(0)) + method.substring(1));
        }
        assertThat(granted).isEqualTo(called);
        assertThat(role.path("Path").asText()).isEqualTo("/iam-key-remediator/");
        assertThat(role.path("Policies").toString()).contains("ReadOrganization");
    }

    @Test
    void theQueue_getsOnlyRunSummaries_andTheCentralTopic_onlyTheOrganizationsPublishes() throws IOException {
        JsonNode resources = template().path("Resources");
        JsonNode subscription = resources.path("SummarySubscription").path("Properties");
        assertThat(subscription.path("FilterPolicy").path("kind").toString()).isEqualTo("[\"run-summary\"]");
        JsonNode statement = resources.path("CentralTopicPolicy").path("Properties").path("PolicyDocument")
                .path("Statement").get(0);
        assertThat(statement.path("Action").asText()).isEqualTo("sns:Publish");
        assertThat(statement.path("Condition").path("StringEquals").path("aws:PrincipalOrgID").asText())
                .isEqualTo("OrganizationId");
        assertThat(resources.path("SummaryQueue").path("Properties").path("RedrivePolicy").path("deadLetterTargetArn")
                .asText()).isEqualTo("SummaryDeadLetterQueue.Arn");
        assertThat(resources.path("SilentAccountsAlarm").path("Properties").path("MetricName").asText())
                .isEqualTo("OrgAccountsSilent");
        assertThat(resources.path("RollupFunction").path("Properties").path("Handler").asText())
                .isEqualTo("dev.iamkeyremediator.handler.RollupHandler::handleRequest");
    }

    @Test
    void everyFunctionBuiltByTheMakefile_hasItsTarget() throws IOException {
        String makefile = Files.readString(Paths.get("Makefile"));
        for (String template : new String[] {"template.yaml", "deploy/rollup.yaml"}) {
            JsonNode resources = new ObjectMapper(new YAMLFactory()).readTree(Paths.get(template).toFile())
                    .path("Resources");
            resources.fields().forEachRemaining(r -> {
                if (r.getValue().path("Metadata").path("BuildMethod").asText().equals("makefile")) {
                    assertThat(makefile).as(template + " " + r.getKey()).contains("build-" + r.getKey() + ":");
                }
            });
        }
    }
}
