package dev.iamkeyremediator.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamkeyremediator.aws.AwsClients;
import dev.iamkeyremediator.config.Release;
import dev.iamkeyremediator.it.FaultProxy;
import dev.iamkeyremediator.it.Moto;
import dev.iamkeyremediator.it.MotoAccount;
import dev.iamkeyremediator.it.TestAccount;
import dev.iamkeyremediator.it.TestAccount.Received;
import dev.iamkeyremediator.rollup.RollupFailedException;
import dev.iamkeyremediator.rollup.RollupMetrics;
import dev.iamkeyremediator.rollup.RollupResult;
import dev.iamkeyremediator.rollup.RollupSettings;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;

/**
 * The organization roll-up against moto: three member accounts (credentials from sts:AssumeRole act in each) publish
 * their run summaries across accounts to the security account's central topic; the roll-up reads its queue and
 * publishes one organization digest that names each account, the one in dry-run and the one never heard from.
 */
@ExtendWith(MotoAccount.class)
class RollupIT {

    private static final String ENFORCING = "111111111111";
    private static final String TRYING = "222222222222";
    private static final String SILENT = "333333333333";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Moto moto = Moto.shared();
    private TestAccount security;
    private FaultProxy proxy;
    private String central;
    private String queue;
    private String deadLetters;
    private String rollupTopic;
    private String readers;

    @BeforeEach
    void seed(TestAccount account) throws Exception {
        security = account; // 123456789012: the central topic, the queue, the roll-up's topic
        central = security.createTopic("org-iam-key-digests");
        List<String> queues = security.queueWithDeadLetter("iam-key-rollup");
        queue = queues.get(0);
        deadLetters = queues.get(1);
        security.subscribe(central, queue, "{\"kind\": [\"run-summary\"]}");
        rollupTopic = security.createTopic("org-iam-key-rollup");
        readers = security.subscribeQueue(rollupTopic, "security-team", null);
        proxy = new FaultProxy(moto.endpoint());
    }

    @AfterEach
    void close() {
        proxy.close();
    }

    /** One member run in {@code accountId}: a forgotten key, the mode, a topic of its own, the central topic. */
    private void memberRun(String accountId, String mode) {
        TestAccount member = new TestAccount(moto, TestAccount.assumeInto(moto, accountId));
        if (member.keyStates().isEmpty()) {
            moto.travel("-200d");
            member.createUser("forgotten-" + accountId);
            member.createKey("forgotten-" + accountId);
            moto.travel("+0");
        }
        member.setMode(mode);
        String own = member.createTopic("iam-key-digest");
        TestRun.against(moto.endpoint()).credentials(member.credentials())
                .env(Map.of("TOPIC_ARN", own, "CENTRAL_TOPIC_ARN", central)).run();
    }

    private RollupResult rollup(Map<String, String> extra) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("ROLLUP_QUEUE_URL", queue, "ROLLUP_TOPIC_ARN",
                rollupTopic, "EXPECTED_ACCOUNTS", String.join(",", ENFORCING, TRYING, SILENT)));
        env.putAll(extra);
        try (AwsClients clients = AwsClients.builder().endpointOverride(proxy.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(TestAccount.ADMIN).build()) {
            return new RollupHandler(RollupHandler.wire(RollupSettings.fromEnvironment(env), clients,
                    RollupMetrics.NONE, Clock.systemUTC())).run();
        }
    }

    @Test
    void oneDigestForTheOrganization_namesEachAccount_theDryRunOne_andTheSilentOne_andEmptiesTheQueue()
            throws Exception {
        memberRun(ENFORCING, "enforce");
        memberRun(TRYING, "dry-run");
        assertThat(security.queueDepth(queue)).isEqualTo(2);
        security.sendRaw(queue, "not a run summary");

        // the roll-up's topic refuses: nothing is deleted, and the next roll-up reports it all
        proxy.faults(call -> call.operation().equals("Publish")
                ? FaultProxy.Fault.error(403, "AuthorizationError", "not allowed") : FaultProxy.Fault.pass());
        RollupFailedException refused = catchThrowableOfType(RollupFailedException.class, () -> rollup(Map.of()));
        assertThat(refused.result().failures()).singleElement().asString()
                .startsWith("organization digest not delivered");
        assertThat(security.queueDepth(queue)).as("the malformed message too, for the next digest to count")
                .isEqualTo(3);
        proxy.faults(call -> FaultProxy.Fault.pass());

        memberRun(ENFORCING, "enforce"); // a second run of one account: its latest summary counts, once; the
        // first run deactivated its key, so the second changes nothing
        RollupResult result = rollup(Map.of());

        assertThat(result.status()).isEqualTo("succeeded");
        assertThat(result.accounts()).isEqualTo(2);
        assertThat(result.silent()).containsExactly(SILENT);
        assertThat(result.dryRun()).containsExactly(TRYING);
        assertThat(security.queueDepth(queue)).as("the queue is empty afterwards").isZero();
        assertThat(security.queueDepth(deadLetters)).as("the malformed message moved away").isEqualTo(1);
        List<Received> digests = security.received(readers);
        assertThat(digests).singleElement().satisfies(d -> {
            // the latest run of the enforcing account wins: its first run deactivated the key, its second did nothing
            assertThat(d.subject()).startsWith("ORG 2 accounts: 0 deleted, 0 deactivated, 1 silent, 1 dry-run");
            assertThat(d.body())
                    .contains("Accounts: 2 heard from, 3 expected (EXPECTED_ACCOUNTS), 1 silent")
                    .contains("Summaries read: 4 messages, 1 superseded by a later run of the same account, 1 malformed"
                            + " (moved to the dead-letter queue)")
                    .contains("== Silent: expected, not heard from (1) ==\nNo run summary arrived")
                    .contains("- " + SILENT + "\n")
                    .contains("== Still in dry-run (1) ==\n- " + TRYING + ": would delete 0, would deactivate 1")
                    .containsPattern("- " + ENFORCING + "  enforce  deleted 0  deactivated 0 .* users 1"
                            + "  run ended \\S+  release "
                            + Pattern.quote(Release.version()) + "\n")
                    .containsPattern("- " + TRYING + "  dry-run  deleted 0");
        });
    }

    @Test
    void expectedAccounts_fromTheOrganization_areItsActiveAccounts() throws Exception {
        String organizations = moto.endpoint().toString();
        var http = java.net.http.HttpClient.newHttpClient();
        for (String target : List.of("CreateOrganization", "CreateAccount")) {
            String body = target.equals("CreateOrganization") ? "{\"FeatureSet\":\"ALL\"}"
                    : "{\"AccountName\":\"workloads\",\"Email\":\"workloads@example.com\"}";
            var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(organizations))
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .header("X-Amz-Target", "AWSOrganizationsV20161128." + target)
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/organizations/"
                            + "aws4_request, SignedHeaders=host, Signature=0")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
        memberRun(ENFORCING, "enforce");

        RollupResult result = rollup(Map.of("EXPECTED_ACCOUNTS", "organization"));

        // the new member is expected; not the management account, where StackSets deploy no member; the account
        // that reported is not in the organization
        assertThat(result.silent()).hasSize(1).doesNotContain("123456789012", ENFORCING);
        assertThat(security.received(readers).get(0).body())
                .contains("expected (the organization's ACTIVE accounts)");
    }
}
