package io.agentdeploy.report;

import java.util.List;
import java.util.Optional;

/**
 * The record of one run: one {@link LayerRecord} per layer that ran, in order.
 *
 * @param agent the agent name
 * @param layers the layers' records in the order they ran
 */
public record DeploymentRecord(String agent, List<LayerRecord> layers) {

    public DeploymentRecord {
        layers = List.copyOf(layers);
    }

    /** True when every layer succeeded or was unchanged. */
    public boolean succeeded() {
        return !layers.isEmpty() && layers.stream().allMatch(LayerRecord::succeeded);
    }

    public Optional<LayerRecord> layer(Layer layer) {
        return layers.stream().filter(r -> r.layer() == layer).findFirst();
    }
}
