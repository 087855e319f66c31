package io.agentdeploy.jenkins.steps;

import io.agentdeploy.jenkins.AgentDeployConfiguration;
import io.agentdeploy.jenkins.BuildCredentials;
import io.agentdeploy.jenkins.Defaults;
import io.agentdeploy.jenkins.Lines;
import io.agentdeploy.jenkins.Messages;
import io.agentdeploy.jenkins.remote.AgentCoreWork;
import io.agentdeploy.jenkins.remote.PhaseOutcome;
import io.agentdeploy.jenkins.remote.WaitState;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Runs {@code agentCoreDeploy} in two phases: create or update the runtime (cannot resume), then wait
 * for READY and finish (resumes after a restart from the saved {@link WaitState}). Credentials are
 * looked up again in each phase and never saved.
 */
final class AgentCoreExecution extends DeployExecution {

    private static final long serialVersionUID = 1L;

    private final AgentCoreDeployStep step;
    private Defaults defaults;
    private WaitState waitState;
    private long startedAtMillis;

    AgentCoreExecution(AgentCoreDeployStep step, StepContext context) {
        super(context);
        this.step = step;
    }

    @Override
    protected String functionName() {
        return AgentCoreDeployStep.FUNCTION_NAME;
    }

    @Override
    protected Object run(boolean resumed) throws Exception {
        if (defaults == null) {
            defaults = Defaults.of(AgentDeployConfiguration.get());
            startedAtMillis = System.currentTimeMillis();
        }
        if (waitState == null) {
            beginUnresumable("updating runtime " + step.getAgent());
            PhaseOutcome applied = workspace().act(work(null));
            if (applied.finished()) {
                return LayerSteps.finish(build(), applied.outcome());
            }
            waitState = applied.next();
            checkpoint("waiting for " + waitState.description());
        } else if (resumed) {
            listener().getLogger().println(Messages.DeployExecution_Resuming(functionName(), waitState.description()));
        }
        PhaseOutcome completed = workspace().act(work(waitState));
        return LayerSteps.finish(build(), completed.outcome());
    }

    private AgentCoreWork work(WaitState state) throws Exception {
        BuildCredentials credentials = new BuildCredentials(build());
        return new AgentCoreWork(step, defaults, credentials.aws(step, AgentDeployConfiguration.get()),
                credentials.secretTexts(Lines.keyValues("secretEnvironment", step.getSecretEnvironment())), state,
                startedAtMillis, listener());
    }
}
