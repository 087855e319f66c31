package io.agentdeploy.jenkins.steps;

import io.agentdeploy.deploy.DeploymentPlan;
import io.agentdeploy.jenkins.BuildCredentials;
import io.agentdeploy.jenkins.Defaults;
import io.agentdeploy.jenkins.remote.PlanContext;
import io.agentdeploy.jenkins.remote.StepSecrets;
import io.agentdeploy.report.DeploymentRecord;
import java.io.IOException;
import java.io.Serializable;

/**
 * What {@link DeploymentExecution} needs from each of the four steps: the credentials to read on the
 * controller, the engine plan to run on the agent, and the value to return to the script. A step is
 * serializable: it is saved with the Pipeline program and sent to the agent with each phase.
 */
public interface DeploymentStep extends Serializable {

    /** The Pipeline function name, for messages. */
    String functionName();

    /** The agent name. */
    String getAgent();

    /**
     * Reads the secrets the step's layers need, on the controller, in the build's context. Called before
     * every phase; the values are sent to the agent and never stored.
     *
     * @throws hudson.AbortException when a credential is missing or may not be used by the build
     */
    StepSecrets resolveSecrets(BuildCredentials credentials, Defaults defaults) throws IOException;

    /**
     * Builds the engine's plan on the agent, from the step's parameters, the global defaults and the
     * resolved secrets.
     *
     * @throws io.agentdeploy.error.InvalidInputException when a parameter is invalid
     */
    DeploymentPlan plan(PlanContext context);

    /**
     * Returns what the step gives back to the script: plain values that the script sandbox reads.
     *
     * @throws hudson.AbortException when the deployment failed, with its message
     */
    Object returnValue(DeploymentRecord record) throws IOException;
}
