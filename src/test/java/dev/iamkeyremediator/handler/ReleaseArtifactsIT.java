package dev.iamkeyremediator.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamkeyremediator.config.Release;
import dev.iamkeyremediator.it.JarProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@code ./mvnw package} leaves for a release beside the jar: the CycloneDX SBOM of what the jar ships
 * (target/bom.json), naming this release and the AWS SDK at the version the jar holds, without the test libraries.
 */
class ReleaseArtifactsIT {

    private static final Path BOM = JarProcess.jar().toAbsolutePath().getParent().resolve("bom.json");

    private static List<JsonNode> components(JsonNode bom) {
        List<JsonNode> all = new ArrayList<>();
        bom.path("components").forEach(all::add);
        return all;
    }

    @Test
    void theSbom_isCycloneDxJson_ofThisRelease_listingTheSdk_andNoTestLibrary() throws Exception {
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
            assertThat(c.path("version").asText()).isEqualTo("2.57.8");
            assertThat(c.path("purl").asText()).isEqualTo("pkg:maven/software.amazon.awssdk/iam@2.57.8?type=jar");
            assertThat(c.path("hashes").toString()).contains("SHA-256");
        });
        assertThat(components).extracting(c -> c.path("group").asText() + ":" + c.path("name").asText())
                .contains("software.amazon.awssdk:sns", "software.amazon.awssdk:kms",
                        "software.amazon.lambda:powertools-parameters-ssm")
                .noneMatch(c -> c.startsWith("org.junit") || c.startsWith("org.mockito") || c.startsWith("org.assertj"));
        // every SDK module the jar ships is at one version: the BOM's
        assertThat(components).filteredOn(c -> c.path("group").asText().equals("software.amazon.awssdk"))
                .extracting(c -> c.path("version").asText()).containsOnly("2.57.8");
    }
}
