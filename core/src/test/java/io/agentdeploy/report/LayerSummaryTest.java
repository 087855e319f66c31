package io.agentdeploy.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeploy.report.LayerSummary.Fact;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class LayerSummaryTest {

    private static final Instant STARTED = Instant.parse("2026-12-04T20:00:00Z");

    @Test
    public void ecrRowShowsDigestTagsAndScanCounts() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("imageDigest", "sha256:ab12");
        details.put("imageRef", "repo@sha256:ab12");
        details.put("tags", List.of("42", "latest"));
        details.put("platforms", List.of("linux/arm64"));
        details.put("scanStatus", "COMPLETE");
        details.put("scanFindings", Map.of("HIGH", 2));
        LayerRecord record = new LayerRecord(Layer.ECR, "agent_a", "repo", LayerStatus.SUCCEEDED, STARTED,
                Duration.ofMillis(12_500), "pushed", details, List.of(), null);

        LayerSummary row = LayerSummary.of(record);

        assertThat(row.layer()).isEqualTo("ECR");
        assertThat(row.duration()).isEqualTo("12.5s");
        assertThat(row.facts()).containsExactly(new Fact("Image digest", "sha256:ab12"), new Fact("Tags", "42, latest"),
                new Fact("Platforms", "linux/arm64"), new Fact("Scan findings", "2 HIGH"),
                new Fact("Image", "repo@sha256:ab12"));
    }

    @Test
    public void ecrRowSaysWhenScanWasNotAvailable() {
        LayerRecord record = new LayerRecord(Layer.ECR, "agent_a", "repo", LayerStatus.SUCCEEDED, STARTED,
                Duration.ZERO, null, Map.of("scanStatus", "TIMED_OUT"), List.of(), null);

        assertThat(LayerSummary.of(record).facts()).containsExactly(new Fact("Scan", "not available: TIMED_OUT"));
    }

    @Test
    public void agentCoreRowShowsVersionEndpointAndSmokeTest() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("runtimeId", "agent_a-abc");
        details.put("runtimeVersion", "3");
        details.put("previousVersion", "2");
        details.put("endpointName", "DEFAULT");
        details.put("endpointLiveVersion", "3");
        details.put("endpointArn", "arn:endpoint");
        details.put("smokeTest", Map.of("statusCode", 200));
        LayerRecord record = new LayerRecord(Layer.AGENTCORE, "agent_a", "arn:runtime", LayerStatus.SUCCEEDED, STARTED,
                Duration.ofSeconds(30), "runtime", details, List.of(), null);

        assertThat(LayerSummary.of(record).facts()).containsExactly(new Fact("Runtime", "agent_a-abc"),
                new Fact("Runtime version", "3 (was 2)"), new Fact("Endpoint", "DEFAULT on version 3"),
                new Fact("Endpoint ARN", "arn:endpoint"), new Fact("Smoke test", "passed (HTTP 200)"));
    }

    @Test
    public void eksRowShowsRolloutResult() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("namespace", "agents");
        details.put("deployment", "agent-a");
        details.put("revision", 4L);
        details.put("previousRevision", 3L);
        details.put("replicas", 2);
        details.put("readyReplicas", 2);
        details.put("resources", List.of("Deployment/agent-a", "Service/agent-a"));
        LayerRecord record = new LayerRecord(Layer.EKS, "agent_a", "agents/agent-a", LayerStatus.SUCCEEDED, STARTED,
                Duration.ofSeconds(8), "rolled out", details, List.of(), null);

        assertThat(LayerSummary.of(record).facts()).containsExactly(
                new Fact("Rollout", "revision 4 of agents/agent-a, 2/2 ready"), new Fact("Previous revision", "3"),
                new Fact("Resources", "Deployment/agent-a, Service/agent-a"));
    }

    @Test
    public void failedRowKeepsRollbackNotesAndError() {
        LayerRecord record = new LayerRecord(Layer.EKS, "agent_a", "agents/agent-a", LayerStatus.ROLLED_BACK, STARTED,
                null, null, Map.of(), List.of("Restored revision 3."), "Rollout failed: CrashLoopBackOff");

        LayerSummary row = LayerSummary.of(record);

        assertThat(row.status()).isEqualTo("ROLLED_BACK");
        assertThat(row.duration()).isEqualTo("-");
        assertThat(row.facts()).isEmpty();
        assertThat(row.notes()).containsExactly("Restored revision 3.");
        assertThat(row.error()).isEqualTo("Rollout failed: CrashLoopBackOff");
    }
}
