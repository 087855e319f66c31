package io.agentdeploy.jenkins.steps;

import hudson.AbortException;
import io.agentdeploy.report.DeploymentRecord;
import io.agentdeploy.report.Layer;
import io.agentdeploy.report.LayerRecord;
import io.agentdeploy.report.PlainValues;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The values the steps return, taken from the deployment record, or the failure they end with. */
final class StepResults {

    private StepResults() {
    }

    /** The result values of one layer, for the single-layer steps. */
    static Map<String, Object> layerValues(DeploymentRecord record, Layer layer) throws AbortException {
        requireSuccess(record);
        LayerRecord done = record.layer(layer).orElseThrow(() -> new AbortException(layer.displayName()
                + " did not run."));
        return PlainValues.copyMap(done.details());
    }

    /** One map per layer that ran, under {@code ecr}, {@code agentcore} and {@code eks}, for {@code agentDeploy}. */
    static Map<String, Object> deploymentValues(DeploymentRecord record) throws AbortException {
        requireSuccess(record);
        Map<String, Object> values = new LinkedHashMap<>();
        for (LayerRecord layer : record.layers()) {
            values.put(layer.layer().name().toLowerCase(Locale.ROOT), PlainValues.copyMap(layer.details()));
        }
        return values;
    }

    /** Fails the step with the first failed layer's message; the build page has the whole record. */
    private static void requireSuccess(DeploymentRecord record) throws AbortException {
        for (LayerRecord layer : record.layers()) {
            if (!layer.succeeded() && layer.error() != null) {
                throw new AbortException(layer.layer().displayName() + " failed: " + layer.error());
            }
        }
    }
}
