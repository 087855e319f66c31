package io.agentdeploy.jenkins.steps;

import hudson.AbortException;
import io.agentdeploy.jenkins.AgentDeployConfiguration;
import io.agentdeploy.jenkins.BuildCredentials;
import io.agentdeploy.jenkins.Defaults;
import io.agentdeploy.jenkins.Lines;
import io.agentdeploy.jenkins.Messages;
import io.agentdeploy.jenkins.remote.AgentCoreWork;
import io.agentdeploy.jenkins.remote.EcrPushWork;
import io.agentdeploy.jenkins.remote.EksWork;
import io.agentdeploy.jenkins.remote.LayerOutcome;
import io.agentdeploy.jenkins.remote.PhaseOutcome;
import io.agentdeploy.jenkins.remote.WaitState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Runs {@code agentDeploy}: the layers in order, handing the pushed image by digest to the next ones
 * and stopping at the first failure. Each layer runs as its own step would, so the waits resume after
 * a restart. The state between layers (the image, the values so far) is saved with the execution.
 */
final class AgentDeployExecution extends DeployExecution {

    private static final long serialVersionUID = 1L;

    private final AgentDeployStep step;
    private Defaults defaults;
    private String image;
    private int nextLayer;
    private WaitState waitState;
    private long layerStartedAtMillis;
    private final LinkedHashMap<String, Object> values = new LinkedHashMap<>();

    AgentDeployExecution(AgentDeployStep step, StepContext context) {
        super(context);
        this.step = step;
    }

    @Override
    protected String functionName() {
        return AgentDeployStep.FUNCTION_NAME;
    }

    @Override
    protected Object run(boolean resumed) throws Exception {
        if (defaults == null) {
            defaults = Defaults.of(AgentDeployConfiguration.get());
        }
        List<String> layers = AgentDeploySplit.layers(step);
        if (resumed && waitState != null) {
            listener().getLogger().println(Messages.DeployExecution_Resuming(functionName(), waitState.description()));
        }
        while (nextLayer < layers.size()) {
            String layer = layers.get(nextLayer);
            Map<String, Object> layerValues = switch (layer) {
                case "ECR" -> ecr();
                case "AGENTCORE" -> agentCore();
                case "EKS" -> eks();
                default -> throw new AbortException(Messages.AgentDeployExecution_UnknownLayer(layer));
            };
            values.put(layer.toLowerCase(Locale.ROOT), layerValues);
            nextLayer++;
            waitState = null;
            checkpoint("finished layer " + layer);
        }
        // NOTE: atomic (the default) is not applied yet. A failed later layer leaves the earlier layers
        // deployed, because rolling them back needs an engine operation that does not exist yet.
        return new LinkedHashMap<>(values);
    }

    private Map<String, Object> ecr() throws Exception {
        beginUnresumable("building and pushing " + step.getAgent());
        AgentEcrPushStep push = AgentDeploySplit.ecr(step);
        BuildCredentials credentials = new BuildCredentials(build());
        LayerOutcome outcome = workspace().act(new EcrPushWork(push, defaults,
                credentials.aws(push, AgentDeployConfiguration.get()), listener()));
        Map<String, Object> result = LayerSteps.finish(build(), outcome);
        image = String.valueOf(result.get("imageRef"));
        return result;
    }

    private Map<String, Object> agentCore() throws Exception {
        AgentCoreDeployStep deploy = AgentDeploySplit.agentCore(step, requireImage());
        BuildCredentials credentials = new BuildCredentials(build());
        if (waitState == null) {
            beginUnresumable("updating runtime " + step.getAgent());
            layerStartedAtMillis = System.currentTimeMillis();
            PhaseOutcome applied = workspace().act(new AgentCoreWork(deploy, defaults,
                    credentials.aws(deploy, AgentDeployConfiguration.get()),
                    credentials.secretTexts(Lines.keyValues("secretEnvironment", deploy.getSecretEnvironment())), null,
                    layerStartedAtMillis, listener()));
            if (applied.finished()) {
                return LayerSteps.finish(build(), applied.outcome());
            }
            waitState = applied.next();
            checkpoint("waiting for " + waitState.description());
        }
        PhaseOutcome completed = workspace().act(new AgentCoreWork(deploy, defaults,
                credentials.aws(deploy, AgentDeployConfiguration.get()),
                credentials.secretTexts(Lines.keyValues("secretEnvironment", deploy.getSecretEnvironment())), waitState,
                layerStartedAtMillis, listener()));
        return LayerSteps.finish(build(), completed.outcome());
    }

    private Map<String, Object> eks() throws Exception {
        AgentEksDeployStep deploy = AgentDeploySplit.eks(step, requireImage());
        BuildCredentials credentials = new BuildCredentials(build());
        String kubeconfigId = deploy.getKubeconfigCredentialsId() != null ? deploy.getKubeconfigCredentialsId()
                : deploy.getCluster() == null ? defaults.kubeconfigCredentialsId : null;
        String kubeconfig = kubeconfigId == null ? null : credentials.kubeconfig(kubeconfigId);
        if (waitState == null) {
            beginUnresumable("applying manifests of " + step.getAgent());
            layerStartedAtMillis = System.currentTimeMillis();
            PhaseOutcome applied = workspace().act(new EksWork(deploy, defaults,
                    credentials.aws(deploy, AgentDeployConfiguration.get()), kubeconfig, null, layerStartedAtMillis,
                    listener()));
            if (applied.finished()) {
                return LayerSteps.finish(build(), applied.outcome());
            }
            waitState = applied.next();
            checkpoint("waiting for " + waitState.description());
        }
        PhaseOutcome completed = workspace().act(new EksWork(deploy, defaults,
                credentials.aws(deploy, AgentDeployConfiguration.get()), kubeconfig, waitState, layerStartedAtMillis,
                listener()));
        return LayerSteps.finish(build(), completed.outcome());
    }

    private String requireImage() throws AbortException {
        if (image == null) {
            // Without the ECR layer there is no pushed digest to deploy.
            throw new AbortException(Messages.AgentDeployExecution_NoImage());
        }
        return image;
    }
}
