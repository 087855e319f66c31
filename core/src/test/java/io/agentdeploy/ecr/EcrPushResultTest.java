package io.agentdeploy.ecr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentdeploy.report.Layer;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class EcrPushResultTest {

    private static final String DIGEST = "sha256:ab12cd34ef56" + "0".repeat(52);
    private static final String URI = "123456789012.dkr.ecr.us-east-1.amazonaws.com/agentic-platform-chat";

    @Test
    public void summaryShowsShortDigestTagsAndSize() {
        EcrPushResult result = result(true, 48_213_000);

        assertThat(result.summary()).isEqualTo("pushed sha256:ab12cd34ef56… as 20261204-201530, latest (48.2 MB)");
    }

    @Test
    public void summarySaysUnchanged() {
        EcrPushResult result = result(false, 812);

        assertThat(result.summary())
                .isEqualTo("unchanged: sha256:ab12cd34ef56… already tagged 20261204-201530, latest (812 B)");
    }

    @Test
    public void toMapKeepsDocumentedOrder() {
        Map<String, Object> map = result(true, 1).toMap();

        assertThat(map.keySet()).containsExactly("repositoryName", "repositoryUri", "registryId", "region", "imageUri",
                "imageDigest", "imageRef", "tags", "platforms", "platformDigests", "sizeBytes", "scanStatus",
                "scanFindings", "topFindings", "created", "repositoryChanges", "layersPushed", "layersReused", "retries",
                "previousDigests", "changed");
        assertThat(map.get("imageRef")).isEqualTo(URI + "@" + DIGEST);
        assertThat(map.get("scanFindings")).isEqualTo(Map.of());
    }

    @Test
    public void summaryShowsPlatformsAndFindings() {
        EcrPushResult result = new EcrPushResult("agentic-platform-chat", URI, "123456789012", "us-east-1", URI + ":42",
                DIGEST, URI + "@" + DIGEST, List.of("42"), List.of("linux/amd64", "linux/arm64"), Map.of(), 2_000,
                "COMPLETE", Map.of("CRITICAL", 0, "HIGH", 2), List.of(), false, List.of(), 0, 0, 0, Map.of(), true,
                List.of());

        assertThat(result.summary())
                .isEqualTo("pushed sha256:ab12cd34ef56… as 42 (2.0 kB, linux/amd64 + linux/arm64; scan: 2 HIGH)");
    }

    @Test
    public void toMapHoldsOnlyPlainValues() throws Exception {
        String json = new ObjectMapper().writeValueAsString(result(true, 5).toMap());

        JsonNode node = new ObjectMapper().readTree(json);
        assertThat(node.path("tags").get(1).asText()).isEqualTo("latest");
        assertThat(node.path("sizeBytes").asLong()).isEqualTo(5);
    }

    @Test
    public void layerResultPointsAtRepository() {
        EcrPushResult result = result(true, 1);

        assertThat(result.layer()).isEqualTo(Layer.ECR);
        assertThat(result.target()).isEqualTo(URI);
        assertThat(result.changed()).isTrue();
    }

    @Test
    public void sizesUseDecimalUnits() {
        assertThat(EcrPushResult.formatSize(0)).isEqualTo("0 B");
        assertThat(EcrPushResult.formatSize(999)).isEqualTo("999 B");
        assertThat(EcrPushResult.formatSize(1_000)).isEqualTo("1.0 kB");
        assertThat(EcrPushResult.formatSize(48_249_999)).isEqualTo("48.2 MB");
        assertThat(EcrPushResult.formatSize(1_200_000_000L)).isEqualTo("1.2 GB");
    }

    @Test
    public void shortFormNeedsSha256() {
        assertThat(ImageDigests.isSha256(DIGEST)).isTrue();
        assertThat(ImageDigests.isSha256("sha256:ABC")).isFalse();
        assertThat(ImageDigests.isSha256("sha512:" + "0".repeat(128))).isFalse();
        assertThat(ImageDigests.shortForm("not-a-digest")).isEqualTo("not-a-digest");
    }

    private static EcrPushResult result(boolean changed, long size) {
        return new EcrPushResult("agentic-platform-chat", URI, "123456789012", "us-east-1", URI + ":20261204-201530",
                DIGEST, URI + "@" + DIGEST, List.of("20261204-201530", "latest"), List.of("linux/amd64"),
                Map.of("linux/amd64", DIGEST), size, "NOT_SCANNED", Map.of(), List.of(), changed, List.of(), 3, 4, 0,
                Map.of(), changed, List.of());
    }
}
