package io.agentdeploy.jenkins.steps;

import io.agentdeploy.jenkins.AgentDeployConfiguration;
import io.agentdeploy.jenkins.BuildCredentials;
import io.agentdeploy.jenkins.Defaults;
import io.agentdeploy.jenkins.remote.EcrPushWork;
import io.agentdeploy.jenkins.remote.LayerOutcome;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Runs {@code agentEcrPush}. A build and push cannot resume after a controller restart, so the step
 * blocks a safe restart while it runs and fails if the controller stops anyway. Running the build
 * again is safe, because the engine skips what is already pushed.
 */
final class EcrPushExecution extends DeployExecution {

    private static final long serialVersionUID = 1L;

    private final AgentEcrPushStep step;

    EcrPushExecution(AgentEcrPushStep step, StepContext context) {
        super(context);
        this.step = step;
    }

    @Override
    protected String functionName() {
        return AgentEcrPushStep.FUNCTION_NAME;
    }

    @Override
    protected Object run(boolean resumed) throws Exception {
        beginUnresumable("building and pushing " + step.getAgent());
        AgentDeployConfiguration config = AgentDeployConfiguration.get();
        BuildCredentials credentials = new BuildCredentials(build());
        LayerOutcome outcome = workspace().act(new EcrPushWork(step, Defaults.of(config),
                credentials.aws(step, config), listener()));
        return LayerSteps.finish(build(), outcome);
    }
}
