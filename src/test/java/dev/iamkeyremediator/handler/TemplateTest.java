package dev.iamkeyremediator.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.iamkeyremediator.rules.BackoutMarkers;
import dev.iamkeyremediator.rules.ExposedKeyRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What template.yaml promises beyond the list of actions (TemplatePolicyIT): one run per schedule tick, alarms that
 * can reach the encrypted topic, and tag writes limited to the backout markers the code writes.
 */
class TemplateTest {

    private static final JsonNode TEMPLATE = load();

    private static JsonNode load() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(Paths.get("template.yaml").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode resource(String name) {
        JsonNode resource = TEMPLATE.path("Resources").path(name);
        assertThat(resource.isMissingNode()).as(name).isFalse();
        return resource;
    }

    private static List<JsonNode> roleStatements() {
        List<JsonNode> statements = new ArrayList<>();
        resource("FunctionRole").path("Properties").path("Policies").get(0).path("PolicyDocument").path("Statement")
                .forEach(statements::add);
        return statements;
    }

    @Test
    void asynchronousRetriesAreOff_onTheAliasTheScheduleInvokes_andOnLatest() {
        JsonNode function = resource("RemediatorFunction").path("Properties");
        assertThat(function.path("AutoPublishAlias").asText()).isEqualTo("live");
        assertThat(function.path("EventInvokeConfig").path("MaximumRetryAttempts").asInt(-1)).isZero();
        JsonNode latest = resource("LatestEventInvokeConfig");
        assertThat(latest.path("Type").asText()).isEqualTo("AWS::Lambda::EventInvokeConfig");
        assertThat(latest.path("Properties").path("Qualifier").asText()).isEqualTo("$LATEST");
        assertThat(latest.path("Properties").path("MaximumRetryAttempts").asInt(-1)).isZero();
    }

    @Test
    void alarmsCanPublish_theTopicUsesAKeyWhosePolicyLetsCloudWatchIn() {
        JsonNode topic = resource("DigestTopic").path("Properties");
        assertThat(topic.path("KmsMasterKeyId").toString()).contains("KmsKeyArn").contains("DigestTopicKey")
                .doesNotContain("alias/aws/sns");
        JsonNode key = resource("DigestTopicKey");
        assertThat(key.path("Condition").asText()).isEqualTo("CreateKmsKey");
        assertThat(key.path("Properties").path("EnableKeyRotation").asBoolean()).isTrue();
        List<JsonNode> statements = new ArrayList<>();
        key.path("Properties").path("KeyPolicy").path("Statement").forEach(statements::add);
        assertThat(statements).anySatisfy(s -> {
            assertThat(s.path("Principal").path("Service").asText()).isEqualTo("cloudwatch.amazonaws.com");
            assertThat(s.path("Action")).extracting(JsonNode::asText).contains("kms:Decrypt", "kms:GenerateDataKey*");
            assertThat(s.path("Condition").path("StringEquals").has("aws:SourceAccount")).isTrue();
        });
        assertThat(resource("AlarmTopic").path("Properties").path("KmsMasterKeyId"))
                .isEqualTo(topic.path("KmsMasterKeyId"));
        for (String alarm : List.of("FunctionErrorsAlarm", "ScheduleFailedAlarm")) {
            assertThat(resource(alarm).path("Properties").path("AlarmActions").get(0).asText()).isEqualTo("AlarmTopic");
        }
        assertThat(resource("AlarmTopicPolicy").path("Properties").path("PolicyDocument").path("Statement").toString())
                .contains("cloudwatch.amazonaws.com");
        assertThat(resource("DigestTopicPolicy").path("Properties").path("PolicyDocument").path("Statement").toString())
                .as("nothing but the function publishes to the digest topic").doesNotContain("cloudwatch.amazonaws.com");
        assertThat(roleStatements()).anySatisfy(s -> {
            assertThat(s.path("Sid").asText()).isEqualTo("EncryptDigest");
            assertThat(s.path("Resource").toString()).contains("DigestTopicKey");
        });
    }

    /**
     * The stack's address gets the digest and the alarms, never an owner's notice: the digest subscription filters on
     * kind=digest, and the alarms, which carry no attribute a filter could match, have their own unfiltered topic.
     */
    @Test
    void theStacksAddress_getsTheDigestAndTheAlarms_notTheOwnerNotices() {
        JsonNode digest = resource("EmailSubscription").path("Properties");
        assertThat(digest.path("TopicArn").asText()).isEqualTo("DigestTopic");
        assertThat(digest.path("FilterPolicyScope").asText()).isEqualTo("MessageAttributes");
        assertThat(digest.path("FilterPolicy").toString()).isEqualTo("{\"kind\":[\"digest\"]}");
        JsonNode alarms = resource("AlarmEmailSubscription").path("Properties");
        assertThat(alarms.path("TopicArn").asText()).isEqualTo("AlarmTopic");
        assertThat(alarms.has("FilterPolicy")).isFalse();
        assertThat(alarms.path("Endpoint")).isEqualTo(digest.path("Endpoint"));
        JsonNode env = resource("RemediatorFunction").path("Properties").path("Environment").path("Variables");
        assertThat(env.path("OWNER_TAG_KEY").asText()).isEqualTo("OwnerTagKey");
        assertThat(env.path("CHAT_TOPIC_ARN").asText()).isEqualTo("ChatTopicArn");
        assertThat(TEMPLATE.path("Outputs").path("SubscribeOwnerCommand").path("Value").toString())
                .contains("owner-notice").contains("OWNER");
    }

    @Test
    void theChatTopic_isPublishableOnlyWhenSet() {
        assertThat(roleStatements()).anySatisfy(s -> {
            assertThat(s.toString()).contains("HasChatTopic").contains("PublishChatSummary").contains("ChatTopicArn");
        });
        assertThat(roleStatements()).noneSatisfy(s -> {
            assertThat(s.has("Action")).isTrue();
            assertThat(s.path("Resource").toString()).contains("ChatTopicArn");
        });
    }

    @Test
    void tagWrites_areLimitedToTheBackoutMarkersAndTheQuarantineTagTheCodeWrites() {
        JsonNode statement = roleStatements().stream().filter(s -> s.path("Action").toString().contains("iam:TagUser"))
                .findFirst().orElseThrow();
        assertThat(statement.path("Action")).extracting(JsonNode::asText).containsExactlyInAnyOrder("iam:TagUser",
                "iam:UntagUser");
        assertThat(statement.path("Resource").asText()).isEqualTo("arn:${AWS::Partition}:iam::${AWS::AccountId}:user/*");
        assertThat(statement.path("Condition").path("ForAllValues:StringLike").path("aws:TagKeys"))
                .extracting(JsonNode::asText)
                .containsExactlyInAnyOrder(BackoutMarkers.TAG_PREFIX + "*", ExposedKeyRule.QUARANTINED_SINCE);
        assertThat(statement.path("Condition").path("Null").path("aws:TagKeys").asText()).isEqualTo("false");
        // the exemption tag is not under the prefix: the role can never exempt a user
        assertThat(TEMPLATE.path("Parameters").path("ExemptTagKey").path("Default").asText())
                .doesNotStartWith(BackoutMarkers.TAG_PREFIX);
    }

    @Test
    void exposedKeyEvents_reachTheLiveAlias_fromBothSources_onByDefault() {
        assertThat(TEMPLATE.path("Parameters").path("ExposedKeyEvents").path("Default").asText()).isEqualTo("true");
        JsonNode rule = resource("ExposedKeyEventsRule");
        assertThat(rule.path("Type").asText()).isEqualTo("AWS::Events::Rule");
        assertThat(rule.path("Condition").asText()).isEqualTo("AnswerExposedKeyEvents");
        JsonNode sources = rule.path("Properties").path("EventPattern").path("$or");
        assertThat(sources).hasSize(2);
        assertThat(sources.get(0).path("source").get(0).asText()).isEqualTo("aws.health");
        assertThat(sources.get(0).path("detail").path("eventTypeCode").get(0).path("prefix").asText())
                .isEqualTo("AWS_RISK_");
        assertThat(sources.get(0).path("detail").has("service")).as("matched on the code's prefix, not the service")
                .isFalse();
        assertThat(sources.get(1).path("source").get(0).asText()).isEqualTo("aws.trustedadvisor");
        assertThat(sources.get(1).path("detail").path("check-name").get(0).asText()).isEqualTo("Exposed Access Keys");
        assertThat(rule.path("Properties").path("Targets").get(0).path("Arn").asText())
                .isEqualTo("RemediatorFunction.Alias");
        JsonNode permission = resource("ExposedKeyEventsPermission").path("Properties");
        assertThat(permission.path("Principal").asText()).isEqualTo("events.amazonaws.com");
        assertThat(permission.path("FunctionName").asText()).isEqualTo("RemediatorFunction.Alias");
        assertThat(permission.path("SourceArn").toString()).contains("ExposedKeyEventsRule");
        assertThat(resource("RemediatorFunction").path("Properties").path("SnapStart").path("ApplyOn").asText())
                .isEqualTo("PublishedVersions");
    }

    @Test
    void aStackOutsideUsEast1_getsItsEventsForwarded_toItsRegionsDefaultBus() throws IOException {
        JsonNode forward = new ObjectMapper(new YAMLFactory())
                .readTree(Paths.get("deploy/forward-exposed-key-events.yaml").toFile());
        JsonNode rule = forward.path("Resources").path("ForwardExposedKeyEvents").path("Properties");
        assertThat(rule.path("EventPattern")).as("the same events as the stack's own rule")
                .isEqualTo(resource("ExposedKeyEventsRule").path("Properties").path("EventPattern"));
        assertThat(rule.path("Targets").get(0).path("Arn").asText())
                .isEqualTo("arn:${AWS::Partition}:events:${TargetRegion}:${AWS::AccountId}:event-bus/default");
        JsonNode put = forward.path("Resources").path("ForwardingRole").path("Properties").path("Policies").get(0)
                .path("PolicyDocument").path("Statement").get(0);
        assertThat(put.path("Action").asText()).isEqualTo("events:PutEvents");
        assertThat(put.path("Resource").asText()).isEqualTo(rule.path("Targets").get(0).path("Arn").asText());
        assertThat(forward.path("Rules").path("DeployInUsEast1").toString()).contains("us-east-1");
    }

    @Test
    void theMarkerKey_isAnHmacKey_thatOnlyTheFunctionsRoleMaySealWith_andTheFunctionIsGivenIt() {
        JsonNode key = resource("MarkerKey");
        assertThat(key.path("Type").asText()).isEqualTo("AWS::KMS::Key");
        assertThat(key.path("Condition").asText()).isEqualTo("SealTheMarkers");
        assertThat(key.path("Properties").path("KeySpec").asText()).isEqualTo("HMAC_256");
        assertThat(key.path("Properties").path("KeyUsage").asText()).isEqualTo("GENERATE_VERIFY_MAC");
        List<JsonNode> statements = new ArrayList<>();
        key.path("Properties").path("KeyPolicy").path("Statement").forEach(statements::add);
        JsonNode grant = statements.stream().filter(st -> st.path("Sid").asText().equals("TheFunctionSealsAndChecksMarkers"))
                .findFirst().orElseThrow();
        assertThat(grant.path("Principal").path("AWS").asText()).isEqualTo("FunctionRole.Arn");
        assertThat(grant.path("Action").toString()).contains("kms:GenerateMac").contains("kms:VerifyMac");
        JsonNode deny = statements.stream().filter(st -> st.path("Effect").asText().equals("Deny")).findFirst()
                .orElseThrow();
        assertThat(deny.path("Action").asText()).isEqualTo("kms:GenerateMac");
        assertThat(deny.path("Condition").path("ArnNotEquals").path("aws:PrincipalArn").asText())
                .isEqualTo("FunctionRole.Arn");
        // the account's administrators manage the key but get no grant to seal or check with it
        statements.stream().filter(st -> st.path("Effect").asText().equals("Allow") && st != grant)
                .forEach(st -> assertThat(st.path("Action").toString()).doesNotContain("Mac").doesNotContain("kms:*"));
        assertThat(resource("RemediatorFunction").path("Properties").path("Environment").path("Variables")
                .path("MARKER_KEY_ARN").toString()).contains("SealTheMarkers").contains("MarkerKey.Arn");
        assertThat(TEMPLATE.path("Parameters").path("SealMarkers").path("Default").asText()).isEqualTo("true");
        // the role's own policy grants no KMS MAC operation: the key policy alone does, on that key alone
        roleStatements().forEach(st -> assertThat(st.path("Action").toString()).doesNotContain("Mac"));
    }

    @Test
    void theSchedulesRole_getsThePermissionsBoundary_likeTheFunctionsRole() {
        JsonNode daily = resource("RemediatorFunction").path("Properties").path("Events").path("Daily");
        assertThat(daily.path("Type").asText()).isEqualTo("ScheduleV2");
        assertThat(daily.path("Properties").path("PermissionsBoundary").toString())
                .isEqualTo(resource("FunctionRole").path("Properties").path("PermissionsBoundary").toString())
                .contains("PermissionsBoundaryArn");
    }

    @Test
    void reservedConcurrency_isOneByDefault_andZeroReservesNone() {
        JsonNode parameter = TEMPLATE.path("Parameters").path("ReservedConcurrency");
        assertThat(parameter.path("Default").asInt()).isEqualTo(1);
        assertThat(parameter.path("AllowedValues").toString()).isEqualTo("[0,1]");
        assertThat(TEMPLATE.path("Conditions").path("ReserveConcurrency").toString()).contains("ReservedConcurrency");
        assertThat(resource("RemediatorFunction").path("Properties").path("ReservedConcurrentExecutions").toString())
                .contains("ReserveConcurrency").contains("AWS::NoValue");
    }
}
