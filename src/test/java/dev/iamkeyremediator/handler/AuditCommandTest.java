package dev.iamkeyremediator.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit}: the rules on a credential report file, no AWS call, and exit codes a pipeline can gate on. */
class AuditCommandTest {

    /** The CIS 1.11 audit example: console users whose keys were created with them and never used, and others. */
    private static final Path CIS_1_11 = Paths.get("src/test/resources/audit/cis-1.11.csv");
    private static final Clock LATER = Clock.fixed(Instant.parse("2027-06-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private record Result(int exit, String stdout, String stderr) {
    }

    private static Result audit(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = LocalRunner.run(new ArrayList<>(List.of(args)), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Result audit(String... args) {
        return audit(Map.of(), args);
    }

    @Test
    void cis111Example_keysSetUpWithAConsoleUserAndNeverUsed_areFound_andTheExitSaysSomethingWouldBeDone() {
        Result r = audit("audit", "--credential-report", CIS_1_11.toString(), "--as-of", "2026-11-23");

        assertThat(r.exit()).as(r.stderr()).isEqualTo(1);
        assertThat(r.stdout())
                .startsWith("iam-key-remediator audit of a credential report, as of 2026-11-23: 7 users, 6 keys")
                .contains("A credential report has no tags, no key ids and no keys created after it")
                .containsPattern("console-and-setup-key +#1 +Active +INITIAL_SETUP_KEY +delete +2026-10-02 +never +2026-10-01")
                .containsPattern("console-key-added-later +#1 +Active +UNUSED_KEY +deactivate ")
                .containsPattern("new-console-user +#1 +Active +INITIAL_SETUP_KEY +upcoming delete +2026-11-24 ")
                .containsPattern("ci-bot +#1 +Active +KEY_ROTATION_DUE +report ")
                .containsPattern("old-inactive +#1 +Inactive +STALE_INACTIVE_KEY +mark ")
                .doesNotContain("healthy")
                .doesNotContain("console-only")
                .doesNotContain("<root_account>")
                .contains("Enforce mode would delete 1 and deactivate 1 keys; 1 reported, 1 upcoming, 1 Inactive to mark.");
        assertThat(r.stdout().indexOf("A credential report has no tags"))
                .as("the limits are said once").isEqualTo(r.stdout().lastIndexOf("A credential report has no tags"));
    }

    @Test
    void rootAccessKey_isReportedFirst_critical_withHowToDeleteIt() {
        Result r = audit("audit", "--credential-report", "src/test/resources/audit/root-key.csv", "--as-of", "2026-11-23");

        assertThat(r.exit()).as(r.stderr()).isZero(); // report only: nothing enforce mode would change
        assertThat(r.stdout()).containsPattern("<root_account> +#1 +Active +ROOT_ACCESS_KEY +report +2019-03-04 +2026-11-20");
        assertThat(r.stdout().lines().filter(l -> l.matches("^\\S+ +#\\d.*")).findFirst()).as("the first key line")
                .hasValueSatisfying(l -> assertThat(l).startsWith("<root_account>"));
        assertThat(r.stdout()).doesNotContainPattern("<root_account> .*(KEY_ROTATION_DUE|UNUSED_KEY|STALE_INACTIVE_KEY)");
    }

    @Test
    void json_isForPipelines_withTheSameLines() throws Exception {
        Result r = audit("audit", "--credential-report", CIS_1_11.toString(), "--as-of", "2026-11-23", "--json");

        assertThat(r.exit()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(r.stdout());
        assertThat(json.path("asOf").asText()).isEqualTo("2026-11-23");
        assertThat(json.path("wouldAct").asBoolean()).isTrue();
        assertThat(json.path("limits").asText()).contains("no key ids");
        assertThat(json.path("lines").findValuesAsText("rule")).containsExactly("KEY_ROTATION_DUE", "INITIAL_SETUP_KEY",
                "UNUSED_KEY", "INITIAL_SETUP_KEY", "STALE_INACTIVE_KEY");
        JsonNode setup = json.path("lines").get(1);
        assertThat(setup.path("user").asText()).isEqualTo("console-and-setup-key");
        assertThat(setup.path("key").asText()).isEqualTo("key 1");
        assertThat(setup.path("action").asText()).isEqualTo("delete");
        assertThat(setup.path("upcoming").asBoolean()).isFalse();
    }

    @Test
    void settingsApply_asTheyDoToRun() {
        Result r = audit(Map.of("UNUSED_KEY_DAYS", "1000", "MAX_KEY_AGE_DAYS", "1000"),
                "audit", "--credential-report", CIS_1_11.toString(), "--as-of", "2026-11-23");
        assertThat(r.stdout()).doesNotContain("UNUSED_KEY ").doesNotContain("KEY_ROTATION_DUE");
    }

    @Test
    void nothingToDo_exitsZero() throws Exception {
        Path report = dir.resolve("clean.csv");
        List<String> lines = Files.readAllLines(CIS_1_11);
        Files.write(report, List.of(lines.get(0), lines.stream().filter(l -> l.startsWith("healthy,")).findFirst().orElseThrow()));

        Result r = audit("audit", "--credential-report", report.toString(), "--as-of", "2026-11-23");

        assertThat(r.exit()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout()).contains("(no key with anything to report)")
                .contains("Enforce mode would delete 0 and deactivate 0 keys");
    }

    @Test
    void theJsonAnswerOfGetCredentialReport_isReadToo() throws Exception {
        Path answer = dir.resolve("answer.json");
        String content = Base64.getEncoder().encodeToString(Files.readAllBytes(CIS_1_11));
        Files.writeString(answer, "{\n    \"Content\": \"%s\",\n    \"ReportFormat\": \"text/csv\",\n    \"GeneratedTime\": \"2026-11-23T05:00:00+00:00\"\n}\n"
                .formatted(content));

        Result r = audit("audit", "--credential-report", answer.toString(), "--as-of", "2026-11-23");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.stdout()).containsPattern("console-and-setup-key +#1 +Active +INITIAL_SETUP_KEY +delete");
    }

    @Test
    void withoutAsOf_itEvaluatesNow() {
        Result r = new Result(0, "", "");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = AuditCommand.run(List.of("--credential-report", CIS_1_11.toString()), Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err, LATER);
        assertThat(exit).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith(
                "iam-key-remediator audit of a credential report, as of 2027-06-01")
                // by then the new console user's key is past its grace too, and the busy key unused for 190 days
                .containsPattern("new-console-user +#1 +Active +INITIAL_SETUP_KEY +delete ")
                .containsPattern("ci-bot +#1 +Active +UNUSED_KEY +deactivate ");
        assertThat(r.exit()).isZero();
    }

    @Test
    void malformedReport_exitsTwo_namingTheLineAndColumn() throws Exception {
        Path report = dir.resolve("bad.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(CIS_1_11));
        lines.set(5, lines.get(5).replace("2026-01-05T00:00:00+00:00", "last tuesday"));
        Files.write(report, lines);

        Result r = audit("audit", "--credential-report", report.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).contains(report + " is not a credential report: line 6 (user 'ci-bot'), "
                + "column access_key_1_last_rotated: 'last tuesday' is not a date");
    }

    @Test
    void notACsvAtAll_exitsTwo_sayingWhatIsMissing() throws Exception {
        Path report = dir.resolve("notes.txt");
        Files.writeString(report, "these are my notes\n");

        Result r = audit("audit", "--credential-report", report.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.stderr()).contains("is not a credential report: line 1 (the header): column");
    }

    @Test
    void missingFile_orMissingOption_orBadDate_exitsTwo() {
        Result missing = audit("audit", "--credential-report", dir.resolve("nope.csv").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.stderr()).contains("cannot read " + dir.resolve("nope.csv"));

        Result noFile = audit("audit");
        assertThat(noFile.exit()).isEqualTo(2);
        assertThat(noFile.stderr()).startsWith("audit needs --credential-report FILE").contains("usage:");

        Result badDate = audit("audit", "--credential-report", CIS_1_11.toString(), "--as-of", "23/11/2026");
        assertThat(badDate.exit()).isEqualTo(2);
        assertThat(badDate.stderr()).contains("--as-of must be a date YYYY-MM-DD, got '23/11/2026'");
    }

    @Test
    void invalidConfiguration_exitsThree_asForRun() {
        Result r = audit(Map.of("UNUSED_KEY_DAYS", "ninety"), "audit", "--credential-report", CIS_1_11.toString());
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.stderr()).contains("UNUSED_KEY_DAYS");
        assertThat(r.stdout()).isEmpty();
    }
}
