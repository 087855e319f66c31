package io.agentdeploy.deploy;

import io.agentdeploy.agentcore.AgentCoreBegun;
import io.agentdeploy.agentcore.AgentCoreDeployRequest;
import io.agentdeploy.agentcore.AgentCoreDeployService;
import io.agentdeploy.agentcore.AgentCoreRollbackResult;
import io.agentdeploy.aws.AwsClients;
import io.agentdeploy.deploy.DeploymentState.Phase;
import io.agentdeploy.ecr.DockerClientFactory;
import io.agentdeploy.ecr.EcrPushResult;
import io.agentdeploy.ecr.EcrPushService;
import io.agentdeploy.ecr.EcrPushedImage;
import io.agentdeploy.eks.EksApplied;
import io.agentdeploy.eks.EksDeployRequest;
import io.agentdeploy.eks.EksDeployService;
import io.agentdeploy.eks.KubernetesClients;
import io.agentdeploy.error.DeployException;
import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.progress.ProgressListener;
import io.agentdeploy.progress.Redactor;
import io.agentdeploy.report.DeploymentRecord;
import io.agentdeploy.report.Layer;
import io.agentdeploy.report.LayerRecord;
import io.agentdeploy.report.LayerResult;
import io.agentdeploy.report.LayerStatus;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Deploys one agent through all layers in order (ECR, AgentCore, Kubernetes), handing the pushed
 * image on by digest, and stops at the first failure: the layers after it are recorded as skipped.
 * In atomic mode a failure also rolls back the layers already deployed, newest first, so AgentCore
 * and Kubernetes keep serving the same image.
 *
 * <p>{@link #deploy} runs everything in one call. {@link #advance} runs one phase at a time and
 * returns a {@link DeploymentState} of plain values, so that a caller such as a Jenkins step can save
 * it before each wait and continue after a restart, in another process, with the same plan.
 */
public final class AgentDeployer {

    /** A syntactically valid reference used only to validate the later layers' input up front. */
    static final String PLACEHOLDER_DIGEST = "@sha256:" + "0".repeat(64);

    private final AwsClients aws;
    private final DockerClientFactory docker;
    private final KubernetesClients kubernetes;
    private final ProgressListener listener;
    private final Redactor redactor;
    private final LayerRun layers;

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
        this.layers = new LayerRun(listener, redactor, clock);
    }

    /**
     * Runs the plan and returns the record of every layer.
     *
     * @throws InvalidInputException when any layer's input is invalid; nothing was changed
     */
    public DeploymentRecord deploy(DeploymentPlan plan) {
        DeploymentState state = DeploymentState.start(plan);
        while (!state.done()) {
            state = advance(plan, state);
        }
        return state.record(plan.agent());
    }

    /**
     * Runs the next phase of the plan and returns the state after it. The first call checks every
     * layer's input before anything changes. A layer that fails ends the deployment: the returned
     * state is {@linkplain DeploymentState#done() done}, with the failure, the atomic rollback of
     * earlier layers and the skipped layers recorded. Phases that only wait
     * ({@link Phase#resumable()}) may be run again with the same state, for example after a restart.
     *
     * @throws InvalidInputException when a layer's input is invalid; nothing was changed by that layer
     */
    public DeploymentState advance(DeploymentPlan plan, DeploymentState state) {
        if (isStart(plan, state)) {
            validate(plan);
        }
        return switch (state.phase()) {
            case PUSH -> push(plan, state);
            case SCAN -> scan(plan, state);
            case AGENTCORE_BEGIN -> beginAgentCore(plan, state);
            case AGENTCORE_WAIT -> completeAgentCore(plan, state);
            case EKS_APPLY -> applyEks(plan, state);
            case EKS_WAIT -> awaitEks(plan, state);
            case DONE -> state;
        };
    }

    private DeploymentState push(DeploymentPlan plan, DeploymentState state) {
        listener.lifecycle("Deploying layer ECR");
        Instant started = layers.now();
        return attempt(plan, state, Layer.ECR, plan.push().repository(), started, () -> {
            EcrPushedImage pushed = ecr().pushImage(plan.push());
            return new DeploymentState(Phase.SCAN, state.image(), state.records(), pushed.toMap(),
                    started.toEpochMilli());
        });
    }

    private DeploymentState scan(DeploymentPlan plan, DeploymentState state) {
        Instant started = Instant.ofEpochMilli(state.layerStartedAtEpochMillis());
        return attempt(plan, state, Layer.ECR, plan.push().repository(), started, () -> {
            EcrPushResult result = ecr().completePush(plan.push(), EcrPushedImage.fromMap(state.pending()));
            return finished(plan, withImage(state, result.imageRef()), Layer.ECR, result, started);
        });
    }

    private DeploymentState beginAgentCore(DeploymentPlan plan, DeploymentState state) {
        listener.lifecycle("Deploying layer AgentCore");
        AgentCoreDeployRequest request = plan.agentCore().apply(state.image());
        Instant started = layers.now();
        return attempt(plan, state, Layer.AGENTCORE, request.runtimeName(), started, () -> {
            AgentCoreBegun begun = agentCore().begin(request);
            return new DeploymentState(Phase.AGENTCORE_WAIT, state.image(), state.records(), begun.toMap(),
                    started.toEpochMilli());
        });
    }

    private DeploymentState completeAgentCore(DeploymentPlan plan, DeploymentState state) {
        AgentCoreDeployRequest request = plan.agentCore().apply(state.image());
        Instant started = Instant.ofEpochMilli(state.layerStartedAtEpochMillis());
        return attempt(plan, state, Layer.AGENTCORE, request.runtimeName(), started, () -> finished(plan, state,
                Layer.AGENTCORE, agentCore().complete(request, AgentCoreBegun.fromMap(state.pending())), started));
    }

    private DeploymentState applyEks(DeploymentPlan plan, DeploymentState state) {
        listener.lifecycle("Deploying layer EKS");
        EksDeployRequest request = plan.eks().apply(state.image());
        Instant started = layers.now();
        return attempt(plan, state, Layer.EKS, eksTarget(request), started, () -> {
            if (request.renderTo().isPresent()) {
                return finished(plan, state, Layer.EKS, eks().render(request), started);
            }
            EksApplied applied = eks().apply(request);
            return new DeploymentState(Phase.EKS_WAIT, state.image(), state.records(), applied.toMap(),
                    started.toEpochMilli());
        });
    }

    private DeploymentState awaitEks(DeploymentPlan plan, DeploymentState state) {
        EksDeployRequest request = plan.eks().apply(state.image());
        Instant started = Instant.ofEpochMilli(state.layerStartedAtEpochMillis());
        return attempt(plan, state, Layer.EKS, eksTarget(request), started, () -> finished(plan, state, Layer.EKS,
                eks().awaitRollout(request, EksApplied.fromMap(state.pending())), started));
    }

    /** Runs one phase; a deployment failure becomes the layer's failed record and ends the deployment. */
    private DeploymentState attempt(DeploymentPlan plan, DeploymentState state, Layer layer, String target,
            Instant started, Supplier<DeploymentState> phase) {
        try {
            return phase.get();
        } catch (InvalidInputException e) {
            throw e;
        } catch (DeployException e) {
            List<LayerRecord> records = new ArrayList<>(state.records());
            records.add(layers.failed(layer, plan.agent(), target, started, e));
            return finish(plan, state.image(), records);
        }
    }

    /** Records a finished layer and moves on to the next layer of the plan, or finishes. */
    private DeploymentState finished(DeploymentPlan plan, DeploymentState state, Layer layer, LayerResult result,
            Instant started) {
        List<LayerRecord> records = new ArrayList<>(state.records());
        records.add(layers.succeeded(plan.agent(), result, started));
        Phase next = layer == Layer.ECR && plan.agentCore() != null ? Phase.AGENTCORE_BEGIN
                : layer != Layer.EKS && plan.eks() != null ? Phase.EKS_APPLY : Phase.DONE;
        if (next == Phase.DONE) {
            return finish(plan, state.image(), records);
        }
        return new DeploymentState(next, state.image(), records, null, 0);
    }

    private static DeploymentState withImage(DeploymentState state, String image) {
        return new DeploymentState(state.phase(), image, state.records(), state.pending(),
                state.layerStartedAtEpochMillis());
    }

    /** Ends the deployment: after a failure, rolls back earlier layers in atomic mode and records skipped ones. */
    private DeploymentState finish(DeploymentPlan plan, String image, List<LayerRecord> records) {
        LayerRecord failed = records.stream().filter(r -> !r.succeeded()).findFirst().orElse(null);
        if (failed != null) {
            if (plan.atomic()) {
                rollBackEarlierLayers(plan, image, records, failed);
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
        return new DeploymentState(Phase.DONE, image, records, null, 0);
    }

    /** Restores the layers that succeeded before {@code failed}, newest first, and marks their records. */
    private void rollBackEarlierLayers(DeploymentPlan plan, String image, List<LayerRecord> records,
            LayerRecord failed) {
        String reason = "rolled back because the " + failed.layer().displayName() + " layer failed";
        succeeded(records, Layer.AGENTCORE).ifPresent(record ->
                replace(records, Layer.AGENTCORE, rollBackAgentCore(plan, image, record, reason)));
        if (failed.layer() != Layer.ECR) {
            succeeded(records, Layer.ECR).ifPresent(record ->
                    replace(records, Layer.ECR, rollBackPush(plan, record, reason)));
        }
    }

    private List<String> rollBackAgentCore(DeploymentPlan plan, String image, LayerRecord record, String reason) {
        List<String> notes = new ArrayList<>();
        notes.add(reason + ".");
        try {
            AgentCoreRollbackResult restored = agentCore().rollback(plan.agentCore().apply(image),
                    RecordedResults.agentCore(record));
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

    private List<String> rollBackPush(DeploymentPlan plan, LayerRecord record, String reason) {
        List<String> notes = new ArrayList<>();
        notes.add(reason + ".");
        try {
            notes.addAll(ecr().rollback(plan.push(), RecordedResults.push(record)));
        } catch (DeployException e) {
            String message = redactor.redact(e.getMessage());
            listener.error("ECR tag rollback failed: " + message);
            notes.add("Moving the tags back failed: " + message);
        }
        return notes;
    }

    private static Optional<LayerRecord> succeeded(List<LayerRecord> records, Layer layer) {
        return records.stream().filter(r -> r.layer() == layer && r.succeeded()).findFirst();
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

    private static boolean isStart(DeploymentPlan plan, DeploymentState state) {
        return state.records().isEmpty() && state.pending() == null
                && state.phase() == DeploymentState.start(plan).phase() && state.phase() != Phase.DONE;
    }

    /** Builds the later layers' requests with a placeholder image, so that bad input fails before any change. */
    private void validate(DeploymentPlan plan) {
        String placeholder = placeholderImage(plan);
        if (plan.agentCore() != null) {
            plan.agentCore().apply(placeholder);
        }
        if (plan.eks() != null) {
            plan.eks().apply(placeholder);
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

    private static String eksTarget(EksDeployRequest request) {
        return request.namespace().map(n -> n + "/").orElse("") + request.agent().kubernetesName();
    }

    private EcrPushService ecr() {
        return new EcrPushService(aws, docker, listener, redactor);
    }

    private AgentCoreDeployService agentCore() {
        return new AgentCoreDeployService(aws, listener, redactor);
    }

    private EksDeployService eks() {
        return new EksDeployService(kubernetes, listener, redactor);
    }
}
