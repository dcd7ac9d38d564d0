package dev.iamkeyremediator.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamkeyremediator.it.AwsManagedPolicies;
import dev.iamkeyremediator.it.CallCounter;
import dev.iamkeyremediator.it.Moto;
import dev.iamkeyremediator.it.MotoAccount;
import dev.iamkeyremediator.it.TestAccount.Key;
import dev.iamkeyremediator.it.TestAccount.Received;
import dev.iamkeyremediator.it.TestAccount;
import dev.iamkeyremediator.render.Text;
import dev.iamkeyremediator.report.RunSummary;
import dev.iamkeyremediator.rules.ExposedKeyRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * Exposed keys against the emulator: the event path (AWS Health and Trusted Advisor events in their several shapes)
 * deactivates the named key in one invocation with a handful of IAM calls and no listing; the sweep of the scheduled
 * run finds users AWS quarantined (moto carries AWS's managed quarantine policies).
 */
@ExtendWith(MotoAccount.class)
@AwsManagedPolicies
class ExposedKeyIT {

    private static final String ACCOUNT = "123456789012";
    private static final String QUARANTINE = "arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV2";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Moto moto = Moto.withManagedPolicies();
    private TestAccount account;
    private Key leaked;
    private Key other;
    private Key forgotten;
    private String topic;
    private String security;
    private String owner;
    private String chat;
    private String chatTopic;

    @BeforeEach
    void seed(TestAccount account) {
        this.account = account;
        account.createUser("ci-deploy");
        account.tag("ci-deploy", "owner", "platform-team");
        leaked = account.createKey("ci-deploy");
        account.use(leaked);
        account.createUser("bystander");
        other = account.createKey("bystander");
        moto.travel("-200d"); // a key forgotten long ago: a finding of its own in Security Hub
        account.createUser("forgotten");
        forgotten = account.createKey("forgotten");
        moto.travel("+0");
        topic = account.createTopic("iam-key-digest");
        chatTopic = account.createTopic("iam-key-chat");
        security = account.subscribeQueue(topic, "security", "{\"kind\": [\"digest\"]}");
        owner = account.subscribeQueue(topic, "platform", "{\"owner\": [\"platform-team\"]}");
        chat = account.subscribeQueue(chatTopic, "chat", null);
    }

    private static String event(String file, String keyId) {
        try {
            return Files.readString(Path.of("src/test/resources/events", file)).replaceAll("AKIAEXPOSEDKEY0\\d", keyId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TestRun run(String event, CallCounter calls) {
        return TestRun.against(moto.endpoint()).counting(calls).event(event).env(Map.of("TOPIC_ARN", topic,
                "CHAT_TOPIC_ARN", chatTopic, "SECURITY_HUB", "true"));
    }

    private static long iamCalls(CallCounter calls) {
        return calls.snapshot().entrySet().stream().filter(e -> e.getKey().startsWith("Iam:"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    @Test
    void healthEvent_enforce_deactivatesTheKeyAtOnce_withAtMostSixIamCalls_noListing_andEveryChannelPutsItFirst()
            throws Exception {
        account.setMode("dry-run");
        TestRun.against(moto.endpoint()).env(Map.of("TOPIC_ARN", topic, "SECURITY_HUB", "true")).run();
        String earlier = "iam-key-remediator/%s/%s/UNUSED_KEY".formatted(ACCOUNT, forgotten.id());
        assertThat(account.securityHubFindings().get(earlier).path("RecordState").asText()).isEqualTo("ACTIVE");
        account.received(security);
        account.received(owner);
        account.received(chat);
        account.setMode("enforce");
        CallCounter calls = new CallCounter();

        RunSummary summary = run(event("health-exposed.json", leaked.id()), calls).run();

        assertThat(account.keyStates()).containsEntry(leaked.id(), "Inactive").containsEntry(other.id(), "Active");
        assertThat(account.markers("ci-deploy")).containsKey(leaked.id());
        assertThat(iamCalls(calls)).as(calls.snapshot().toString()).isLessThanOrEqualTo(6);
        assertThat(calls.count("GetAccountAuthorizationDetails") + calls.count("ListUsers")
                + calls.count("GenerateCredentialReport") + calls.count("GetCredentialReport")).isZero();
        assertThat(summary.outcomes()).containsEntry("DEACTIVATED", 1L);
        assertThat(summary.findingsByRule()).containsEntry("EXPOSED_KEY", 1L);
        assertThat(summary.inventoryStrategy()).startsWith("exposed-key event: AWS Health AWS_RISK_CREDENTIALS_EXPOSED")
                .contains("detail.eventMetadata.publicKey");

        Received digest = account.received(security).get(0);
        assertThat(digest.subject()).startsWith("EXPOSED ENFORCE " + ACCOUNT + ": 0 deleted, 1 deactivated");
        String firstSection = digest.body().substring(digest.body().indexOf("\n== "));
        assertThat(firstSection).startsWith("\n== EXPOSED or root keys: act now (1) ==\n- ci-deploy  " + leaked.id());
        assertThat(digest.body()).contains("EXPOSED_KEY").contains("named by AWS Health AWS_RISK_CREDENTIALS_EXPOSED")
                .contains("rotate it; undo only if AWS's finding is wrong: aws iam update-access-key");
        Received notice = account.received(owner).get(0);
        assertThat(notice.subject()).startsWith("EXPOSED " + ACCOUNT + ": your IAM access keys");
        assertThat(notice.body().substring(notice.body().indexOf("\n== "))).startsWith("\n== EXPOSED or root keys");
        JsonNode card = JSON.readTree(account.received(chat).get(0).body());
        assertThat(card.path("content").path("title").asText()).contains("EXPOSED");
        assertThat(card.path("content").path("description").asText()).contains("*Top lines*\n- `ci-deploy` "
                + leaked.id() + " EXPOSED_KEY");
        JsonNode finding = account.securityHubFindings().get("iam-key-remediator/%s/%s/EXPOSED_KEY".formatted(ACCOUNT,
                leaked.id()));
        assertThat(finding.path("Severity").path("Label").asText()).isEqualTo("CRITICAL");
        assertThat(finding.path("Types")).extracting(JsonNode::asText).contains("TTPs/Credential Access");
        assertThat(account.securityHubFindings().get(earlier).path("RecordState").asText())
                .as("an event judges its key alone: the earlier finding of another key stands").isEqualTo("ACTIVE");
    }

    @Test
    void healthEvent_dryRun_writesNothing_andSaysWhatEnforceWouldDo() {
        account.setMode("dry-run");
        Map<String, String> before = account.keyStates();

        RunSummary summary = run(event("health-compromised-entities.json", leaked.id()), new CallCounter()).run();

        assertThat(account.keyStates()).isEqualTo(before);
        assertThat(account.markers("ci-deploy")).isEmpty();
        assertThat(summary.outcomes()).containsEntry("WOULD_DEACTIVATE", 1L);
        Received digest = account.received(security).get(0);
        assertThat(digest.subject()).startsWith("EXPOSED DRY-RUN " + ACCOUNT);
        assertThat(digest.body()).contains("- ci-deploy  " + leaked.id()).contains("=> Would deactivate (dry-run)")
                .contains("enforce mode would mark it Inactive");
        Received notice = account.received(owner).get(0);
        assertThat(notice.subject()).startsWith("EXPOSED DRY-RUN " + ACCOUNT + ": your IAM access keys: would deactivate 1");
        assertThat(notice.body()).contains(Text.DRY_RUN_BANNER).contains(leaked.id());
        assertThat(account.received(chat).get(0).body()).contains("Dry-run: nothing was changed.").contains(leaked.id());
    }

    @Test
    void exemptUser_isStillDeactivated_andTheDigestSaysTheExemptionWasOverridden() {
        account.setMode("enforce");
        account.tag("ci-deploy", "iam-key-remediator:exempt", "true");

        run(event("trusted-advisor-exposed.json", leaked.id()), new CallCounter()).run();

        assertThat(account.keyStates()).containsEntry(leaked.id(), "Inactive");
        assertThat(account.received(security).get(0).body()).contains("[exemption overridden: tag iam-key-remediator:exempt=true]");
    }

    @Test
    void eventsThatCallForNothing_writeNothing_andSayWhy() {
        account.setMode("enforce");
        account.deactivate(other);
        Map<String, String> before = account.keyStates();
        String anotherAccount = event("health-exposed.json", leaked.id()).replace("\"account\": \"123456789012\"",
                "\"account\": \"210987654321\"");
        String noKey = event("health-exposed.json", "not-a-key");
        String inactive = event("health-exposed.json", other.id());
        String okStatus = event("trusted-advisor-exposed.json", leaked.id()).replace("\"ERROR\"", "\"OK\"");

        List<String> reasons = List.of(anotherAccount, noKey, inactive, okStatus).stream()
                .map(e -> run(e, new CallCounter()).run().inventoryStrategy()).toList();

        assertThat(account.keyStates()).isEqualTo(before);
        assertThat(account.markers("ci-deploy")).isEmpty();
        assertThat(reasons.get(0)).endsWith("changes nothing: the event is about account 210987654321, this is " + ACCOUNT);
        assertThat(reasons.get(1)).endsWith("changes nothing: the event names no access key");
        assertThat(reasons.get(2)).endsWith("changes nothing: the key %s of bystander is already Inactive".formatted(other.id()));
        assertThat(reasons.get(3)).endsWith("changes nothing: the check's status is 'OK', not ERROR");
        assertThat(account.received(security)).as("nothing to tell").isEmpty();
    }

    @Test
    void sweep_quarantinedUser_preQuarantineKeysDeactivated_theRotationLeftActive_andTheTagGoesWithThePolicy() {
        account.setMode("enforce");
        account.iam().attachUserPolicy(r -> r.userName("ci-deploy").policyArn(QUARANTINE));
        Key second = account.createKey("ci-deploy");

        RunSummary first = TestRun.against(moto.endpoint()).env("TOPIC_ARN", topic).run();

        assertThat(account.keyStates()).containsEntry(leaked.id(), "Inactive").containsEntry(second.id(), "Inactive")
                .containsEntry(other.id(), "Active");
        assertThat(first.findingsByRule()).containsEntry("EXPOSED_KEY", 2L);
        assertThat(tags("ci-deploy")).containsKey(ExposedKeyRule.QUARANTINED_SINCE);
        assertThat(account.received(security).get(0).subject()).startsWith("EXPOSED ENFORCE");

        moto.travel("+60"); // the rotation's key is created after the tool first saw the quarantine
        account.iam().deleteAccessKey(r -> r.userName("ci-deploy").accessKeyId(second.id()));
        Key rotated = account.createKey("ci-deploy");
        TestRun.against(moto.endpoint()).env("TOPIC_ARN", topic).run();

        assertThat(account.keyStates()).containsEntry(rotated.id(), "Active");
        assertThat(account.received(security).get(0).body()).contains(rotated.id())
                .contains("the rotation, left Active; detach AWSCompromisedKeyQuarantineV2 once the exposed key is gone");

        account.iam().detachUserPolicy(r -> r.userName("ci-deploy").policyArn(QUARANTINE));
        TestRun.against(moto.endpoint()).env("TOPIC_ARN", topic).run();

        assertThat(tags("ci-deploy")).doesNotContainKey(ExposedKeyRule.QUARANTINED_SINCE);
        assertThat(account.keyStates()).containsEntry(rotated.id(), "Active");
    }

    @Test
    void sweep_dryRun_everyActiveKeyOfAQuarantinedUserIsWhatEnforceWouldDeactivate_andNoTagIsWritten() {
        account.setMode("dry-run");
        account.iam().attachUserPolicy(r -> r.userName("ci-deploy").policyArn(QUARANTINE));

        RunSummary summary = TestRun.against(moto.endpoint()).env("TOPIC_ARN", topic).run();

        assertThat(summary.findingsByRule()).containsEntry("EXPOSED_KEY", 1L);
        assertThat(account.received(security).get(0).body()).contains("== EXPOSED or root keys: act now (1) ==\n- ci-deploy  "
                + leaked.id());
        assertThat(tags("ci-deploy")).doesNotContainKey(ExposedKeyRule.QUARANTINED_SINCE);
        assertThat(account.keyStates()).containsEntry(leaked.id(), "Active");
    }

    private Map<String, String> tags(String user) {
        Map<String, String> tags = new java.util.TreeMap<>();
        account.iam().listUserTagsPaginator(r -> r.userName(user)).tags().forEach((Tag t) -> tags.put(t.key(), t.value()));
        return tags;
    }
}
