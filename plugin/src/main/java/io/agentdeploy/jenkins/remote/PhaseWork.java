package io.agentdeploy.jenkins.remote;

import hudson.AbortException;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.agentdeploy.aws.AwsClients;
import io.agentdeploy.deploy.AgentDeployer;
import io.agentdeploy.deploy.DeploymentPlan;
import io.agentdeploy.deploy.DeploymentState;
import io.agentdeploy.ecr.DockerClientFactory;
import io.agentdeploy.eks.KubernetesClients;
import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.jenkins.ConsoleProgress;
import io.agentdeploy.jenkins.Defaults;
import io.agentdeploy.jenkins.steps.DeploymentStep;
import io.agentdeploy.progress.ProgressListener;
import io.agentdeploy.progress.Redactor;
import io.agentdeploy.report.PlainValues;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory;
import java.io.File;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import jenkins.MasterToSlaveFileCallable;

/**
 * One phase of a deployment, run on the agent that holds the workspace: the engine's
 * {@link AgentDeployer#advance} with the step's plan. Docker builds, registry pushes, AWS calls and
 * cluster access therefore happen where the build runs, and the AWS default credential chain, when
 * used, is the agent JVM's. The build's {@link TaskListener} is remoted, so the engine's output
 * reaches the console; every secret is registered with a {@link Redactor} before anything is printed.
 * Returns the new state as plain values.
 */
public final class PhaseWork extends MasterToSlaveFileCallable<Map<String, Object>> {

    private static final long serialVersionUID = 1L;

    private final DeploymentStep step;
    private final Defaults defaults;
    private final StepSecrets secrets;
    private final LinkedHashMap<String, Object> state;
    private final BuildInfo build;
    private final TaskListener listener;

    /**
     * @param state the engine's state from the previous phase, or {@code null} to start
     */
    public PhaseWork(DeploymentStep step, Defaults defaults, StepSecrets secrets, Map<String, Object> state,
            BuildInfo build, TaskListener listener) {
        this.step = step;
        this.defaults = defaults;
        this.secrets = secrets;
        this.state = state == null ? null : new LinkedHashMap<>(state);
        this.build = build;
        this.listener = listener;
    }

    @Override
    public Map<String, Object> invoke(File workspace, VirtualChannel channel) throws IOException {
        Redactor redactor = new Redactor();
        secrets.registerWith(redactor);
        ProgressListener progress = redactor.wrap(new ConsoleProgress(listener, false));
        PlanContext context = new PlanContext(workspace.toPath(), defaults, secrets, build);
        try (AwsClients aws = new AwsClients(secrets.aws().toSettings(), progress)) {
            // The kubernetes-client-api plugin ships fabric8's OkHttp transport; the engine gets that
            // factory explicitly instead of letting fabric8 look one up through the class loader.
            KubernetesClients kubernetes = new KubernetesClients(new OkHttpClientFactory(), aws);
            DockerClientFactory docker = DockerClientFactory.fromEnvironment(build.dockerEnvironment());
            AgentDeployer deployer = new AgentDeployer(aws, docker, kubernetes, progress, redactor, Clock.systemUTC());
            DeploymentPlan plan = step.plan(context);
            DeploymentState current = state == null ? DeploymentState.start(plan) : DeploymentState.fromMap(state);
            return PlainValues.copyMap(deployer.advance(plan, current).toMap());
        } catch (InvalidInputException e) {
            // Bad input: a clean failure without a stack trace; nothing was changed by the layer.
            throw new AbortException(redactor.redact(e.getMessage()));
        }
    }
}
