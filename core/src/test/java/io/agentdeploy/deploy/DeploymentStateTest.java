package io.agentdeploy.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeploy.deploy.DeploymentState.Phase;
import io.agentdeploy.report.Layer;
import io.agentdeploy.report.LayerRecord;
import io.agentdeploy.report.LayerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class DeploymentStateTest {

    private static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/repo@sha256:" + "a".repeat(64);

    @Test
    public void startsWithTheFirstLayerOfThePlan() {
        assertThat(DeploymentState.start(new DeploymentPlan("a", null, IMAGE, image -> null, null, true)).phase())
                .as("AgentCore only").isEqualTo(Phase.AGENTCORE_BEGIN);
        assertThat(DeploymentState.start(new DeploymentPlan("a", null, IMAGE, null, image -> null, true)).phase())
                .as("EKS only").isEqualTo(Phase.EKS_APPLY);
        assertThat(DeploymentState.start(new DeploymentPlan("a", null, IMAGE, null, null, true)).done())
                .as("nothing to do").isTrue();
    }

    @Test
    public void stateSurvivesMapRoundTrip() {
        LayerRecord pushed = new LayerRecord(Layer.ECR, "a", "repo", LayerStatus.SUCCEEDED,
                Instant.ofEpochMilli(1_000), Duration.ofSeconds(3), "pushed", Map.of("imageRef", IMAGE), List.of(),
                null);
        DeploymentState state = new DeploymentState(Phase.AGENTCORE_WAIT, IMAGE, List.of(pushed),
                Map.of("runtimeId", "a-123", "startedAtEpochMillis", 2_000L), 2_000);

        DeploymentState copy = DeploymentState.fromMap(state.toMap());

        assertThat(copy).isEqualTo(state);
        assertThat(copy.record("a").layers()).containsExactly(pushed);
    }

    @Test
    public void onlyWaitingPhasesAreResumable() {
        assertThat(Phase.values()).filteredOn(Phase::resumable)
                .containsExactly(Phase.SCAN, Phase.AGENTCORE_WAIT, Phase.EKS_WAIT, Phase.DONE);
    }
}
