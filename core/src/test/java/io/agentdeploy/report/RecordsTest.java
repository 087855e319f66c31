package io.agentdeploy.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeploy.error.LayerFailedException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class RecordsTest {

    private static final Instant STARTED = Instant.parse("2026-12-04T20:00:00Z");

    private record FakeResult(boolean changed) implements LayerResult {
        @Override
        public Layer layer() {
            return Layer.ECR;
        }

        @Override
        public String target() {
            return "repo";
        }

        @Override
        public String summary() {
            return "pushed sha256:abc as 1, latest";
        }

        @Override
        public Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("imageDigest", "sha256:abc");
            map.put("tags", List.of("1", "latest"));
            return map;
        }
    }

    @Test
    public void unchangedResultIsUnchangedRecord() {
        LayerRecord record = LayerRecord.of("chat", new FakeResult(false), STARTED, Duration.ofMillis(1500));

        assertThat(record.status()).isEqualTo(LayerStatus.UNCHANGED);
        assertThat(record.succeeded()).isTrue();
    }

    @Test
    public void rolledBackFailureKeepsNotes() {
        LayerRecord record = LayerRecord.failed(Layer.EKS, "chat", "default/chat", STARTED, Duration.ZERO,
                new LayerFailedException("rollout failed", null, true, List.of("restored revision 3")));

        assertThat(record.status()).isEqualTo(LayerStatus.ROLLED_BACK);
        assertThat(record.notes()).containsExactly("restored revision 3");
        assertThat(record.error()).isEqualTo("rollout failed");
        assertThat(record.succeeded()).isFalse();
    }

    @Test
    public void textSummaryHasOneLinePerLayer() {
        DeploymentRecord deployment = new DeploymentRecord("chat", List.of(
                LayerRecord.of("chat", new FakeResult(true), STARTED, Duration.ofMillis(1500)),
                LayerRecord.skipped(Layer.AGENTCORE, "chat")));

        String text = TextSummary.render(deployment);

        assertThat(text).isEqualTo("Deployment of chat: failed\n"
                + "  ECR        SUCCEEDED      1.5s  pushed sha256:abc as 1, latest\n"
                + "  AgentCore  SKIPPED           -  not run: an earlier layer failed\n");
    }

    @Test
    public void textSummarySaysNothingChanged() {
        DeploymentRecord deployment = new DeploymentRecord("chat",
                List.of(LayerRecord.of("chat", new FakeResult(false), STARTED, Duration.ofMillis(300))));

        String text = TextSummary.render(deployment);

        assertThat(text).isEqualTo("Deployment of chat: succeeded, nothing changed\n"
                + "  ECR        UNCHANGED      0.3s  pushed sha256:abc as 1, latest\n");
    }

    @Test
    public void jsonRoundTrip() {
        DeploymentRecord deployment = new DeploymentRecord("chat",
                List.of(LayerRecord.of("chat", new FakeResult(true), STARTED, Duration.ofMillis(1500))));

        String json = JsonRecords.toJson(deployment);
        DeploymentRecord read = JsonRecords.fromJson(json);

        assertThat(json).contains("\"imageDigest\" : \"sha256:abc\"").contains("\"startedAt\" : \"2026-12-04T20:00:00Z\"");
        assertThat(read).isEqualTo(deployment);
    }
}
