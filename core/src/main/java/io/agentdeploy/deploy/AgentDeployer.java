package io.agentdeploy.deploy;

import io.agentdeploy.agentcore.AgentCoreBegun;
import io.agentdeploy.agentcore.AgentCoreDeployRequest;
import io.agentdeploy.agentcore.AgentCoreDeployService;
import io.agentdeploy.agentcore.AgentCoreRollbackResult;
import io.agentdeploy.aws.AwsClients;
import io.agentdeploy.aws.MutationGuard;
import io.agentdeploy.deploy.DeploymentState.Phase;
import io.agentdeploy.ecr.DockerClientFactory;
import io.agentdeploy.ecr.EcrPushResult;
import io.agentdeploy.ecr.EcrPushService;
import io.agentdeploy.ecr.EcrPushedImage;
import io.agentdeploy.eks.EksApplied;
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
import io.agentdeploy.report.LayerResult;
import io.agentdeploy.report.LayerStatus;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Deploys one agent through all layers in order (ECR, AgentCore, Kubernetes), handing the pushed
 * image on by digest, and stops at the first failure: the layers after it are recorded as skipped.
 * In atomic mode a failure also rolls back the layers already deployed, newest first, so AgentCore
 * and Kubernetes keep serving the same image.
 *
 * <p>Every layer's input is checked before anything changes, the Kubernetes layer's against the
 * cluster (files, access, namespace).
 *
 * <p>{@link #deploy} runs everything in one call. When the plan deploys to Kubernetes, two such
 * deployments of the same agent are serialized by a lock in the cluster ({@link DeploymentLease}),
 * taken only once a change is needed: see {@link SerializedLayers}. The push runs before the lock; it
 * only adds images and moves tags.
 *
 * <p>{@link #advance} runs one phase at a time and returns a {@link DeploymentState} of plain values,
 * so that a caller such as a Jenkins step can save it before each wait and continue after a restart,
 * in another process, with the same plan. It takes no lock: the caller serializes its runs (a Jenkins
 * job with {@code disableConcurrentBuilds}, or a {@code lock} step).
 */
public final class AgentDeployer {

    /** A syntactically valid reference used only to validate the later layers' input up front. */
    static final String PLACEHOLDER_DIGEST = "@sha256:" + "0".repeat(64);
    /** How long a deployment waits for another deployment of the same agent by default. */
    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofMinutes(20);
    /** Maximum wait for the lock, the same limit as the AgentCore layer's timeout. */
    static final Duration MAX_LOCK_WAIT = Duration.ofHours(24);

    private final AwsClients aws;
    private final DockerClientFactory docker;
    private final KubernetesClients kubernetes;
    private final ProgressListener listener;
    private final Redactor redactor;
    private final Clock clock;
    private final LayerRun layers;
    private Duration lockWait = DEFAULT_LOCK_WAIT;
    private Consumer<Layer> layerObserver = layer -> { };

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
     * @throws InvalidInputException when any layer's input is invalid; nothing was changed
     */
    public DeploymentRecord deploy(DeploymentPlan plan) {
        Step direct = new Step(listener, kubernetes, MutationGuard.NONE, layers, () -> { });
        Instant checkStarted = layers.now();
        EksDeployRequest checkedEks;
        DeploymentLease lease;
        try {
            checkedEks = validate(plan);
            lease = checkedEks == null || checkedEks.renderTo().isPresent() ? null
                    : DeploymentLease.open(kubernetes, checkedEks, listener, redactor, clock);
        } catch (InvalidInputException e) {
            throw e;
        } catch (DeployException e) {
            // The cluster could not be checked (access refused, server unreachable): nothing ran yet.
            return failedBefore(plan, DeploymentState.start(plan), Layer.EKS, eksTarget(plan.eks().apply(
                    placeholderImage(plan))), checkStarted, e, direct);
        }
        try {
            DeploymentState state = DeploymentState.start(plan);
            while (state.phase() == Phase.PUSH || state.phase() == Phase.SCAN) {
                state = step(plan, state, direct);
            }
            if (!state.done()) {
                DeploymentState pushed = state;
                Instant lockStarted = layers.now();
                try {
                    state = new SerializedLayers(aws, kubernetes, lease, listener, lockWait).run((out, clients, guard) ->
                            runToEnd(plan, pushed, new Step(out, clients, guard, new LayerRun(out, redactor, clock),
                                    out::release)));
                } catch (InvalidInputException e) {
                    throw e;
                } catch (DeployException e) {
                    // The deployment lock could not be taken; the layers after the push did not run.
                    return failedBefore(plan, pushed, pushed.phase().layer(), lease.namespace() + "/"
                            + lease.name(), lockStarted, e, direct);
                }
            }
            return state.record(plan.agent());
        } finally {
            if (lease != null) {
                lease.close();
            }
        }
    }

    /**
     * Records {@code layer} as failed with a failure that came before its first phase, then ends the
     * deployment as after any failure (rollback of earlier layers in atomic mode, skipped layers).
     */
    private DeploymentRecord failedBefore(DeploymentPlan plan, DeploymentState state, Layer layer, String target,
            Instant started, DeployException failure, Step run) {
        List<LayerRecord> records = new ArrayList<>(state.records());
        records.add(run.layers().failed(layer, plan.agent(), target, started, failure));
        return finish(plan, state.image(), records, run).record(plan.agent());
    }

    /**
     * Waits at most this long for another deployment of the same agent to release the deployment lock.
     * Default: {@link #DEFAULT_LOCK_WAIT}.
     */
    public AgentDeployer lockWait(Duration wait) {
        if (wait == null || wait.isNegative() || wait.compareTo(MAX_LOCK_WAIT) > 0) {
            throw new InvalidInputException("lock wait", String.valueOf(wait), "the wait for the deployment lock"
                    + " must be from 0s to 24h.", "Pass a duration such as 10m, or 0s not to wait.");
        }
        this.lockWait = wait;
        return this;
    }

    /**
     * Tells {@code observer} the layer of each phase before the phase runs, for example so that an
     * interruption can name the layer it stopped.
     */
    public AgentDeployer onLayer(Consumer<Layer> observer) {
        this.layerObserver = observer == null ? layer -> { } : observer;
        return this;
    }

    /**
     * The output and clients of one run of the phases: the deployer's own, or, in the looking run of
     * {@link SerializedLayers}, a buffering listener and a guard that stops every change.
     */
    private record Step(ProgressListener out, KubernetesClients clients, MutationGuard guard, LayerRun layers,
            Runnable beforeWait) { }

    private DeploymentState runToEnd(DeploymentPlan plan, DeploymentState from, Step run) {
        DeploymentState state = from;
        while (!state.done()) {
            state = step(plan, state, run);
        }
        return state;
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
        return step(plan, state, new Step(listener, kubernetes, MutationGuard.NONE, layers, () -> { }));
    }

    private DeploymentState step(DeploymentPlan plan, DeploymentState state, Step run) {
        if (state.phase().layer() != null) {
            layerObserver.accept(state.phase().layer());
        }
        if (state.phase() == Phase.AGENTCORE_WAIT || state.phase() == Phase.EKS_WAIT) {
            run.beforeWait().run();
        }
        return switch (state.phase()) {
            case PUSH -> push(plan, state, run);
            case SCAN -> scan(plan, state, run);
            case AGENTCORE_BEGIN -> beginAgentCore(plan, state, run);
            case AGENTCORE_WAIT -> completeAgentCore(plan, state, run);
            case EKS_APPLY -> applyEks(plan, state, run);
            case EKS_WAIT -> awaitEks(plan, state, run);
            case DONE -> state;
        };
    }

    private DeploymentState push(DeploymentPlan plan, DeploymentState state, Step run) {
        run.out().lifecycle("Deploying layer ECR");
        Instant started = run.layers().now();
        return attempt(plan, state, run, Layer.ECR, plan.push().repository(), started, () -> {
            EcrPushedImage pushed = ecr(run).pushImage(plan.push());
            return new DeploymentState(Phase.SCAN, state.image(), state.records(), pushed.toMap(),
                    started.toEpochMilli());
        });
    }

    private DeploymentState scan(DeploymentPlan plan, DeploymentState state, Step run) {
        Instant started = Instant.ofEpochMilli(state.layerStartedAtEpochMillis());
        return attempt(plan, state, run, Layer.ECR, plan.push().repository(), started, () -> {
            EcrPushResult result = ecr(run).completePush(plan.push(), EcrPushedImage.fromMap(state.pending()));
            return finished(plan, withImage(state, result.imageRef()), run, Layer.ECR, result, started);
        });
    }

    private DeploymentState beginAgentCore(DeploymentPlan plan, DeploymentState state, Step run) {
        run.out().lifecycle("Deploying layer AgentCore");
        AgentCoreDeployRequest request = plan.agentCore().apply(state.image());
        Instant started = run.layers().now();
        return attempt(plan, state, run, Layer.AGENTCORE, request.runtimeName(), started, () -> {
            AgentCoreBegun begun = agentCore(run).begin(request);
            return new DeploymentState(Phase.AGENTCORE_WAIT, state.image(), state.records(), begun.toMap(),
                    started.toEpochMilli());
        });
    }

    private DeploymentState completeAgentCore(DeploymentPlan plan, DeploymentState state, Step run) {
        AgentCoreDeployRequest request = plan.agentCore().apply(state.image());
        Instant started = Instant.ofEpochMilli(state.layerStartedAtEpochMillis());
        return attempt(plan, state, run, Layer.AGENTCORE, request.runtimeName(), started, () -> finished(plan, state,
                run, Layer.AGENTCORE, agentCore(run).complete(request, AgentCoreBegun.fromMap(state.pending())),
                started));
    }

    private DeploymentState applyEks(DeploymentPlan plan, DeploymentState state, Step run) {
        run.out().lifecycle("Deploying layer EKS");
        EksDeployRequest request = plan.eks().apply(state.image());
        Instant started = run.layers().now();
        return attempt(plan, state, run, Layer.EKS, eksTarget(request), started, () -> {
            if (request.renderTo().isPresent()) {
                return finished(plan, state, run, Layer.EKS, eks(run).render(request), started);
            }
            EksApplied applied = eks(run).apply(request);
            return new DeploymentState(Phase.EKS_WAIT, state.image(), state.records(), applied.toMap(),
                    started.toEpochMilli());
        });
    }

    private DeploymentState awaitEks(DeploymentPlan plan, DeploymentState state, Step run) {
        EksDeployRequest request = plan.eks().apply(state.image());
        Instant started = Instant.ofEpochMilli(state.layerStartedAtEpochMillis());
        return attempt(plan, state, run, Layer.EKS, eksTarget(request), started, () -> finished(plan, state, run,
                Layer.EKS, eks(run).awaitRollout(request, EksApplied.fromMap(state.pending())), started));
    }

    /** Runs one phase; a deployment failure becomes the layer's failed record and ends the deployment. */
    private DeploymentState attempt(DeploymentPlan plan, DeploymentState state, Step run, Layer layer, String target,
            Instant started, Supplier<DeploymentState> phase) {
        try {
            return phase.get();
        } catch (InvalidInputException e) {
            throw e;
        } catch (DeployException e) {
            List<LayerRecord> records = new ArrayList<>(state.records());
            records.add(run.layers().failed(layer, plan.agent(), target, started, e));
            return finish(plan, state.image(), records, run);
        }
    }

    /** Records a finished layer and moves on to the next layer of the plan, or finishes. */
    private DeploymentState finished(DeploymentPlan plan, DeploymentState state, Step run, Layer layer,
            LayerResult result, Instant started) {
        List<LayerRecord> records = new ArrayList<>(state.records());
        records.add(run.layers().succeeded(plan.agent(), result, started));
        Phase next = layer == Layer.ECR && plan.agentCore() != null ? Phase.AGENTCORE_BEGIN
                : layer != Layer.EKS && plan.eks() != null ? Phase.EKS_APPLY : Phase.DONE;
        if (next == Phase.DONE) {
            return finish(plan, state.image(), records, run);
        }
        return new DeploymentState(next, state.image(), records, null, 0);
    }

    private static DeploymentState withImage(DeploymentState state, String image) {
        return new DeploymentState(state.phase(), image, state.records(), state.pending(),
                state.layerStartedAtEpochMillis());
    }

    /** Ends the deployment: after a failure, rolls back earlier layers in atomic mode and records skipped ones. */
    private DeploymentState finish(DeploymentPlan plan, String image, List<LayerRecord> records, Step run) {
        LayerRecord failed = records.stream().filter(r -> !r.succeeded()).findFirst().orElse(null);
        if (failed == null && !records.isEmpty() && records.stream().allMatch(r -> r.status() == LayerStatus.UNCHANGED)) {
            run.out().lifecycle("Deployment of " + plan.agent() + " changed nothing: no layer made a change.");
        }
        if (failed != null) {
            if (plan.atomic()) {
                rollBackEarlierLayers(plan, image, records, failed, run);
            } else if (records.indexOf(failed) > 0) {
                run.out().warning("Not rolling back the layers before " + failed.layer().displayName()
                        + ": atomic mode is off, so they keep what this deployment changed.");
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

    /**
     * Restores the layers that succeeded before {@code failed}, newest first, and marks their records:
     * rolled back when the restore is complete, else left succeeded with notes saying what was not restored.
     */
    private void rollBackEarlierLayers(DeploymentPlan plan, String image, List<LayerRecord> records,
            LayerRecord failed, Step run) {
        Optional<LayerRecord> agentCore = changed(records, Layer.AGENTCORE);
        Optional<LayerRecord> push = failed.layer() == Layer.ECR ? Optional.empty() : changed(records, Layer.ECR);
        if (agentCore.isEmpty() && push.isEmpty()) {
            return;
        }
        // A rollback changes state, so a looking run stops here and runs again under the deployment lock.
        run.guard().beforeMutation("agent-deploy", "rollback");
        String reason = "rolled back because the " + failed.layer().displayName() + " layer failed";
        agentCore.ifPresent(record -> replace(records, Layer.AGENTCORE, rollBackAgentCore(plan, image, record, reason,
                run)));
        push.ifPresent(record -> replace(records, Layer.ECR, rollBackPush(plan, record, reason, run)));
    }

    /** The outcome of a rollback: its notes, and whether the layer is back where it was. */
    private record Restore(List<String> notes, boolean complete) { }

    private Restore rollBackAgentCore(DeploymentPlan plan, String image, LayerRecord record, String reason,
            Step run) {
        List<String> notes = new ArrayList<>();
        notes.add(reason + ".");
        try {
            AgentCoreRollbackResult restored = agentCore(run).rollback(plan.agentCore().apply(image),
                    RecordedResults.agentCore(record));
            notes.addAll(restored.notes());
            if (!restored.complete()) {
                notes.add("The AgentCore rollback is incomplete; see the notes above.");
            }
            return new Restore(notes, restored.complete());
        } catch (DeployException e) {
            String message = redactor.redact(e.getMessage());
            run.out().error("AgentCore rollback failed: " + message);
            notes.add("The AgentCore rollback failed: " + message);
            return new Restore(notes, false);
        }
    }

    private Restore rollBackPush(DeploymentPlan plan, LayerRecord record, String reason, Step run) {
        List<String> notes = new ArrayList<>();
        notes.add(reason + ".");
        try {
            List<String> restored = ecr(run).rollback(plan.push(), RecordedResults.push(record));
            if (restored.isEmpty()) {
                return new Restore(List.of("No tag named another image before this push, so none was moved back;"
                        + " the pushed image keeps its tags."), false);
            }
            notes.addAll(restored);
            return new Restore(notes, true);
        } catch (DeployException e) {
            String message = redactor.redact(e.getMessage());
            run.out().error("ECR tag rollback failed: " + message);
            notes.add("Moving the tags back failed: " + message);
            return new Restore(notes, false);
        }
    }

    /** Returns the layer's record when it succeeded with a change; an unchanged layer has nothing to restore. */
    private static Optional<LayerRecord> changed(List<LayerRecord> records, Layer layer) {
        return records.stream().filter(r -> r.layer() == layer && r.succeeded() && r.status() != LayerStatus.UNCHANGED)
                .findFirst();
    }

    /**
     * Adds the rollback's notes to a succeeded layer's record and marks it rolled back when the
     * restore is complete. After an incomplete restore the record stays succeeded, because part of
     * the new state is still in place.
     */
    private static void replace(List<LayerRecord> records, Layer layer, Restore restore) {
        for (int i = 0; i < records.size(); i++) {
            LayerRecord record = records.get(i);
            if (record.layer() == layer) {
                List<String> notes = new ArrayList<>(record.notes());
                notes.addAll(restore.notes());
                LayerStatus status = restore.complete() ? LayerStatus.ROLLED_BACK : record.status();
                records.set(i, new LayerRecord(record.layer(), record.agent(), record.target(), status,
                        record.startedAt(), record.duration(), record.summary(), record.details(), notes,
                        record.error()));
            }
        }
    }

    private static boolean isStart(DeploymentPlan plan, DeploymentState state) {
        return state.records().isEmpty() && state.pending() == null
                && state.phase() == DeploymentState.start(plan).phase() && state.phase() != Phase.DONE;
    }

    /**
     * Builds the later layers' requests with a placeholder image and checks the Kubernetes layer's
     * input against the cluster, so that bad input fails before any change.
     *
     * @return the checked Kubernetes request, or {@code null} when the plan has no Kubernetes layer
     */
    private EksDeployRequest validate(DeploymentPlan plan) {
        String placeholder = placeholderImage(plan);
        if (plan.agentCore() != null) {
            plan.agentCore().apply(placeholder);
        }
        if (plan.eks() == null) {
            return null;
        }
        EksDeployRequest checked = plan.eks().apply(placeholder);
        new EksDeployService(kubernetes, ProgressListener.NONE, redactor).check(checked);
        return checked;
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

    private EcrPushService ecr(Step run) {
        return new EcrPushService(aws, docker, run.out(), redactor);
    }

    private AgentCoreDeployService agentCore(Step run) {
        return new AgentCoreDeployService(aws, run.out(), redactor);
    }

    private EksDeployService eks(Step run) {
        return new EksDeployService(run.clients(), run.out(), redactor);
    }
}
