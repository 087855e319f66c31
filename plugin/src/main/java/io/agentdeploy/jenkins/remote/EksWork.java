package io.agentdeploy.jenkins.remote;

import hudson.model.TaskListener;
import io.agentdeploy.aws.AwsClients;
import io.agentdeploy.eks.EksDeployRequest;
import io.agentdeploy.eks.EksDeployResult;
import io.agentdeploy.eks.EksDeployService;
import io.agentdeploy.eks.EksRollout;
import io.agentdeploy.error.DeployException;
import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.jenkins.AwsAccess;
import io.agentdeploy.jenkins.Defaults;
import io.agentdeploy.jenkins.Lines;
import io.agentdeploy.jenkins.steps.AgentEksDeployStep;
import io.agentdeploy.progress.ProgressListener;
import io.agentdeploy.progress.Redactor;
import io.agentdeploy.report.Layer;
import io.agentdeploy.report.LayerRecord;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code agentEksDeploy} phases on the agent. Without a wait state it renders and applies the
 * manifests and returns the Deployment generation to wait for. With one it re-reads that Deployment,
 * waits for the rollout, diagnoses failures and rolls back. The kubeconfig, when one is used, is
 * parsed in memory by the engine and never written to disk.
 */
public final class EksWork extends AgentWork<PhaseOutcome> {

    private static final long serialVersionUID = 1L;

    private final AgentEksDeployStep step;
    private final Defaults defaults;
    private final String kubeconfig;
    private final WaitState waitState;
    private final long startedAtMillis;

    public EksWork(AgentEksDeployStep step, Defaults defaults, AwsAccess aws, String kubeconfig, WaitState waitState,
            long startedAtMillis, TaskListener listener) {
        super(aws, listener);
        this.step = step;
        this.defaults = defaults;
        this.kubeconfig = kubeconfig;
        this.waitState = waitState;
        this.startedAtMillis = startedAtMillis;
    }

    @Override
    protected void registerSecrets(Redactor redactor) {
        redactor.register(kubeconfig);
    }

    @Override
    protected PhaseOutcome work(Path workspace, AwsClients clients, ProgressListener progress, Redactor redactor) {
        EksDeployRequest request = request(step, defaults, kubeconfig, workspace);
        Instant started = Instant.ofEpochMilli(startedAtMillis);
        // The Jenkins kubernetes-client-api plugin ships fabric8's OkHttp transport only, so the engine
        // gets that factory explicitly instead of discovering one.
        // TODO: bind to the engine's service once it is on main; the two-phase API is requested.
        EksDeployService service = new EksDeployService(clients, new OkHttpClientFactory(), progress);
        try {
            if (waitState == null) {
                EksRollout rollout = service.apply(request);
                if (!rollout.needsWait()) {
                    // Rendered to a folder, or nothing changed: the result is final.
                    return PhaseOutcome.done(LayerOutcome.succeeded(AgentEksDeployStep.FUNCTION_NAME, step.getAgent(),
                            rollout.result(), started));
                }
                return PhaseOutcome.waitFor(toWaitState(rollout));
            }
            EksDeployResult result = service.awaitRollout(request, fromWaitState(waitState));
            return PhaseOutcome.done(LayerOutcome.succeeded(AgentEksDeployStep.FUNCTION_NAME, step.getAgent(), result,
                    started));
        } catch (InvalidInputException e) {
            throw e;
        } catch (DeployException e) {
            String target = waitState == null ? null : waitState.get("namespace") + "/" + waitState.get("deployment");
            return PhaseOutcome.done(LayerOutcome.failed(AgentEksDeployStep.FUNCTION_NAME, LayerRecord.failed(Layer.EKS,
                    step.getAgent(), target, started, Duration.between(started, Instant.now()), e), redactor));
        }
    }

    static WaitState toWaitState(EksRollout rollout) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("namespace", rollout.namespace());
        fields.put("deployment", rollout.deployment());
        fields.put("generation", String.valueOf(rollout.generation()));
        fields.put("previousRevision", rollout.previousRevision());
        return new WaitState("rollout of " + rollout.namespace() + "/" + rollout.deployment() + " generation "
                + rollout.generation(), fields);
    }

    static EksRollout fromWaitState(WaitState state) {
        return new EksRollout(state.get("namespace"), state.get("deployment"), Long.parseLong(state.get("generation")),
                state.get("previousRevision"));
    }

    /** Binds the step's parameters, else the global defaults, to the engine request; the builder validates. */
    static EksDeployRequest request(AgentEksDeployStep step, Defaults defaults, String kubeconfig, Path workspace) {
        EksDeployRequest.Builder builder = EksDeployRequest.builder()
                .agent(step.getAgent())
                .image(step.getImage())
                .kubeconfig(kubeconfig)
                .context(step.getContext())
                .cluster(step.getCluster() != null || kubeconfig != null ? step.getCluster() : defaults.cluster)
                .repositoryRoot(workspace)
                .values(step.getValues() == null ? null : workspace.resolve(step.getValues()))
                .valuesConvention(defaults.valuesPath)
                .set(Lines.keyValues("set", step.getSet()))
                .chart(step.getChart() == null ? null : workspace.resolve(step.getChart()))
                .manifests(step.getManifests() == null ? null
                        : step.getManifests().stream().map(workspace::resolve).toList())
                .namespace(step.getNamespace() != null ? step.getNamespace() : defaults.namespace)
                .createNamespace(Boolean.TRUE.equals(step.getCreateNamespace()))
                .timeout(Duration.ofMinutes(step.getTimeout() != null ? step.getTimeout() : defaults.rolloutTimeoutMinutes))
                .rollback(step.getRollback() == null || step.getRollback())
                .renderTo(step.getRenderTo() == null ? null : workspace.resolve(step.getRenderTo()));
        return builder.build();
    }
}
