package io.agentdeploy.jenkins.steps;

import io.agentdeploy.jenkins.AgentDeployConfiguration;
import io.agentdeploy.jenkins.BuildCredentials;
import io.agentdeploy.jenkins.Defaults;
import io.agentdeploy.jenkins.Messages;
import io.agentdeploy.jenkins.remote.EksWork;
import io.agentdeploy.jenkins.remote.PhaseOutcome;
import io.agentdeploy.jenkins.remote.WaitState;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Runs {@code agentEksDeploy} in two phases: render and apply (cannot resume), then wait for the
 * rollout (resumes after a restart from the saved {@link WaitState}: the Deployment and generation).
 */
final class EksDeployExecution extends DeployExecution {

    private static final long serialVersionUID = 1L;

    private final AgentEksDeployStep step;
    private Defaults defaults;
    private WaitState waitState;
    private long startedAtMillis;

    EksDeployExecution(AgentEksDeployStep step, StepContext context) {
        super(context);
        this.step = step;
    }

    @Override
    protected String functionName() {
        return AgentEksDeployStep.FUNCTION_NAME;
    }

    @Override
    protected Object run(boolean resumed) throws Exception {
        if (defaults == null) {
            defaults = Defaults.of(AgentDeployConfiguration.get());
            startedAtMillis = System.currentTimeMillis();
        }
        if (waitState == null) {
            beginUnresumable("applying manifests of " + step.getAgent());
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

    private EksWork work(WaitState state) throws Exception {
        BuildCredentials credentials = new BuildCredentials(build());
        String kubeconfigId = step.getKubeconfigCredentialsId() != null ? step.getKubeconfigCredentialsId()
                : step.getCluster() == null ? defaults.kubeconfigCredentialsId : null;
        String kubeconfig = kubeconfigId == null ? null : credentials.kubeconfig(kubeconfigId);
        return new EksWork(step, defaults, credentials.aws(step, AgentDeployConfiguration.get()), kubeconfig, state,
                startedAtMillis, listener());
    }
}
