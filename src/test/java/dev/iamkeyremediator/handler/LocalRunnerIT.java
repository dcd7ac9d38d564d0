package dev.iamkeyremediator.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamkeyremediator.config.Release;
import dev.iamkeyremediator.it.FaultProxy;
import dev.iamkeyremediator.it.JarProcess;
import dev.iamkeyremediator.it.Moto;
import dev.iamkeyremediator.it.MotoAccount;
import dev.iamkeyremediator.it.Scenario;
import dev.iamkeyremediator.it.TestAccount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The packaged jar's {@code run} contract, as a separate process configured only by the standard environment. */
@ExtendWith(MotoAccount.class)
class LocalRunnerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Moto moto = Moto.shared();
    private TestAccount account;
    private Scenario scenario;
    private String topicArn;

    record Result(int exit, String stdout, String stderr) {
        JsonNode json() {
            try {
                return JSON.readTree(stdout);
            } catch (IOException e) {
                throw new AssertionError("stdout is not JSON:\n" + stdout + "\nstderr:\n" + stderr, e);
            }
        }
    }

    @BeforeEach
    void seed(TestAccount account) {
        this.account = account;
        scenario = Scenario.seed(account);
        topicArn = account.topicWithQueue();
    }

    private Result jar(Map<String, String> env, String... args) throws Exception {
        assertThat(JarProcess.jar()).as("the shaded jar (mvn package)").exists();
        java.io.File out = JarProcess.tempFile("run-out");
        java.io.File err = JarProcess.tempFile("run-err");
        Process process = JarProcess.start(moto.endpoint(), env, out, err, args);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("run finished").isTrue();
        return new Result(process.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }

    @Test
    void run_usesAwsEndpointUrl_printsTheSummaryAsJson_andPublishes() throws Exception {
        account.setMode("enforce");

        Result result = jar(Map.of("TOPIC_ARN", topicArn), "run");

        assertThat(result.exit()).as(result.stderr()).isZero();
        JsonNode summary = result.json();
        assertThat(summary.path("status").asText()).isEqualTo("succeeded");
        assertThat(summary.path("mode").asText()).isEqualTo("enforce");
        assertThat(summary.path("account").asText()).isEqualTo("123456789012");
        assertThat(summary.path("outcomes").path("DELETED").asInt()).isEqualTo(1);
        assertThat(summary.path("outcomes").path("DEACTIVATED").asInt()).isEqualTo(2);
        assertThat(summary.path("durationMillis").asLong()).isPositive();
        assertThat(account.keyStates()).doesNotContainKey(scenario.setupKey.id())
                .containsEntry(scenario.ciBot.id(), "Inactive");
        assertThat(account.digests()).singleElement()
                .satisfies(d -> assertThat(d.subject()).startsWith("ENFORCE 123456789012"));
        assertThat(result.stderr()).contains("\"message\":\"key outcome\"").doesNotContain("testing\"");
    }

    @Test
    void audit_ofTheAccountsOwnCredentialReport_findsWhatARunWould_withNoAwsCall() throws Exception {
        account.iam().generateCredentialReport();
        java.nio.file.Path report = JarProcess.tempFile("credential-report").toPath();
        Files.write(report, account.iam().getCredentialReport().content().asByteArray());
        Map<String, String> before = account.keyStates();

        // no endpoint reachable: an audit that called AWS would fail
        Result result = jar(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9"), "audit", "--credential-report",
                report.toString(), "--json");

        assertThat(result.exit()).as(result.stderr()).isEqualTo(1);
        JsonNode lines = result.json().path("lines");
        assertThat(lines.findValuesAsText("user")).contains("setup-key-user", "ci-bot-unused", "two-keys-rotating",
                "old-but-busy").doesNotContain("healthy", "no-keys", "console-only");
        assertThat(lines).anySatisfy(l -> {
            assertThat(l.path("user").asText()).isEqualTo("setup-key-user");
            assertThat(l.path("rule").asText()).isEqualTo("INITIAL_SETUP_KEY");
            assertThat(l.path("action").asText()).isEqualTo("delete");
        });
        assertThat(lines).anySatisfy(l -> {
            assertThat(l.path("user").asText()).isEqualTo("ci-bot-unused");
            assertThat(l.path("rule").asText()).isEqualTo("UNUSED_KEY");
            assertThat(l.path("action").asText()).isEqualTo("deactivate");
        });
        assertThat(account.keyStates()).isEqualTo(before);
    }

    @Test
    void runEvent_answersAnExposedKeyEventForThatKeyAlone_andAnUnreadableFileIsABadCommandLine() throws Exception {
        account.setMode("enforce");
        java.nio.file.Path event = JarProcess.tempFile("trusted-advisor").toPath();
        Files.writeString(event, Files.readString(java.nio.file.Path.of("src/test/resources/events/trusted-advisor-exposed.json"))
                .replace("AKIAEXPOSEDKEY03", scenario.healthy.id()));
        Map<String, String> before = account.keyStates();

        Result result = jar(Map.of("TOPIC_ARN", topicArn), "run", "--event", event.toString());

        assertThat(result.exit()).as(result.stderr()).isZero();
        assertThat(result.json().path("outcomes").path("DEACTIVATED").asInt()).isEqualTo(1);
        assertThat(result.json().path("inventoryStrategy").asText()).startsWith("exposed-key event: Trusted Advisor");
        Map<String, String> after = new java.util.TreeMap<>(before);
        after.put(scenario.healthy.id(), "Inactive");
        assertThat(account.keyStates()).as("that key alone").isEqualTo(after);

        Result missing = jar(Map.of("TOPIC_ARN", topicArn), "run", "--event", "/no/such/event.json");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.stderr()).contains("cannot read the event file /no/such/event.json");
    }

    @Test
    void dryRunFlag_changesNothing_evenInEnforceMode() throws Exception {
        account.setMode("enforce");
        Map<String, String> before = account.keyStates();

        Result result = jar(Map.of("TOPIC_ARN", topicArn), "run", "--dry-run");

        assertThat(result.exit()).isZero();
        assertThat(result.json().path("mode").asText()).isEqualTo("dry-run");
        assertThat(account.keyStates()).isEqualTo(before);
    }

    @Test
    void withoutTopic_theDigestGoesToTheLog() throws Exception {
        account.setMode("dry-run");
        Result result = jar(Map.of(), "run");

        assertThat(result.exit()).isZero();
        assertThat(result.json().path("digestDelivery").get(0).asText()).isEqualTo("log (TOPIC_ARN not set)");
        assertThat(result.stderr()).contains("DRY-RUN 123456789012");
    }

    @Test
    void digestNotDelivered_exitsOne_withTheSummary() throws Exception {
        account.setMode("dry-run");
        Result result = jar(Map.of("TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:missing"), "run");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.json().path("status").asText()).isEqualTo("failed");
        assertThat(result.json().path("failures").get(0).asText()).startsWith("digest not delivered");
        assertThat(result.stderr()).contains("the whole digest follows");
    }

    @Test
    void stsRefusing_writesNothing_exitsOne_andTheDigestSaysWhyOnTop() throws Exception {
        account.setMode("enforce");
        Map<String, String> before = account.keyStates();
        try (FaultProxy proxy = new FaultProxy(moto.endpoint())) {
            proxy.faults(call -> call.operation().equals("GetCallerIdentity")
                    ? FaultProxy.Fault.error(403, "AccessDenied", "not authorized to perform sts:GetCallerIdentity")
                    : FaultProxy.Fault.pass());
            java.io.File out = JarProcess.tempFile("sts-out");
            Process process = JarProcess.start(proxy.endpoint(), Map.of("TOPIC_ARN", topicArn), out,
                    JarProcess.tempFile("sts-err"), "run");
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

            assertThat(process.exitValue()).isEqualTo(1);
            for (String write : List.of("UpdateAccessKey", "DeleteAccessKey", "TagUser", "UntagUser")) {
                assertThat(proxy.calls(write)).as(write).isZero();
            }
            JsonNode summary = JSON.readTree(out);
            assertThat(summary.path("mode").asText()).isEqualTo("dry-run");
            assertThat(summary.path("account").asText()).isEqualTo("unknown");
            assertThat(summary.path("failures").get(0).asText()).startsWith("identity unknown: GetCallerIdentity failed");
        }
        assertThat(account.keyStates()).isEqualTo(before);
        TestAccount.Digest digest = account.digests().get(0);
        assertThat(digest.subject()).startsWith("DRY-RUN unknown: ");
        assertThat(digest.body().indexOf("!! WARNING: the run's identity could not be established (GetCallerIdentity failed: "
                + "AccessDenied (HTTP 403)")).isPositive().isLessThan(digest.body().indexOf("== "));
    }

    @Test
    void malformedSetting_exitsThree_namingTheVariable() throws Exception {
        Result result = jar(Map.of("UNUSED_KEY_DAYS", "ninety"), "run");

        assertThat(result.exit()).isEqualTo(3);
        assertThat(result.stderr()).contains("UNUSED_KEY_DAYS must be a whole number from 1 to 3650, got 'ninety'");
        assertThat(result.stdout()).isEmpty();
    }

    @Test
    void help_explainsTheCommand_versionPrintsTheRelease_andUnknownCommand_exitsTwo() throws Exception {
        Result help = jar(Map.of(), "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.stdout()).contains("usage: java -jar iam-key-remediator.jar run").contains("AWS_ENDPOINT_URL");

        Result version = jar(Map.of(), "--version");
        assertThat(version.exit()).isZero();
        assertThat(version.stdout()).isEqualTo("iam-key-remediator " + Release.version() + "\n");

        Result unknown = jar(Map.of(), "runn");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("unknown command or option: runn").contains("usage:");
    }
}
