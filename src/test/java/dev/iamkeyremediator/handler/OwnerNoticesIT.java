package dev.iamkeyremediator.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamkeyremediator.it.FaultProxy;
import dev.iamkeyremediator.it.Moto;
import dev.iamkeyremediator.it.MotoAccount;
import dev.iamkeyremediator.it.Scenario;
import dev.iamkeyremediator.it.TestAccount;
import dev.iamkeyremediator.it.TestAccount.Received;
import dev.iamkeyremediator.report.RunSummary;
import com.amazonaws.services.lambda.runtime.Context;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mockito;

/**
 * Owners hear first: one notice per owner tag value on the digest topic, told apart from the digest by message
 * attributes, so that each subscription's filter policy (moto honours them) delivers exactly what it asks for; and a
 * run summary in the chat topic, as Amazon Q Developer in chat applications reads it.
 */
@ExtendWith(MotoAccount.class)
class OwnerNoticesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Moto moto = Moto.shared();
    private TestAccount account;
    private Scenario scenario;
    private String topic;
    private String chatTopic;
    private String security;
    private String platform;
    private String data;
    private String alice;
    private String quiet;
    private String chat;

    @BeforeEach
    void seed(TestAccount account) {
        this.account = account;
        scenario = Scenario.seed(account);
        account.tag("ci-bot-unused", "owner", "platform-team");
        account.tag("soon-unused", "owner", "platform-team");
        account.tag("healthy", "owner", "platform-team");
        account.tag("setup-key-user", "Owner", "alice@example.com"); // the tag key in any case
        account.tag("two-keys-rotating", "OWNER", " data-team ");
        account.tag("old-but-busy", "owner", "quiet-team"); // only a rotation report: nothing to tell
        topic = account.createTopic("iam-key-digest");
        chatTopic = account.createTopic("iam-key-chat");
        security = account.subscribeQueue(topic, "security", "{\"kind\": [\"digest\"]}");
        platform = account.subscribeQueue(topic, "platform", "{\"kind\": [\"owner-notice\"], \"owner\": [\"platform-team\"]}");
        data = account.subscribeQueue(topic, "data", "{\"kind\": [\"owner-notice\"], \"owner\": [\"data-team\"]}");
        alice = account.subscribeQueue(topic, "alice", "{\"owner\": [\"alice@example.com\"]}");
        quiet = account.subscribeQueue(topic, "quiet", "{\"owner\": [\"quiet-team\"]}");
        chat = account.subscribeQueue(chatTopic, "chat", null);
    }

    private TestRun run(String endpointTopic) {
        return TestRun.against(moto.endpoint()).env(Map.of("TOPIC_ARN", endpointTopic, "CHAT_TOPIC_ARN", chatTopic));
    }

    @Test
    void dryRun_eachOwnerGetsOnlyItsOwnKeys_sayingWould_theSecurityQueueOnlyTheDigest_andChatACard() throws Exception {
        account.setMode("dry-run");

        RunSummary summary = run(topic).run();

        assertThat(summary.status()).isEqualTo("succeeded");
        assertThat(account.received(security)).singleElement().satisfies(digest -> {
            assertThat(digest.attributes()).containsEntry("kind", "digest").doesNotContainKey("owner");
            assertThat(digest.subject()).startsWith("DRY-RUN 123456789012:");
            assertThat(digest.body())
                    .contains("== Owner notices (3) ==\n- alice@example.com: 1 key\n- data-team: 1 key\n"
                            + "- platform-team: 1 key\n")
                    .contains("== No owner: users without the tag owner, nobody else was told (1) ==\n"
                            + "- old-inactive: 1 key\n")
                    .contains("- soon-unused  " + scenario.soonUnused.id() + "  Active  UNUSED_KEY  never used")
                    .contains("aws iam tag-user --user-name NAME --tags Key=owner,Value=OWNER");
        });

        List<Received> platformNotices = account.received(platform);
        assertThat(platformNotices).singleElement().satisfies(notice -> {
            assertThat(notice.attributes()).containsEntry("kind", "owner-notice").containsEntry("owner", "platform-team");
            assertThat(notice.subject()).isEqualTo(
                    "DRY-RUN 123456789012: your IAM access keys: would deactivate 1");
            assertThat(notice.body())
                    .contains("Access keys of IAM users whose tag owner names platform-team, in account 123456789012")
                    .contains("Dry-run: nothing was changed. The lines below say what enforce mode would do.")
                    .contains("== Would deactivate (dry-run) (1) ==")
                    .contains("- ci-bot-unused  " + scenario.ciBot.id() + "  Active  UNUSED_KEY")
                    .containsPattern("enforce mode would mark it Inactive since \\d{4}-\\d\\d-\\d\\d, starting the "
                            + "countdown: deletion on \\d{4}-\\d\\d-\\d\\d at the earliest")
                    // soon-unused is due in 2 days: its owner heard 7 days before and hears again the day before
                    .doesNotContain("soon-unused").doesNotContain("Coming up")
                    .contains("Key=iam-key-remediator:exempt,Value=YYYY-MM-DD")
                    .doesNotContain("setup-key-user").doesNotContain("two-keys-rotating").doesNotContain("healthy")
                    .doesNotContain("undo");
        });
        assertThat(account.received(data)).singleElement().satisfies(notice -> {
            assertThat(notice.attributes()).containsEntry("owner", "data-team");
            assertThat(notice.body()).contains("- two-keys-rotating  " + scenario.rotatingOld.id())
                    .doesNotContain("ci-bot-unused");
        });
        assertThat(account.received(alice)).singleElement().satisfies(notice -> assertThat(notice.body())
                .contains("== Would delete (dry-run) (1) ==")
                .contains("- setup-key-user  " + scenario.setupKey.id() + "  Active  INITIAL_SETUP_KEY  never used"));
        assertThat(account.received(quiet)).as("a rotation report alone is not news to an owner").isEmpty();

        JsonNode card = JSON.readTree(account.received(chat).get(0).body());
        assertThat(card.path("version").asText()).isEqualTo("1.0");
        assertThat(card.path("source").asText()).isEqualTo("custom");
        JsonNode content = card.path("content");
        assertThat(content.path("textType").asText()).isEqualTo("client-markdown");
        assertThat(content.path("title").asText()).isEqualTo("iam-key-remediator DRY-RUN 123456789012: would delete 1, "
                + "would deactivate 2, 1 reported, 0 errors, 2 upcoming");
        assertThat(content.path("description").asText()).contains("*Account* `123456789012`  *Mode* dry-run")
                .contains("*Would delete (dry-run)* 1").contains("*Errors* 0").contains("*Top lines*")
                .contains("- `setup-key-user` " + scenario.setupKey.id() + " INITIAL_SETUP_KEY: would delete (dry-run)");
        assertThat(content.path("nextSteps").isArray()).isTrue();
        assertThat(content.path("nextSteps").size()).isPositive();
        assertThat(content.path("keywords")).extracting(JsonNode::asText).contains("dry-run", "123456789012");
        assertThat(card.path("metadata").path("threadId").asText()).isEqualTo("iam-key-remediator-123456789012");
        assertThat(account.received(chat)).as("one chat message per run").isEmpty();
    }

    @Test
    void enforce_noticesSayWhatWasDone_withTheDeleteDateAndTheUndoCommand() {
        account.setMode("enforce");
        String today = LocalDate.now(ZoneOffset.UTC).toString();

        run(topic).run();

        assertThat(account.keyStates()).doesNotContainKey(scenario.setupKey.id())
                .containsEntry(scenario.ciBot.id(), "Inactive");
        assertThat(account.received(platform)).singleElement().satisfies(notice -> {
            assertThat(notice.subject()).isEqualTo("123456789012: your IAM access keys: 1 deactivated");
            assertThat(notice.body()).doesNotContain("Dry-run")
                    .contains("== Deactivated by this run (1) ==")
                    .contains("marked Inactive since " + today + "; may be deleted on "
                            + LocalDate.parse(today).plusDays(30) + " if still Inactive and unused")
                    .contains("still needed? make it Active again: aws iam update-access-key --user-name ci-bot-unused "
                            + "--access-key-id " + scenario.ciBot.id() + " --status Active");
        });
        assertThat(account.received(alice)).singleElement().satisfies(notice -> assertThat(notice.body())
                .contains("== Deleted by this run (1) ==")
                .contains("A deleted key cannot be restored"));
        assertThat(account.received(security)).singleElement()
                .satisfies(d -> assertThat(d.subject()).startsWith("ENFORCE 123456789012: 1 deleted, 2 deactivated"));
        assertThat(account.received(quiet)).isEmpty();
    }

    @Test
    void whenTimeRunsShort_theNoticesAndChatStop_andTheDigestStillGoesOut() throws Exception {
        account.setMode("dry-run");
        RunSummary summary;
        try (FaultProxy proxy = new FaultProxy(moto.endpoint())) {
            // 10 s left once the first notice is out: less than the digest's own reserve
            Context context = Mockito.mock(Context.class);
            Mockito.when(context.getRemainingTimeInMillis())
                    .thenAnswer(invocation -> proxy.calls("Publish") >= 1 ? 10_000 : 600_000);
            Mockito.when(context.getAwsRequestId()).thenReturn("test-request");
            summary = TestRun.against(proxy.endpoint()).env(Map.of("TOPIC_ARN", topic, "CHAT_TOPIC_ARN", chatTopic))
                    .context(context, Duration.ofSeconds(90)).runAllowingFailure();
        }

        assertThat(summary.status()).isEqualTo("failed");
        assertThat(summary.failures()).contains("2 owner notices not delivered", "chat summary not delivered");
        assertThat(account.received(alice)).as("the first owner, alphabetically, was told").hasSize(1);
        assertThat(account.received(data)).isEmpty();
        assertThat(account.received(platform)).isEmpty();
        assertThat(account.received(chat)).isEmpty();
        assertThat(account.received(security)).singleElement().satisfies(d -> assertThat(d.body())
                .contains("- data-team: 1 key (not delivered: see Errors)")
                .contains("- (account)  Publish: notice to owner platform-team not sent: the run's time ran out before"
                        + " the digest")
                .contains("- (account)  Publish: chat summary not sent: the run's time ran out before the digest"));
    }

    @Test
    void aRefusedNoticeOrChat_isAnErrorInTheDigest_theOtherNoticesAndTheDigestStillGo() throws Exception {
        account.setMode("dry-run");

        RunSummary summary;
        try (FaultProxy proxy = new FaultProxy(moto.endpoint())) {
            proxy.faults(call -> call.operation().equals("Publish")
                    && (call.params().containsValue("data-team") || chatTopic.equals(call.param("TopicArn")))
                    ? FaultProxy.Fault.error(403, "AuthorizationError", "not authorized to publish")
                    : FaultProxy.Fault.pass());
            summary = TestRun.against(proxy.endpoint())
                    .env(Map.of("TOPIC_ARN", topic, "CHAT_TOPIC_ARN", chatTopic)).runAllowingFailure();
        }

        assertThat(summary.status()).isEqualTo("failed");
        assertThat(summary.failures()).contains("1 owner notices not delivered", "chat summary not delivered");
        assertThat(account.received(data)).isEmpty();
        assertThat(account.received(platform)).hasSize(1);
        assertThat(account.received(security)).singleElement().satisfies(d -> assertThat(d.body())
                .contains("- data-team: 1 key (not delivered: see Errors)")
                .contains("- (account)  Publish: notice to owner data-team not delivered: ")
                .contains("AuthorizationError")
                .contains("- (account)  Publish: chat summary not delivered: "));
    }
}
