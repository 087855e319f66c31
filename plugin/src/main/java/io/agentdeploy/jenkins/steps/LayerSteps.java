package io.agentdeploy.jenkins.steps;

import hudson.AbortException;
import hudson.model.Run;
import io.agentdeploy.jenkins.report.DeploymentAction;
import io.agentdeploy.jenkins.remote.LayerOutcome;
import java.io.IOException;
import java.util.Map;

/** Completion of a finished layer, shared by the executions: record it on the build, then return or fail. */
final class LayerSteps {

    private LayerSteps() {
    }

    static Map<String, Object> finish(Run<?, ?> build, LayerOutcome outcome) throws IOException {
        DeploymentAction.record(build, outcome.rows());
        if (outcome.failure() != null) {
            throw new AbortException(outcome.failure());
        }
        return outcome.values();
    }
}
