package dev.iamkeyremediator.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The release workflow builds a tag the way CI builds main (same JDK, same test command), then attaches the jar, its
 * SHA-256, the SBOM and the templates that deploy that jar; Dependabot watches both ecosystems.
 */
class ReleaseWorkflowTest {

    private static final JsonNode RELEASE = yaml(".github/workflows/release.yml");
    private static final JsonNode CI = yaml(".github/workflows/ci.yml");

    private static JsonNode yaml(String file) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(Path.of(file).toFile());
        } catch (Exception e) {
            throw new AssertionError(file + " is not YAML", e);
        }
    }

    private static List<JsonNode> steps(JsonNode workflow) {
        List<JsonNode> steps = new ArrayList<>();
        workflow.path("jobs").elements().next().path("steps").forEach(steps::add);
        return steps;
    }

    private static Optional<JsonNode> step(JsonNode workflow, String field, String prefix) {
        return steps(workflow).stream().filter(s -> s.path(field).asText().startsWith(prefix)).findFirst();
    }

    private static JsonNode named(JsonNode workflow, String name) {
        return step(workflow, "name", name).orElseThrow(() -> new AssertionError("no step named " + name));
    }

    @Test
    void runsOnVersionTagsOnly() {
        assertThat(RELEASE.path("on").path("push").path("tags").toString()).isEqualTo("[\"v*\"]");
        assertThat(RELEASE.path("on").path("push").has("branches")).isFalse();
    }

    @Test
    void buildsWithCisJdk_andCisTestCommand() throws Exception {
        JsonNode ciJava = step(CI, "uses", "actions/setup-java").orElseThrow().path("with");
        JsonNode releaseJava = step(RELEASE, "uses", "actions/setup-java").orElseThrow().path("with");
        assertThat(releaseJava.path("distribution")).isEqualTo(ciJava.path("distribution"));
        assertThat(releaseJava.path("java-version")).isEqualTo(ciJava.path("java-version"));
        for (String name : List.of("Install the emulator", "Unit and integration tests", "cfn-lint and the StackSet")) {
            assertThat(named(RELEASE, name).path("run")).as(name).isEqualTo(named(CI, name).path("run"));
        }
        // and the test command is the one CI on a fresh clone runs (.ci/run) and the README gives
        assertThat(named(RELEASE, "Unit and integration tests").path("run").asText()).isEqualTo("./scripts/test.sh");
        assertThat(Files.readString(Path.of(".ci/run"))).contains("bash scripts/test.sh");
        assertThat(Files.readString(Path.of("README.md"))).contains("./scripts/test.sh");
    }

    @Test
    void refusesATagThatIsNotThePomsReleaseVersion() {
        String check = named(RELEASE, "The tag is the pom's version").path("run").asText();
        assertThat(check).contains("project.version").contains("$GITHUB_REF_NAME").contains("-SNAPSHOT")
                .contains("exit 1");
        assertThat(steps(RELEASE).indexOf(named(RELEASE, "The tag is the pom's version")))
                .isLessThan(steps(RELEASE).indexOf(named(RELEASE, "Unit and integration tests")));
    }

    @Test
    void attachesTheJar_itsChecksum_theSbom_andTheTemplates() {
        String files = named(RELEASE, "The release's files").path("run").asText();
        assertThat(files).contains("target/iam-key-remediator.jar").contains("target/bom.json")
                .contains("sha256sum iam-key-remediator.jar > iam-key-remediator.jar.sha256")
                .contains("scripts/release_templates.py");
        String release = named(RELEASE, "GitHub release").path("run").asText().replace('\n', ' ') + " ";
        for (String asset : List.of("iam-key-remediator.jar", "iam-key-remediator.jar.sha256",
                "iam-key-remediator.bom.json", "iam-key-remediator.template.json",
                "iam-key-remediator-rollup.template.json", "SHA256SUMS")) {
            assertThat(release).contains("release/" + asset + " ").as(asset);
        }
        assertThat(release).contains("gh release create");
        assertThat(named(RELEASE, "Build provenance attestation").path("uses").asText())
                .startsWith("actions/attest-build-provenance@");
        assertThat(RELEASE.path("permissions").path("contents").asText()).isEqualTo("read");
        assertThat(RELEASE.path("jobs").path("release").path("permissions").path("contents").asText())
                .isEqualTo("write");
    }

    @Test
    void dependabot_watchesMavenAndTheActions() {
        JsonNode dependabot = yaml(".github/dependabot.yml");
        List<String> ecosystems = new ArrayList<>();
        dependabot.path("updates").forEach(u -> ecosystems.add(u.path("package-ecosystem").asText()));
        assertThat(ecosystems).containsExactlyInAnyOrder("maven", "github-actions");
        dependabot.path("updates").forEach(u -> assertThat(u.path("schedule").path("interval").asText()).isNotEmpty());
    }
}
