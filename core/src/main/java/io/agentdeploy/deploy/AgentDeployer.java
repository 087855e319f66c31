package io.agentdeploy.deploy;

import io.agentdeploy.agentcore.AgentCoreDeployRequest;
import io.agentdeploy.agentcore.AgentCoreDeployService;
import io.agentdeploy.aws.AwsClients;
import io.agentdeploy.ecr.DockerClientFactory;
import io.agentdeploy.ecr.EcrPushResult;
import io.agentdeploy.ecr.EcrPushService;
import io.agentdeploy.eks.EksDeployRequest;
import io.agentdeploy.eks.EksDeployService;
import io.agentdeploy.eks.KubernetesClients;
import io.agentdeploy.progress.ProgressListener;
import io.agentdeploy.progress.Redactor;
import io.agentdeploy.report.DeploymentRecord;
import io.agentdeploy.report.Layer;
import io.agentdeploy.report.LayerRecord;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Deploys one agent through all layers in order (ECR, AgentCore, Kubernetes), handing the pushed
 * image on by digest, and stops at the first failure: the layers after it are recorded as skipped.
 */
public final class AgentDeployer {

    /** A syntactically valid reference used only to validate the later layers' input up front. */
    static final String PLACEHOLDER_DIGEST = "@sha256:" + "0".repeat(64);

    private final AwsClients aws;
    private final DockerClientFactory docker;
    private final ProgressListener listener;
    private final Redactor redactor;
    private final LayerRun layers;

    public AgentDeployer(AwsClients aws, DockerClientFactory docker, ProgressListener listener, Redactor redactor,
            Clock clock) {
        this.aws = aws;
        this.docker = docker;
        this.listener = listener;
        this.redactor = redactor;
        this.layers = new LayerRun(listener, redactor, clock);
    }

    /**
     * Runs the plan and returns the record of every layer.
     *
     * @throws io.agentdeploy.error.InvalidInputException when any layer's input is invalid; nothing was changed
     */
    public DeploymentRecord deploy(DeploymentPlan plan) {
        String placeholder = placeholderImage(plan);
        AgentCoreDeployRequest checkedAgentCore = plan.agentCore() == null ? null : plan.agentCore().apply(placeholder);
        EksDeployRequest checkedEks = plan.eks() == null ? null : plan.eks().apply(placeholder);

        List<LayerRecord> records = new ArrayList<>();
        String image = plan.image();
        if (plan.push() != null) {
            listener.lifecycle("Deploying layer ECR");
            AtomicReference<EcrPushResult> pushed = new AtomicReference<>();
            LayerRecord push = layers.run(Layer.ECR, plan.agent(), plan.push().repository(), () -> {
                EcrPushResult result = new EcrPushService(aws, docker, listener, redactor).push(plan.push());
                pushed.set(result);
                return result;
            });
            records.add(push);
            if (!push.succeeded()) {
                return finish(plan, records);
            }
            image = pushed.get().imageRef();
        }

        if (checkedAgentCore != null) {
            listener.lifecycle("Deploying layer AgentCore");
            AgentCoreDeployRequest request = plan.agentCore().apply(image);
            LayerRecord agentCore = layers.run(Layer.AGENTCORE, plan.agent(), request.runtimeName(),
                    () -> new AgentCoreDeployService(aws, listener, redactor).deploy(request));
            records.add(agentCore);
            if (!agentCore.succeeded()) {
                return finish(plan, records);
            }
        }

        if (checkedEks != null) {
            listener.lifecycle("Deploying layer EKS");
            EksDeployRequest request = plan.eks().apply(image);
            String target = request.namespace().map(n -> n + "/").orElse("") + request.agent().kubernetesName();
            records.add(layers.run(Layer.EKS, plan.agent(), target,
                    () -> new EksDeployService(new KubernetesClients(new JdkHttpClientFactory(), aws), listener, redactor)
                            .run(request)));
        }
        return finish(plan, records);
    }

    private DeploymentRecord finish(DeploymentPlan plan, List<LayerRecord> records) {
        boolean failed = records.stream().anyMatch(r -> !r.succeeded());
        if (failed) {
            if (plan.agentCore() != null && records.stream().noneMatch(r -> r.layer() == Layer.AGENTCORE)) {
                records.add(LayerRecord.skipped(Layer.AGENTCORE, plan.agent()));
            }
            if (plan.eks() != null && records.stream().noneMatch(r -> r.layer() == Layer.EKS)) {
                records.add(LayerRecord.skipped(Layer.EKS, plan.agent()));
            }
        }
        return new DeploymentRecord(plan.agent(), records);
    }

    /** Returns a reference in the pushed repository's form, to validate the later layers before the push. */
    private String placeholderImage(DeploymentPlan plan) {
        if (plan.push() == null) {
            return plan.image();
        }
        return "123456789012.dkr.ecr." + aws.region() + ".amazonaws.com/" + plan.push().repository()
                + PLACEHOLDER_DIGEST;
    }
}
