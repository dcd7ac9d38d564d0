package dev.iamkeyremediator.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.iamkeyremediator.config.Release;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release workflow builds a tag the way CI builds main (same JDK, same test command) with read rights only, then
 * a job that builds nothing attaches the jar, its SHA-256, the SBOM and the templates, with their provenance.
 * Its shell steps are run here (with a stand-in for Maven) so that a wrong test in them fails, not only a missing
 * word. Dependabot watches both ecosystems.
 */
class ReleaseWorkflowTest {

    private static final JsonNode RELEASE = yaml(".github/workflows/release.yml");
    private static final JsonNode CI = yaml(".github/workflows/ci.yml");

    @TempDir
    Path dir;

    private static JsonNode yaml(String file) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(Path.of(file).toFile());
        } catch (IOException e) {
            throw new AssertionError(file + " is not YAML", e);
        }
    }

    private static List<JsonNode> steps(JsonNode workflow, String job) {
        List<JsonNode> steps = new ArrayList<>();
        JsonNode jobs = workflow.path("jobs");
        (job == null ? jobs.elements().next() : jobs.path(job)).path("steps").forEach(steps::add);
        return steps;
    }

    private static Optional<JsonNode> step(JsonNode workflow, String job, String field, String prefix) {
        return steps(workflow, job).stream().filter(s -> s.path(field).asText().startsWith(prefix)).findFirst();
    }

    private static JsonNode named(JsonNode workflow, String job, String name) {
        return step(workflow, job, "name", name).orElseThrow(() -> new AssertionError("no step named " + name));
    }

    private static String build(String name) {
        return named(RELEASE, "build", name).path("run").asText();
    }

    /** Runs a step's script with bash in {@code dir}; its exit status and output. */
    private record Ran(int exit, String output) {
    }

    private Ran bash(String script, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).directory(dir.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Ran(process.exitValue(), output);
    }

    /** The tag check against a pom of {@code version} (a stand-in ./mvnw answers help:evaluate). */
    private Ran tagCheck(String version, String tag) throws Exception {
        Path mvnw = dir.resolve("mvnw");
        Files.writeString(mvnw, "#!/bin/sh\nprintf '%s' '" + version + "'\n");
        Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path env = dir.resolve("github-env");
        Files.deleteIfExists(env);
        Files.createFile(env);
        return bash(build("The tag is the pom's version"),
                Map.of("GITHUB_REF_NAME", tag, "GITHUB_ENV", env.toString()));
    }

    @Test
    void runsOnVersionTagsOnly() {
        assertThat(RELEASE.path("on").path("push").path("tags").toString()).isEqualTo("[\"v*\"]");
        assertThat(RELEASE.path("on").path("push").has("branches")).isFalse();
    }

    @Test
    void buildsWithCisJdk_andCisTestCommand() throws Exception {
        JsonNode ciJava = step(CI, null, "uses", "actions/setup-java").orElseThrow().path("with");
        JsonNode releaseJava = step(RELEASE, "build", "uses", "actions/setup-java").orElseThrow().path("with");
        assertThat(releaseJava.path("distribution")).isEqualTo(ciJava.path("distribution"));
        assertThat(releaseJava.path("java-version")).isEqualTo(ciJava.path("java-version"));
        for (String name : List.of("Install the emulator", "Unit and integration tests", "cfn-lint and the StackSet")) {
            assertThat(named(RELEASE, "build", name).path("run")).as(name).isEqualTo(named(CI, null, name).path("run"));
        }
        // and the test command is the one CI on a fresh clone runs (.ci/run) and the README gives
        assertThat(build("Unit and integration tests")).isEqualTo("./scripts/test.sh");
        assertThat(Files.readString(Path.of(".ci/run"))).contains("bash scripts/test.sh");
        assertThat(Files.readString(Path.of("README.md"))).contains("./scripts/test.sh");
    }

    @Test
    void theBuildHoldsNoWriteRight_andOnlyThePublishJobThatBuildsNothingMayWrite() {
        assertThat(RELEASE.path("permissions").path("contents").asText()).isEqualTo("read");
        assertThat(RELEASE.path("jobs").path("build").has("permissions")).isFalse();
        assertThat(step(RELEASE, "build", "uses", "actions/checkout").orElseThrow().path("with")
                .path("persist-credentials").asBoolean(true)).isFalse();
        assertThat(step(RELEASE, "build", "uses", "actions/setup-java").orElseThrow().path("with").has("cache"))
                .as("no cache another workflow could have written").isFalse();
        JsonNode publish = RELEASE.path("jobs").path("publish");
        assertThat(publish.path("needs").asText()).isEqualTo("build");
        assertThat(publish.path("permissions").path("contents").asText()).isEqualTo("write");
        assertThat(steps(RELEASE, "publish")).noneMatch(s -> s.path("uses").asText().startsWith("actions/checkout"))
                .noneMatch(s -> s.path("run").asText().contains("mvnw"));
    }

    @Test
    void theTagCheck_acceptsThePomsReleaseVersion_andRefusesAnyOtherTag_orASnapshot() throws Exception {
        Ran ok = tagCheck("1.2.3", "v1.2.3");
        assertThat(ok.exit()).as(ok.output()).isZero();
        assertThat(Files.readString(dir.resolve("github-env"))).isEqualTo("VERSION=1.2.3\n");

        Ran other = tagCheck("1.2.3", "v1.2.4");
        assertThat(other.exit()).isNotZero();
        assertThat(other.output()).contains("tag v1.2.4 does not match the pom's version 1.2.3");
        assertThat(Files.readString(dir.resolve("github-env"))).isEmpty();

        Ran snapshot = tagCheck("1.3.0-SNAPSHOT", "v1.3.0-SNAPSHOT");
        assertThat(snapshot.exit()).isNotZero();
        assertThat(snapshot.output()).contains("1.3.0-SNAPSHOT is not a release version");

        assertThat(steps(RELEASE, "build").indexOf(named(RELEASE, "build", "The tag is the pom's version")))
                .isLessThan(steps(RELEASE, "build").indexOf(named(RELEASE, "build", "Unit and integration tests")));
    }

    @Test
    void theReleaseNotes_areTheChangelogsEntryOfTheVersion_andAMissingEntryStopsTheRelease() throws Exception {
        Files.copy(Path.of("CHANGELOG.md"), dir.resolve("CHANGELOG.md"));
        Ran ok = bash(build("Release notes"), Map.of("VERSION", Release.version()));
        assertThat(ok.exit()).as(ok.output()).isZero();
        String notes = Files.readString(dir.resolve("release-notes.md"));
        String changelog = Files.readString(Path.of("CHANGELOG.md"));
        String entry = changelog.substring(changelog.indexOf("## [" + Release.version() + "]"));
        entry = entry.substring(entry.indexOf('\n') + 1);
        int next = entry.indexOf("\n## [");
        entry = entry.substring(0, next < 0 ? entry.indexOf("\n[Unreleased]:") : next).strip();
        assertThat(notes.strip()).startsWith(entry)
                .contains("Built by the release workflow with ").doesNotContain("## [Unreleased]");

        Ran missing = bash(build("Release notes"), Map.of("VERSION", "9.9.9"));
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.output()).contains("CHANGELOG.md has no entry ## [9.9.9]");
    }

    @Test
    void attachesTheJar_itsChecksum_theSbom_andTheTemplates_eachAttested() throws IOException {
        String files = build("The release's files");
        assertThat(files).contains("target/iam-key-remediator.jar").contains("target/bom.json")
                .contains("sha256sum iam-key-remediator.jar > iam-key-remediator.jar.sha256")
                .contains("scripts/release_templates.py").contains("deploy/forward-exposed-key-events.yaml");
        assertThat(build("The jar is reproducible")).contains("./mvnw -B -q clean package -DskipTests")
                .contains("sha256sum --check");
        String release = named(RELEASE, "publish", "GitHub release").path("run").asText().replace('\n', ' ') + " ";
        assertThat(release).contains("gh release create").contains("--notes-file release-notes.md");
        for (String asset : List.of("iam-key-remediator.jar", "iam-key-remediator.jar.sha256",
                "iam-key-remediator.bom.json", "iam-key-remediator.template.json",
                "iam-key-remediator-rollup.template.json", "iam-key-remediator-forward-exposed-key-events.yaml",
                "SHA256SUMS")) {
            assertThat(release).as(asset).contains("release/" + asset + " ");
            assertThat(Files.readString(Path.of("README.md"))).as("the README downloads " + asset).contains(asset);
        }
        assertThat(named(RELEASE, "publish", "Build provenance attestation").path("with").path("subject-path").asText())
                .isEqualTo("release/*");
        assertThat(named(RELEASE, "publish", "SBOM attestation").path("with").path("sbom-path").asText())
                .isEqualTo("release/iam-key-remediator.bom.json");
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
