package io.agentdeploy.cli;

import io.agentdeploy.deploy.AgentDeployer;
import io.agentdeploy.deploy.DeploymentPlan;
import io.agentdeploy.eks.DeploymentLease;
import io.agentdeploy.eks.EksDeployRequest;
import io.agentdeploy.eks.EksDeployService;
import io.agentdeploy.eks.KubernetesClients;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.agentdeploy.report.Layer;
import io.agentdeploy.report.LayerRecord;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code agent-deploy eks}: deploys an agent's image to Kubernetes (built-in manifests, a Helm chart or
 * manifest files), waits for the rollout and rolls back on failure; or renders the manifests only.
 */
@Command(name = "eks",
        mixinStandardHelpOptions = true,
        description = "Deploys an agent's image to Kubernetes (EKS or any cluster) from its Helm values file and waits"
                + " until the rollout completes.")
final class EksCommand extends LayerCommand {

    @Option(names = "--agent", required = true, paramLabel = "<name>",
            description = "Agent name in snake_case, for example agentic_chat_enhanced.")
    String agent;

    @Option(names = "--image", required = true, paramLabel = "<reference>",
            description = "Image to run, by digest (repository@sha256:...) or tag (repository:tag).")
    String image;

    @Option(names = "--timeout", paramLabel = "<duration>", defaultValue = "10m", converter = DurationConverter.class,
            description = "How long to wait for the rollout, for example 90s, 10m or 1h. Default: ${DEFAULT-VALUE}.")
    Duration timeout = EksDeployRequest.DEFAULT_TIMEOUT;

    @Option(names = "--lock-wait", paramLabel = "<duration>", converter = DurationConverter.class,
            defaultValue = "20m",
            description = "How long to wait while another deployment of the same agent holds its deployment lock"
                    + " (a Lease in the agent's namespace). Default: ${DEFAULT-VALUE}.")
    Duration lockWait;

    @Option(names = "--rollback-only",
            description = "Restore the last good recorded state of the agent's Deployment instead of deploying, for"
                    + " example after a rollback that failed.")
    boolean rollbackOnly;

    @Mixin
    RollbackOption rollback;

    @Mixin
    EksOptions eks;

    @Override
    protected String agentName() {
        return agent;
    }

    @Override
    protected void checkOptions(OptionConflicts conflicts) {
        conflicts.exclude("--rollback-only", "--render-to",
                "--rollback-only changes the cluster, while --render-to only writes files and changes nothing.");
        conflicts.exclude("--rollback-only", "--no-rollback", "--rollback-only runs a rollback, which --no-rollback"
                + " turns off.");
        eks.checkOptions(conflicts);
    }

    @Override
    protected List<LayerRecord> execute(CommandContext context) {
        // Checks the options, such as the ways to reach the cluster, before any client is made.
        EksDeployRequest request = eks.request(context, agent, image, timeout, rollback.rollback);
        KubernetesClients clients = new KubernetesClients(new JdkHttpClientFactory(),
                eks.usesEks() ? context.awsClients() : null);
        if (!rollbackOnly) {
            // Deploys through the orchestrator, so that this command takes the agent's deployment lock as deploy does.
            DeploymentPlan plan = new DeploymentPlan(agent, null, image, null,
                    reference -> eks.request(context, agent, reference, timeout, rollback.rollback), false);
            return new AgentDeployer(eks.usesEks() ? context.awsClients() : null, null, clients, context.listener(),
                    context.redactor(), context.clock()).lockWait(lockWait).onLayer(context::enterLayer)
                    .deploy(plan).layers();
        }
        EksDeployService service = new EksDeployService(clients, context.listener(), context.redactor());
        String target = request.namespace().map(n -> n + "/").orElse("") + request.agent().kubernetesName();
        try (DeploymentLease lease = DeploymentLease.open(clients, request, context.listener(), context.redactor(),
                context.clock())) {
            return List.of(context.runLayer(Layer.EKS, agent, target, () -> {
                lease.acquire(lockWait);
                return service.rollbackOnly(request);
            }));
        }
    }
}
