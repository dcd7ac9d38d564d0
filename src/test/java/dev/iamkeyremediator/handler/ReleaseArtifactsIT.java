package dev.iamkeyremediator.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamkeyremediator.config.Release;
import dev.iamkeyremediator.it.JarProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * What {@code ./mvnw package} leaves for a release beside the jar: the CycloneDX SBOM of what the jar ships
 * (target/bom.json), naming this release and the AWS SDK at the version the jar holds, without the test libraries;
 * and the jar carries the project's licence.
 */
class ReleaseArtifactsIT {

    private static final Path BOM = JarProcess.jar().toAbsolutePath().getParent().resolve("bom.json");
    /** The SDK BOM's version, as the pom sets it (Dependabot moves it). */
    private static final String SDK = Pom.property("aws.sdk.version");

    private static List<JsonNode> components(JsonNode bom) {
        List<JsonNode> all = new ArrayList<>();
        bom.path("components").forEach(all::add);
        return all;
    }

    @Test
    void theSbom_isCycloneDxJson_ofThisRelease_listingTheSdk_andNoTestLibrary() throws Exception {
        assertThat(BOM).as("the SBOM: the CycloneDX plugin writes it at package when Maven is online (it declares"
                + " that it needs to be, so ./mvnw -o skips it); build with ./mvnw -B verify").isRegularFile();
        JsonNode bom = new ObjectMapper().readTree(BOM.toFile());
        assertThat(bom.path("bomFormat").asText()).isEqualTo("CycloneDX");
        assertThat(bom.path("specVersion").asText()).matches("1\\.\\d+");
        JsonNode self = bom.path("metadata").path("component");
        assertThat(self.path("name").asText()).isEqualTo("iam-key-remediator");
        assertThat(self.path("version").asText()).isEqualTo(Release.version());
        assertThat(self.path("type").asText()).isEqualTo("application");
        assertThat(self.path("licenses").toString()).contains("Apache-2.0");

        List<JsonNode> components = components(bom);
        assertThat(components).anySatisfy(c -> {
            assertThat(c.path("group").asText()).isEqualTo("software.amazon.awssdk");
            assertThat(c.path("name").asText()).isEqualTo("iam");
            assertThat(c.path("version").asText()).isEqualTo(SDK);
            assertThat(c.path("purl").asText()).isEqualTo("pkg:maven/software.amazon.awssdk/iam@" + SDK + "?type=jar");
            assertThat(c.path("hashes").toString()).contains("SHA-256");
        });
        assertThat(components).extracting(c -> c.path("group").asText() + ":" + c.path("name").asText())
                .contains("software.amazon.awssdk:sns", "software.amazon.awssdk:kms",
                        "software.amazon.lambda:powertools-parameters-ssm")
                .noneMatch(c -> c.startsWith("org.junit") || c.startsWith("org.mockito")
                        || c.startsWith("org.assertj"));
        // every SDK module the jar ships is at one version: the BOM's
        assertThat(components).filteredOn(c -> c.path("group").asText().equals("software.amazon.awssdk"))
                .extracting(c -> c.path("version").asText()).containsOnly(SDK);
    }

    @Test
    void theJarCarriesTheProjectsLicence() throws IOException {
        try (ZipFile jar = new ZipFile(JarProcess.jar().toFile())) {
            ZipEntry entry = jar.getEntry("META-INF/LICENSE");
            assertThat(entry).as("META-INF/LICENSE in the jar").isNotNull();
            assertThat(new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo(Files.readString(Path.of("LICENSE")));
        }
    }
}
