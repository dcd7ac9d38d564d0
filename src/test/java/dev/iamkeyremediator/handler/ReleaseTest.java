package dev.iamkeyremediator.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.iamkeyremediator.config.Mode;
import dev.iamkeyremediator.config.Release;
import dev.iamkeyremediator.render.DigestRenderer;
import dev.iamkeyremediator.report.RunReport;
import dev.iamkeyremediator.report.RunSummary;
import dev.iamkeyremediator.rules.Rule;
import dev.iamkeyremediator.rules.RuleSettings;
import dev.iamkeyremediator.rules.Rules;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One version, the pom's: {@code --version}, the run summary, the digest's footer, the template's Serverless
 * Application Repository metadata and the changelog's latest release all say the same, and the metadata is what
 * {@code sam publish} accepts.
 */
class ReleaseTest {

    private static final String VERSION = Pom.project("version");
    /** Between releases main carries the next version as X.Y.Z-SNAPSHOT (docs/development.md, Releasing). */
    private static final boolean SNAPSHOT = VERSION.endsWith("-SNAPSHOT");
    private static final JsonNode SAR = yaml(Path.of("template.yaml")).path("Metadata")
            .path("AWS::ServerlessRepo::Application");

    private static JsonNode yaml(Path file) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (Exception e) {
            throw new AssertionError(file + " cannot be read", e);
        }
    }

    @Test
    void thePomVersion_isASemanticVersion_andTheOneTheCodeKnows() {
        assertThat(VERSION).matches("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?");
        assertThat(Release.version()).isEqualTo(VERSION);
    }

    @Test
    void versionOption_printsTheRelease() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = LocalRunner.run(List.of("--version"), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("iam-key-remediator " + VERSION + "\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(LocalRunner.USAGE_TEXT).contains("--version");
    }

    @Test
    void theRunSummary_andTheDigestFooter_carryTheRelease() throws Exception {
        Instant now = Instant.parse("2026-12-01T06:00:00Z");
        RunReport report = new RunReport(now, Optional.of("123456789012"), Mode.forcedDryRun(), "live scan", 0, 0, 0,
                Rules.build(RuleSettings.DEFAULTS).stream().map(Rule::id).toList(), List.of(), List.of(), List.of());
        JsonNode summary = new ObjectMapper()
                .readTree(RunSummary.of(report, 1, 1, List.of(), 0, 0, List.of()).toJson());
        assertThat(summary.path("version").asText()).isEqualTo(VERSION);
        assertThat(new DigestRenderer().render(report).parts().get(0).body())
                .endsWith("\n-- \niam-key-remediator " + VERSION + "\n");
    }

    @Test
    void theTemplatesApplicationMetadata_carriesTheVersion_andPointsAtTheSource() {
        assertThat(SAR.path("SemanticVersion").asText()).isEqualTo(VERSION);
        String url = Pom.project("url");
        assertThat(SAR.path("HomePageUrl").asText()).isEqualTo(url);
        assertThat(SAR.path("SourceCodeUrl").asText()).isEqualTo(url + "/tree/" + (SNAPSHOT ? "main" : "v" + VERSION));
        assertThat(Pom.licenseName()).isEqualTo("Apache-2.0");
        assertThat(SAR.path("SpdxLicenseId").asText()).isEqualTo("Apache-2.0");
    }

    /** The limits of CreateApplication / CreateApplicationVersion, so that sam publish does not refuse it. */
    @Test
    void theTemplatesApplicationMetadata_isWhatTheRepositoryAccepts() throws Exception {
        assertThat(SAR.path("Name").asText()).matches("[a-zA-Z0-9\\-]{1,140}");
        assertThat(SAR.path("Author").asText()).matches("[a-z0-9](([a-z0-9]|-(?!-))*[a-z0-9])?").hasSizeLessThan(128);
        assertThat(SAR.path("Description").asText()).isNotBlank().hasSizeLessThanOrEqualTo(256);
        assertThat(SAR.path("Labels").size()).isBetween(1, 10);
        SAR.path("Labels").forEach(l -> assertThat(l.asText()).matches("[a-zA-Z0-9+\\-_:/@]{1,127}"));
        assertThat(Files.readString(Path.of(SAR.path("LicenseUrl").asText())))
                .contains("Apache License").contains("Version 2.0, January 2004");
        assertThat(Path.of(SAR.path("ReadmeUrl").asText())).isRegularFile();
    }

    /** The latest release the changelog records: this version, unless main is already past it (a snapshot). */
    private static String latestRelease() throws IOException {
        Matcher latest = Pattern.compile("^## \\[(\\d[^]]*)] - (\\d{4}-\\d{2}-\\d{2})$", Pattern.MULTILINE)
                .matcher(Files.readString(Path.of("CHANGELOG.md")));
        assertThat(latest.find()).as("a released version heading, ## [x.y.z] - YYYY-MM-DD").isTrue();
        return latest.group(1);
    }

    @Test
    void theChangelog_hasThisRelease_withItsDate_andLinksToItsTag() throws IOException {
        String changelog = Files.readString(Path.of("CHANGELOG.md"));
        assertThat(changelog).contains("## [Unreleased]");
        String released = latestRelease();
        if (!SNAPSHOT) {
            assertThat(released).isEqualTo(VERSION);
        }
        assertThat(changelog).contains("[" + released + "]: " + Pom.project("url") + "/releases/tag/v" + released);
    }

    /** The README's install and checkout commands name the latest release, so that they can be pasted as they are. */
    @Test
    void theReadmesCommands_nameTheLatestRelease() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String released = latestRelease();
        assertThat(readme).contains("\nVERSION=" + released + "\n").contains("git checkout v" + released + " ");
        assertThat(Pattern.compile("VERSION=(\\S+)|checkout v(\\S+)").matcher(readme).results()
                .map(m -> m.group(1) != null ? m.group(1) : m.group(2))).containsOnly(released);
    }
}
