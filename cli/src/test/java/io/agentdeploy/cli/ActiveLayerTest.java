package io.agentdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeploy.report.Layer;
import org.junit.Test;

public class ActiveLayerTest {

    @Test
    public void interruptionBeforeLayersChangedNothing() {
        ActiveLayer active = new ActiveLayer();

        assertThat(active.interruptedMessage())
                .contains("error: Interrupted before any layer started; nothing was changed.");
    }

    @Test
    public void interruptionNamesCurrentLayer() {
        ActiveLayer active = new ActiveLayer();
        active.enter(Layer.ECR);
        active.enter(Layer.AGENTCORE);

        assertThat(active.interruptedMessage()).contains("error: Interrupted during the AgentCore layer, which is left"
                + " as it was at this moment, without rollback. Rerun the same command to bring it to the requested"
                + " state.");
    }

    @Test
    public void finishedRunPrintsNothing() {
        ActiveLayer active = new ActiveLayer();
        active.enter(Layer.EKS);

        active.finish();

        assertThat(active.interruptedMessage()).isEmpty();
    }
}
