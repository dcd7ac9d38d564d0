package dev.iamkeyremediator.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamkeyremediator.it.CallCounter;
import dev.iamkeyremediator.it.Moto;
import dev.iamkeyremediator.it.MotoAccount;
import dev.iamkeyremediator.it.Scenario;
import dev.iamkeyremediator.it.Summaries;
import dev.iamkeyremediator.it.TestAccount;
import dev.iamkeyremediator.run.RunFailedException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The real handler, end to end, against moto: mode from SSM, live inventory, actions, digest through SNS to SQS. */
@ExtendWith(MotoAccount.class)
class RemediatorHandlerIT {

    private final Moto moto = Moto.shared();
    private TestAccount account;
    private Scenario scenario;
    private String topicArn;
    private final CallCounter calls = new CallCounter();

    @BeforeEach
    void seed(TestAccount account) {
        this.account = account;
        scenario = Scenario.seed(account);
        topicArn = account.topicWithQueue();
    }

    private TestRun handler(Map<String, String> env) {
        return TestRun.against(moto.endpoint()).env("TOPIC_ARN", topicArn).env(env).counting(calls);
    }

    private Map<String, Object> run(Map<String, String> env) {
        return Summaries.map(handler(env).run());
    }

    private static Map<String, Long> outcomes(Map<String, Object> summary) {
        return counts(summary, "outcomes");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> counts(Map<String, Object> summary, String field) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        ((Map<String, Number>) summary.get(field)).forEach((k, v) -> counts.put(k, v.longValue()));
        return counts;
    }

    private static final List<String> WRITES = List.of("UpdateAccessKey", "DeleteAccessKey", "CreateAccessKey",
            "DeleteUser", "DeleteLoginProfile", "TagUser", "UntagUser", "PutParameter");

