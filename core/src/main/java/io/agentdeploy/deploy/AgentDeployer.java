package io.agentdeploy.deploy;

import io.agentdeploy.agentcore.AgentCoreDeployRequest;
import io.agentdeploy.agentcore.AgentCoreDeployResult;
import io.agentdeploy.agentcore.AgentCoreDeployService;
import io.agentdeploy.agentcore.AgentCoreRollbackResult;
import io.agentdeploy.aws.AwsClients;
import io.agentdeploy.ecr.DockerClientFactory;
import io.agentdeploy.ecr.EcrPushResult;
import io.agentdeploy.ecr.EcrPushService;
import io.agentdeploy.eks.EksDeployRequest;
import io.agentdeploy.eks.DeploymentLease;
import io.agentdeploy.eks.EksDeployService;
import io.agentdeploy.eks.KubernetesClients;
import io.agentdeploy.error.DeployException;
import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.progress.ProgressListener;
import io.agentdeploy.progress.Redactor;
import io.agentdeploy.report.DeploymentRecord;
import io.agentdeploy.report.Layer;
import io.agentdeploy.report.LayerRecord;
import io.agentdeploy.report.LayerStatus;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Deploys one agent through all layers in order (ECR, AgentCore, Kubernetes), handing the pushed
 * image on by digest, and stops at the first failure: the layers after it are recorded as skipped.
 * In atomic mode a failure also rolls back the layers already deployed, newest first, so AgentCore
 * and Kubernetes keep serving the same image.
 *
 * <p>Every layer's input is checked before anything changes, the Kubernetes layer's against the
 * cluster (files, access, namespace). When the plan deploys to Kubernetes, two deployments of the
 * same agent are serialized by a lock in the cluster ({@link DeploymentLease}), taken only once a
 * change is needed: see {@link SerializedLayers}. The push runs before the lock; it only adds images
 * and moves tags.
 */
public final class AgentDeployer {

    /** A syntactically valid reference used only to validate the later layers' input up front. */
    static final String PLACEHOLDER_DIGEST = "@sha256:" + "0".repeat(64);
    /** How long a deployment waits for another deployment of the same agent by default. */
    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofMinutes(20);

    private final AwsClients aws;
    private final DockerClientFactory docker;
    private final KubernetesClients kubernetes;
    private final ProgressListener listener;
    private final Redactor redactor;
    private final Clock clock;
    private final LayerRun layers;
    private Duration lockWait = DEFAULT_LOCK_WAIT;

    public AgentDeployer(AwsClients aws, DockerClientFactory docker, ProgressListener listener, Redactor redactor,
            Clock clock) {
        this(aws, docker, new KubernetesClients(new JdkHttpClientFactory(), aws), listener, redactor, clock);
    }

    /** Uses the given Kubernetes client factory, for example one with the Jenkins plugin's HTTP transport. */
    public AgentDeployer(AwsClients aws, DockerClientFactory docker, KubernetesClients kubernetes,
            ProgressListener listener, Redactor redactor, Clock clock) {
        this.aws = aws;
        this.docker = docker;
        this.kubernetes = kubernetes;
        this.listener = listener;
        this.redactor = redactor;
        this.clock = clock;
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
        if (checkedEks != null) {
            // Input files, cluster access and namespace are checked before the push changes anything.
            new EksDeployService(kubernetes, ProgressListener.NONE, redactor).check(checkedEks);
        }
        DeploymentLease lease = checkedEks == null || checkedEks.renderTo().isPresent() ? null
                : DeploymentLease.open(kubernetes, checkedEks, listener, redactor, clock);
        try {
            Deployed deployed = new Deployed();
            String image = plan.image();
            if (plan.push() != null) {
                listener.lifecycle("Deploying layer ECR");
                AtomicReference<EcrPushResult> pushed = new AtomicReference<>();
                LayerRecord push = layers.run(Layer.ECR, plan.agent(), plan.push().repository(), () -> {
                    EcrPushResult result = new EcrPushService(aws, docker, listener, redactor).push(plan.push());
                    pushed.set(result);
                    return result;
                });
                deployed.records.add(push);
                if (!push.succeeded()) {
                    return finish(plan, deployed);
                }
                deployed.push = pushed.get();
                image = deployed.push.imageRef();
            }
            String deployedImage = image;
            Later later = new SerializedLayers(aws, kubernetes, lease, listener, lockWait)
                    .run((out, clients) -> deployLaterLayers(plan, deployedImage, out, clients));
            deployed.records.addAll(later.records());
            deployed.agentCoreRequest = later.agentCoreRequest();
            deployed.agentCore = later.agentCore();
            return finish(plan, deployed);
        } finally {
            if (lease != null) {
                lease.close();
            }
        }
    }

    /**
     * Waits at most this long for another deployment of the same agent to release the deployment lock.
     * Default: {@link #DEFAULT_LOCK_WAIT}.
     */
    public AgentDeployer lockWait(Duration wait) {
        if (wait == null || wait.isNegative()) {
            throw new InvalidInputException("lock wait", String.valueOf(wait), "the wait for the deployment lock"
                    + " cannot be negative.", "Pass a duration such as 10m, or 0s not to wait.");
        }
        this.lockWait = wait;
        return this;
    }

    /** What the AgentCore and Kubernetes layers did, stopping at the first failure. */
    private record Later(List<LayerRecord> records, AgentCoreDeployRequest agentCoreRequest,
            AgentCoreDeployResult agentCore) { }

