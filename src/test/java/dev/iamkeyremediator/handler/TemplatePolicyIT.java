package dev.iamkeyremediator.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.iamkeyremediator.it.FaultProxy;
import dev.iamkeyremediator.it.Moto;
import dev.iamkeyremediator.it.Scenario;
import dev.iamkeyremediator.it.TestAccount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The function's policy in template.yaml lists exactly the AWS actions the code calls: every call of an enforce run
 * that acts, publishes to two topics, imports into Security Hub and reads the mode, plus every client call written in
 * the source.
 */
class TemplatePolicyIT {

    /** Calls that need no permission: GetCallerIdentity is always allowed. */
    private static final Set<String> NO_PERMISSION_NEEDED = Set.of("sts:GetCallerIdentity");
    /** Actions that other services take with the role (Lambda writes logs, SNS uses the topic's key). */
    private static final Set<String> USED_BY_SERVICES = Set.of("logs:CreateLogStream", "logs:PutLogEvents",
            "kms:GenerateDataKey", "kms:Decrypt");

    private static final Pattern CLIENT_CALL = Pattern.compile("\\b(iam|sns|ssm|sts|kms)\\.(\\w+)\\(");
    /** A Powertools SSM provider in a variable, whose {@code get} and {@code getMultiple} call the SDK's SSM client. */
    private static final Pattern SSM_PROVIDER = Pattern.compile("\\bSSMProvider\\s+(\\w+)\\s*=");
    private static final Map<String, String> SSM_PROVIDER_CALLS = Map.of("get", "ssm:GetParameter",
            "getMultiple", "ssm:GetParametersByPath");
    private static final Pattern JSON_REST = Pattern.compile("securityHub\\.rest\\(SdkHttpMethod\\.(\\w+), \"([^\"]+)\"");

    @Test
    void policyActions_areExactlyTheCallsTheCodeMakes() {
        Set<String> granted = policyActions();
        Set<String> called = new TreeSet<>();
        called.addAll(callsOfARealRun());
        called.addAll(callsInTheSource());
        called.removeAll(NO_PERMISSION_NEEDED);

        // the marker key's policy, not the role's, grants the seals' calls, on that key alone
        Set<String> sealing = new TreeSet<>(called.stream().filter(a -> a.startsWith("kms:")).toList());
        called.removeAll(sealing);
        assertThat(sealing).as("KMS calls the code makes vs the marker key's grant to the role")
                .containsExactlyElementsOf(markerKeyGrant()).containsExactly("kms:GenerateMac", "kms:VerifyMac");
        Set<String> grantedForCode = new TreeSet<>(granted);
        grantedForCode.removeAll(USED_BY_SERVICES);
        assertThat(grantedForCode).as("actions in template.yaml FunctionRole vs calls the code makes")
                .containsExactlyElementsOf(called);
        assertThat(granted).containsAll(Set.of("logs:CreateLogStream", "logs:PutLogEvents"));
    }

    @Test
    void iamWrites_areScopedToTheAccountsUsers_andNothingIsGrantedOnEverything() {
        JsonNode statements = role().path("Properties").path("Policies").get(0).path("PolicyDocument").path("Statement");
        for (JsonNode statement : statements) {
            if (!statement.has("Action")) {
                continue; // a conditional statement, checked below
            }
            if (statement.path("Sid").asText().equals("ReadAccountWide")) {
                // these three support no resource-level scoping, and are reads
                assertThat(statement.path("Action")).extracting(JsonNode::asText).containsExactlyInAnyOrder(
                        "iam:GenerateCredentialReport", "iam:GetCredentialReport", "iam:GetAccountAuthorizationDetails");
                continue;
            }
            assertThat(statement.path("Resource").toString()).as(statement.path("Sid").asText()).doesNotContain("\"*\"");
            for (JsonNode action : statement.path("Action")) {
                if (action.asText().startsWith("iam:")) {
                    assertThat(statement.path("Resource").asText())
                            .isEqualTo("arn:${AWS::Partition}:iam::${AWS::AccountId}:user/*");
                }
            }
        }
    }