    @Test
    void dryRun_leavesIamUntouched_makesNoWriteCall_andPublishesWhatEnforceWouldDo() {
        account.setMode("dry-run");
        Map<String, String> before = account.keyStates();

        Map<String, Object> summary = run(Map.of());

        assertThat(account.keyStates()).isEqualTo(before);
        WRITES.forEach(op -> assertThat(calls.count(op)).as(op).isZero());
        assertThat(summary.get("mode")).isEqualTo("dry-run");
        assertThat(outcomes(summary)).containsEntry("WOULD_DELETE", 1L).containsEntry("WOULD_DEACTIVATE", 2L)
                .containsEntry("REPORTED", 1L).containsEntry("UPCOMING", 2L).containsEntry("EXEMPT", 1L)
                .containsEntry("BACKOUT", 1L).containsEntry("DELETED", 0L).containsEntry("DEACTIVATED", 0L);

        List<TestAccount.Digest> digests = account.digests();
        assertThat(digests).singleElement().satisfies(d -> {
            assertThat(d.subject()).isEqualTo(
                    "DRY-RUN 123456789012: would delete 1, would deactivate 2, 1 reported, 0 errors, 2 upcoming");
            assertThat(d.body())
                    .contains("== Would delete (dry-run) (1) ==")
                    .contains("- setup-key-user  " + scenario.setupKey.id() + "  Active  INITIAL_SETUP_KEY  never used")
                    .contains("== Would deactivate (dry-run) (2) ==")
                    .containsPattern("- ci-bot-unused  " + scenario.ciBot.id() + "  Active  UNUSED_KEY  .*"
                            + "\\{enforce mode would mark it Inactive since \\d{4}-\\d\\d-\\d\\d, "
                            + "starting the countdown: deletion on \\d{4}-\\d\\d-\\d\\d at the earliest}")
                    .contains("- two-keys-rotating  " + scenario.rotatingOld.id() + "  Active  MULTIPLE_ACTIVE_KEYS")
                    .contains("== Backout window: Inactive keys and when they may be deleted (1) ==")
                    .contains("- old-inactive  " + scenario.oldInactive.id() + "  Inactive  last used")
                    .contains("{first seen Inactive: enforce mode would mark it Inactive since")
                    .contains("== Report only (1) ==")
                    .contains("- old-but-busy  key 1 (from the credential report)  Active  KEY_ROTATION_DUE  last used "
                            + java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1))
                    .contains("== Upcoming within 7 days (2) ==")
                    .contains("- soon-unused  " + scenario.soonUnused.id() + "  Active  UNUSED_KEY  never used")
                    .containsPattern("- two-keys-busy  AKIA\\w+  Active  MULTIPLE_ACTIVE_KEYS  .* deactivate due .*"
                            + "; also MULTIPLE_ACTIVE_KEYS: second active key, last used 2 days ago; AKIA\\w+ is kept")
                    .contains("== Exempt (1) ==")
                    .contains("- exempt-svc  key 1 (from the credential report)  Active  UNUSED_KEY")
                    .doesNotContain("undo:")
                    .doesNotContain(scenario.healthy.id())
                    .doesNotContain("- two-keys-rotating  " + scenario.rotatingNew.id());
        });
    }

    @Test
    void enforce_changesExactlyTheExpectedKeys_marksThem_andTheDigestSaysHowToUndo() {
        account.setMode("enforce");
        Map<String, String> expected = new java.util.TreeMap<>(account.keyStates());
        expected.remove(scenario.setupKey.id());
        expected.put(scenario.ciBot.id(), "Inactive");
        expected.put(scenario.rotatingOld.id(), "Inactive");
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();

        Map<String, Object> summary = run(Map.of());

        assertThat(account.keyStates()).isEqualTo(expected);
        assertThat(calls.count("DeleteAccessKey")).isEqualTo(1);
        assertThat(calls.count("UpdateAccessKey")).isEqualTo(2);
        assertThat(calls.count("TagUser")).as("one marker write per user").isEqualTo(3);
        assertThat(account.markers("ci-bot-unused")).containsExactly(Map.entry(scenario.ciBot.id(), today));
        assertThat(account.markers("two-keys-rotating")).containsExactly(Map.entry(scenario.rotatingOld.id(), today));
        assertThat(account.markers("old-inactive")).containsExactly(Map.entry(scenario.oldInactive.id(), today));
        // the password is read only where INITIAL_SETUP_KEY can use it: setup-key-user and soon-unused
        assertThat(calls.count("GetLoginProfile")).isEqualTo(2);
        assertThat(summary).containsEntry("status", "succeeded").containsEntry("mode", "enforce")
                .containsEntry("account", "123456789012").containsEntry("usersEvaluated", 11)
                .containsEntry("keysEvaluated", 11);
        assertThat((String) summary.get("inventoryStrategy")).startsWith("credential report triage: ");
        assertThat(outcomes(summary)).containsEntry("DELETED", 1L).containsEntry("DEACTIVATED", 2L)
                .containsEntry("WOULD_DELETE", 0L).containsEntry("FAILED", 0L).containsEntry("BACKOUT", 1L);
        assertThat(counts(summary, "findingsByRule")).containsEntry("INITIAL_SETUP_KEY", 1L)
                .containsEntry("STALE_INACTIVE_KEY", 0L).containsEntry("MULTIPLE_ACTIVE_KEYS", 2L);

        TestAccount.Digest digest = account.digests().get(0);
        assertThat(digest.subject()).isEqualTo(
                "ENFORCE 123456789012: 1 deleted, 2 deactivated, 1 reported, 0 errors, 2 upcoming");
        String deleteOn = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(30).toString();
        assertThat(digest.body())
                .contains("== Deleted (1) ==")
                .contains("== Deactivated (2) ==")
                .contains("{marked Inactive since " + today + "; may be deleted on " + deleteOn)
                .contains("undo: aws iam update-access-key --user-name ci-bot-unused --access-key-id "
                        + scenario.ciBot.id() + " --status Active")
                .contains("undo: aws iam update-access-key --user-name two-keys-rotating --access-key-id "
                        + scenario.rotatingOld.id() + " --status Active")
                .contains("{first seen Inactive: marked Inactive since " + today + "; may be deleted on " + deleteOn)
                .doesNotContain("Would ");
    }

    @Test
    void enforceTwice_secondRunFindsNothingMoreToChange() {
        account.setMode("enforce");
        run(Map.of());
        Map<String, String> afterFirst = account.keyStates();
        calls.clear();

        Map<String, Object> second = run(Map.of());

        assertThat(account.keyStates()).isEqualTo(afterFirst);
        assertThat(calls.count("DeleteAccessKey") + calls.count("UpdateAccessKey") + calls.count("TagUser")
                + calls.count("UntagUser")).isZero();
        assertThat(second).containsEntry("status", "succeeded");
        assertThat(outcomes(second)).containsEntry("BACKOUT", 3L);
    }

    @Test
    void garbageMode_fallsBackToDryRun_withTheReasonOnTop_thenFailsTheRun() {
        account.setMode("Enforce!");
        Map<String, String> before = account.keyStates();

        RunFailedException failed = catchThrowableOfType(RunFailedException.class, () -> handler(Map.of()).run());

        assertThat(account.keyStates()).isEqualTo(before);
        assertThat(calls.snapshot().keySet()).doesNotContainAnyElementsOf(WRITES);
        Map<String, Object> summary = Summaries.map(failed.summary());
        assertThat(summary.get("mode")).isEqualTo("dry-run");
        assertThat(summary.get("status")).isEqualTo("failed");
        assertThat((String) summary.get("modeReason")).contains("'Enforce!'");
        assertThat(failed.summary().failures()).singleElement().asString()
                .startsWith("the mode fell back to dry-run: SSM parameter /iam-key-remediator/mode holds 'Enforce!'");
        String body = account.digests().get(0).body();
        assertThat(body.indexOf("!! WARNING: SSM parameter /iam-key-remediator/mode holds 'Enforce!'"))
                .isPositive().isLessThan(body.indexOf("== "));
    }

    @Test
    void missingMode_publishesADryRunDigestSayingWhy_thenFailsTheRun_soTheAlarmFires() {
        Map<String, String> before = account.keyStates();

        RunFailedException failed = catchThrowableOfType(RunFailedException.class, () -> handler(Map.of()).run());

        assertThat(account.keyStates()).isEqualTo(before);
        assertThat(calls.snapshot().keySet()).doesNotContainAnyElementsOf(WRITES);
        assertThat(failed.summary().mode()).isEqualTo("dry-run");
        assertThat(failed.summary().status()).isEqualTo("failed");
        assertThat(failed.summary().failures()).singleElement().asString()
                .startsWith("the mode fell back to dry-run: could not read SSM parameter");
        assertThat(account.digests()).singleElement().satisfies(d -> assertThat(d.body())
                .contains("!! WARNING: could not read SSM parameter").contains("ParameterNotFound"));
    }

    @Test
    void modeWithSpacesAndCapitals_isEnforce() {
        account.setMode("  ENFORCE ");
        assertThat(run(Map.of()).get("mode")).isEqualTo("enforce");
    }

    @Test
    void tooManyKeysAtOnce_withholdsEveryAction_andSaysSoOnTop() {
        moto.travel("-200d");
        for (int i = 0; i < 4; i++) {
            account.createUser("forgotten-" + i);
            account.createKey("forgotten-" + i);
        }
        moto.travel("+0");
        account.setMode("enforce");
        Map<String, String> before = account.keyStates();

        Map<String, Object> summary = run(Map.of("MAX_ACTION_PERCENT", "25")); // 7 of 15 keys is 47 %

        assertThat(account.keyStates()).isEqualTo(before);
        assertThat(outcomes(summary)).containsEntry("WITHHELD", 7L).containsEntry("DELETED", 0L);
        TestAccount.Digest digest = account.digests().get(0);
        assertThat(digest.body()).contains("!! WARNING: 7 keys would be acted on, more than MAX_ACTION_PERCENT");
        assertThat(digest.subject()).isEqualTo(
                "ENFORCE 123456789012: 0 deleted, 0 deactivated, 1 reported, 0 errors, 7 withheld, 2 upcoming");
    }

    @Test
    void fewKeysAtOnce_actEvenAboveThePercentage_aSmallAccountCanAlwaysAct() {
        account.setMode("enforce");

        Map<String, Object> summary = run(Map.of("MAX_ACTION_PERCENT", "25")); // 3 of 11 keys is 27 %, but only 3

        assertThat(outcomes(summary)).containsEntry("WITHHELD", 0L).containsEntry("DELETED", 1L)
                .containsEntry("DEACTIVATED", 2L);
    }

    @Test
    void actionCap_defersTheRest() {
        account.setMode("enforce");

        Map<String, Object> summary = run(Map.of("MAX_ACTIONS_PER_RUN", "1"));

        assertThat(outcomes(summary)).containsEntry("DELETED", 1L).containsEntry("DEFERRED", 2L);
        assertThat(account.digests().get(0).body()).contains("== Deferred past MAX_ACTIONS_PER_RUN (2) ==");
    }

    @Test
    void digestThatCannotBePublished_failsTheRun_afterActing() {
        account.setMode("dry-run");
        TestRun handler = handler(Map.of("TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:no-such-topic"));

        assertThatThrownBy(handler::run)
                .isInstanceOfSatisfying(RunFailedException.class, e -> {
                    assertThat(e.summary().failures()).singleElement().asString().startsWith("digest not delivered");
                    assertThat(e.summary().digestDelivery().get(0)).contains("no-such-topic");
                });
    }

    @Test
    void centralTopic_receivesTheSameDigest_andTheRunSummaryForTheRollUp() throws Exception {
        account.setMode("dry-run");
        String central = account.createTopic("org-iam-key-digests");
        String digests = account.subscribeQueue(central, "org-digests", "{\"kind\": [\"digest\"]}");
        String rollup = account.subscribeQueue(central, "org-rollup", "{\"kind\": [\"run-summary\"]}");

        Map<String, Object> summary = run(Map.of("CENTRAL_TOPIC_ARN", central));

        TestAccount.Digest own = account.digests(topicArn).get(0);
        assertThat(account.received(digests)).singleElement()
                .satisfies(d -> assertThat(new TestAccount.Digest(d.subject(), d.body())).isEqualTo(own));
        assertThat(summary.get("digestDelivery")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).hasSize(2);
        assertThat(account.received(rollup)).singleElement().satisfies(m -> {
            assertThat(m.attributes()).containsEntry("kind", "run-summary").containsEntry("account", "123456789012");
            JsonNode sent = new ObjectMapper().readTree(m.body());
            assertThat(sent.path("schema").asInt()).isEqualTo(1);
            assertThat(sent.path("account").asText()).isEqualTo("123456789012");
            assertThat(sent.path("mode").asText()).isEqualTo("dry-run");
            assertThat(sent.path("outcomes").path("WOULD_DEACTIVATE").asLong())
                    .isEqualTo(((Map<?, ?>) summary.get("outcomes")).get("WOULD_DEACTIVATE") instanceof Number n
                            ? n.longValue() : -1);
        });

        // an exposed-key event is about one key: its summary never stands for the account's day in the roll-up
        String event = Files.readString(Paths.get("events", "health-exposed-key.json"))
                .replaceAll("AKIAEXPOSEDKEY0\\d", scenario.healthy.id());
        handler(Map.of("CENTRAL_TOPIC_ARN", central)).event(event).run();
        assertThat(account.received(digests)).hasSize(1);
        assertThat(account.received(rollup)).isEmpty();
    }

    @Test
    void centralTopicRefusing_stillDeliversToTheAccountTopic_andFailsTheRun() {
        account.setMode("dry-run");
        TestRun handler = handler(Map.of("CENTRAL_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:gone"));

        assertThatThrownBy(handler::run)
                .isInstanceOfSatisfying(RunFailedException.class, e -> assertThat(e.summary().failures())
                        .satisfiesExactly(
                                digest -> assertThat(digest).contains("gone").contains("delivered: " + topicArn),
                                summary -> assertThat(summary).startsWith("run summary not delivered: Publish of the"
                                        + " run summary to arn:aws:sns:us-east-1:123456789012:gone failed")));
        assertThat(account.digests()).hasSize(1);
    }

    @Test
    void moreThanAPageOfUsers_areAllEvaluated() {
        moto.reset();
        account.setMode("dry-run");
        topicArn = account.topicWithQueue();
        moto.travel("-30d");
        for (int i = 0; i < 130; i++) {
            String name = "user-%03d".formatted(i);
            account.createUser(name);
            account.createKey(name);
        }
        moto.travel("+0");
        Map<String, Object> summary = run(Map.of());

        // moto answers ListUsers in one page whatever MaxItems says; IamAccountPaginationTest shapes real IAM pages
        assertThat(summary).containsEntry("usersEvaluated", 130).containsEntry("keysEvaluated", 130);
        assertThat(calls.count("ListAccessKeys")).isEqualTo(130);
        assertThat(calls.count("GetAccessKeyLastUsed")).isEqualTo(130);
    }
}