    private Later deployLaterLayers(DeploymentPlan plan, String image, ProgressListener out,
            KubernetesClients clients) {
        LayerRun run = new LayerRun(out, redactor, clock);
        List<LayerRecord> records = new ArrayList<>();
        AgentCoreDeployRequest agentCoreRequest = null;
        AtomicReference<AgentCoreDeployResult> result = new AtomicReference<>();
        if (plan.agentCore() != null) {
            out.lifecycle("Deploying layer AgentCore");
            AgentCoreDeployRequest request = plan.agentCore().apply(image);
            LayerRecord agentCore = run.run(Layer.AGENTCORE, plan.agent(), request.runtimeName(), () -> {
                AgentCoreDeployResult done = new AgentCoreDeployService(aws, out, redactor).deploy(request);
                result.set(done);
                return done;
            });
            records.add(agentCore);
            if (!agentCore.succeeded()) {
                return new Later(records, null, null);
            }
            agentCoreRequest = request;
        }
        if (plan.eks() != null) {
            out.lifecycle("Deploying layer EKS");
            EksDeployRequest request = plan.eks().apply(image);
            String target = request.namespace().map(n -> n + "/").orElse("") + request.agent().kubernetesName();
            records.add(run.run(Layer.EKS, plan.agent(), target,
                    () -> new EksDeployService(clients, out, redactor).run(request)));
        }
        return new Later(records, agentCoreRequest, result.get());
    }

    /** What the run has deployed so far, for the record and for an atomic rollback. */
    private static final class Deployed {
        final List<LayerRecord> records = new ArrayList<>();
        EcrPushResult push;
        AgentCoreDeployRequest agentCoreRequest;
        AgentCoreDeployResult agentCore;
    }

    private DeploymentRecord finish(DeploymentPlan plan, Deployed deployed) {
        List<LayerRecord> records = deployed.records;
        LayerRecord failed = records.stream().filter(r -> !r.succeeded()).findFirst().orElse(null);
        if (failed == null && !records.isEmpty() && records.stream().allMatch(r -> r.status() == LayerStatus.UNCHANGED)) {
            listener.lifecycle("Deployment of " + plan.agent() + " changed nothing: no layer made a change.");
        }
        if (failed != null) {
            if (plan.atomic()) {
                rollBackEarlierLayers(plan, deployed, failed);
            } else if (records.indexOf(failed) > 0) {
                listener.warning("Not rolling back the layers before " + failed.layer().displayName()
                        + ": atomic mode is off, so they keep the new image.");
            }
            if (plan.agentCore() != null && records.stream().noneMatch(r -> r.layer() == Layer.AGENTCORE)) {
                records.add(LayerRecord.skipped(Layer.AGENTCORE, plan.agent()));
            }
            if (plan.eks() != null && records.stream().noneMatch(r -> r.layer() == Layer.EKS)) {
                records.add(LayerRecord.skipped(Layer.EKS, plan.agent()));
            }
        }
        return new DeploymentRecord(plan.agent(), records);
    }

    /** Restores the layers that succeeded before {@code failed}, newest first, and marks their records. */
    private void rollBackEarlierLayers(DeploymentPlan plan, Deployed deployed, LayerRecord failed) {
        String reason = "rolled back because the " + failed.layer().displayName() + " layer failed";
        if (deployed.agentCore != null) {
            replace(deployed.records, Layer.AGENTCORE, rollBackAgentCore(deployed, reason));
        }
        if (deployed.push != null && failed.layer() != Layer.ECR) {
            replace(deployed.records, Layer.ECR, rollBackPush(plan, deployed, reason));
        }
    }

    private List<String> rollBackAgentCore(Deployed deployed, String reason) {
        List<String> notes = new ArrayList<>();
        notes.add(reason + ".");
        try {
            AgentCoreRollbackResult restored = new AgentCoreDeployService(aws, listener, redactor)
                    .rollback(deployed.agentCoreRequest, deployed.agentCore);
            notes.addAll(restored.notes());
            if (!restored.complete()) {
                notes.add("The AgentCore rollback is incomplete; see the notes above.");
            }
        } catch (DeployException e) {
            String message = redactor.redact(e.getMessage());
            listener.error("AgentCore rollback failed: " + message);
            notes.add("The AgentCore rollback failed: " + message);
        }
        return notes;
    }

    private List<String> rollBackPush(DeploymentPlan plan, Deployed deployed, String reason) {
        List<String> notes = new ArrayList<>();
        notes.add(reason + ".");
        try {
            notes.addAll(new EcrPushService(aws, docker, listener, redactor).rollback(plan.push(), deployed.push));
        } catch (DeployException e) {
            String message = redactor.redact(e.getMessage());
            listener.error("ECR tag rollback failed: " + message);
            notes.add("Moving the tags back failed: " + message);
        }
        return notes;
    }

    /** Replaces a succeeded layer's record with a rolled-back one that keeps its details and adds the notes. */
    private static void replace(List<LayerRecord> records, Layer layer, List<String> rollbackNotes) {
        for (int i = 0; i < records.size(); i++) {
            LayerRecord record = records.get(i);
            if (record.layer() == layer) {
                List<String> notes = new ArrayList<>(record.notes());
                notes.addAll(rollbackNotes);
                records.set(i, new LayerRecord(record.layer(), record.agent(), record.target(), LayerStatus.ROLLED_BACK,
                        record.startedAt(), record.duration(), record.summary(), record.details(), notes,
                        record.error()));
            }
        }
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