    private static JsonNode template() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(Paths.get("template.yaml").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode role() {
        return template().path("Resources").path("FunctionRole");
    }

    /** What the marker key's policy lets the function's role do with it. */
    private static Set<String> markerKeyGrant() {
        Set<String> actions = new TreeSet<>();
        template().path("Resources").path("MarkerKey").path("Properties").path("KeyPolicy").path("Statement")
                .forEach(statement -> {
                    if (statement.path("Principal").path("AWS").asText().equals("FunctionRole.Arn")) {
                        collectActions(statement, actions);
                    }
                });
        return actions;
    }

    /** Every action of the role's policy, conditional statements (Fn::If) included. */
    static Set<String> policyActions() {
        Set<String> actions = new TreeSet<>();
        role().path("Properties").path("Policies").forEach(policy -> policy.path("PolicyDocument").path("Statement")
                .forEach(statement -> collectActions(statement, actions)));
        return actions;
    }

    private static void collectActions(JsonNode node, Set<String> actions) {
        if (node.has("Action")) {
            node.path("Action").forEach(a -> actions.add(a.asText()));
            if (node.path("Action").isTextual()) {
                actions.add(node.path("Action").asText());
            }
            return;
        }
        node.forEach(child -> collectActions(child, actions)); // inside !If [condition, statement, NoValue]
    }

    /** Every call that reaches the wire in an enforce run that acts and publishes to two topics. */
    private static Set<String> callsOfARealRun() {
        Moto moto = Moto.shared();
        moto.reset();
        Set<String> actions = new TreeSet<>();
        try (TestAccount account = new TestAccount(moto); FaultProxy proxy = new FaultProxy(moto.endpoint())) {
            Scenario.seed(account);
            String topic = account.topicWithQueue();
            String central = account.topicWithQueue("central");
            account.setMode("enforce");
            String markerKey = account.markerKey();
            proxy.clearCounts();
            TestRun.against(proxy.endpoint()).env(Map.of("TOPIC_ARN", topic, "CENTRAL_TOPIC_ARN", central,
                    "SECURITY_HUB", "true", "MARKER_KEY_ARN", markerKey)).run();
            proxy.actions().keySet().forEach(action -> actions.add(action(action)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(actions).contains("iam:UpdateAccessKey", "iam:DeleteAccessKey", "ssm:GetParameter", "sns:Publish",
                "securityhub:BatchImportFindings", "securityhub:GetFindings", "kms:GenerateMac");
        return actions;
    }

    /** A call as the proxy names it ({@code securityhub:POST /findings/import}) as the policy names it. */
    private static String action(String call) {
        return call.replace("securityhub:POST /findings/import", "securityhub:BatchImportFindings")
                .replace("securityhub:POST /findings", "securityhub:GetFindings");
    }

    /**
     * {@code iam.listUsersPaginator(...)} in src/main is iam:ListUsers, {@code ssm.getParameter(...)} or
     * {@code provider.get(...)} of an {@code SSMProvider provider} is ssm:GetParameter,
     * {@code securityHub.rest(SdkHttpMethod.POST, "/findings"} is securityhub:GetFindings, and so on.
     */
    private static Set<String> callsInTheSource() {
        Set<String> actions = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Paths.get("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher provider = SSM_PROVIDER.matcher(source);
                while (provider.find()) {
                    Matcher call = Pattern.compile("\\b" + provider.group(1) + "\\.(\\w+)\\(").matcher(source);
                    while (call.find()) {
                        actions.add(SSM_PROVIDER_CALLS.getOrDefault(call.group(1), "ssm:SSMProvider." + call.group(1)));
                    }
                }
                Matcher rest = JSON_REST.matcher(source);
                while (rest.find()) {
                    actions.add(action("securityhub:" + rest.group(1) + " " + rest.group(2)));
                }
                Matcher m = CLIENT_CALL.matcher(source);
                while (m.find()) {
                    String method = m.group(2).replaceFirst("Paginator$", "");
                    if (method.equals("close") || method.equals("serviceClientConfiguration")) {
                        continue;
                    }
                    actions.add(m.group(1) + ":" + Character.toUpperCase(method.charAt(0)) + method.substring(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return actions;
    }
}
