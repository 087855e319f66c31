package io.agentdeploy.eks;

import io.agentdeploy.error.DeploymentCancelledException;
import io.agentdeploy.progress.ProgressListener;
import io.agentdeploy.progress.Redactor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Follows a Deployment's rollout with informers on the Deployment, its ReplicaSets and its pods,
 * re-evaluating on every change and on a short tick, until it is complete by the rule of
 * {@code kubectl rollout status}: {@code status.observedGeneration >= metadata.generation} of the
 * applied object, {@code updatedReplicas == spec.replicas}, {@code replicas == updatedReplicas}
 * and {@code availableReplicas >= updatedReplicas}.
 *
 * <p>It fails as soon as the cluster shows a failure: Progressing=False/ProgressDeadlineExceeded,
 * ReplicaFailure=True, or a pod of the new ReplicaSet that {@link PodInspector} judges terminal.
 * fabric8's {@code isReady}/{@code waitUntilReady} are not used: they skip the generation and
 * updated-replica checks and report an unfinished rollout as done.
 */
final class RolloutWatcher {

    static final String REVISION_ANNOTATION = "deployment.kubernetes.io/revision";

    /** The Deployment watched: namespace, name and the selector of its pods. */
    record Watched(String namespace, String name, Map<String, String> selectorLabels) {

        String qualifiedName() {
            return namespace + "/" + name;
        }
    }

    /**
     * A finished rollout.
     *
     * @param took the time from the change of the Deployment (or, when unknown, from the start of the watch) to the
     *        end of the rollout
     */
    record Rollout(long revision, int replicas, int readyReplicas, Duration took) {
    }

    /** One evaluation of the watched state. */
    private sealed interface State permits Waiting, Complete, Failed {
    }

    private record Waiting(String progress) implements State {
    }

    private record Complete(Deployment deployment) implements State {
    }

    private record Failed(String reason, String summary) implements State {
    }

    private final KubernetesClient client;
    private final KubernetesErrors errors;
    private final ProgressListener listener;
    private final Redactor redactor;
    private final RolloutPolicy policy;
    private final Clock clock;

    RolloutWatcher(KubernetesClient client, KubernetesErrors errors, ProgressListener listener, Redactor redactor,
            RolloutPolicy policy, Clock clock) {
        this.client = client;
        this.errors = errors;
        this.listener = listener;
        this.redactor = redactor;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * Waits until the rollout of the target's Deployment at {@code generation} is complete. The
     * timeout counts from the start of the watch.
     *
     * @param changedAt when the Deployment was changed, to report how long the rollout took; {@code null} to count
     *        from the start of the watch
     * @throws KubernetesDeployException when the rollout fails, the timeout passes (with diagnostics), or the API
     *         server stops responding (reason {@value KubernetesErrors#API_SERVER_LOST})
     * @throws DeploymentCancelledException when the thread is interrupted
     */
    Rollout await(Watched target, long generation, Duration timeout, Instant changedAt) {
        String namespace = target.namespace();
        Map<String, String> selector = target.selectorLabels();
        KubernetesErrors.Call watch = new KubernetesErrors.Call("watch", "deployments", namespace, target.name(),
                "watching the rollout of Deployment '" + target.qualifiedName() + "'");
        ApiServerMonitor monitor = new ApiServerMonitor(
                () -> client.apps().deployments().inNamespace(namespace).withName(target.name()).get(),
                policy.apiLossWindow(), clock);
        Semaphore changes = new Semaphore(0);
        ResourceEventHandler<HasMetadata> handler = new ResourceEventHandler<>() {
            @Override
            public void onAdd(HasMetadata object) {
                changed();
            }

            @Override
            public void onUpdate(HasMetadata oldObject, HasMetadata newObject) {
                changed();
            }

            @Override
            public void onDelete(HasMetadata object, boolean deletedFinalStateUnknown) {
                changed();
            }

            private void changed() {
                monitor.eventReceived();
                changes.release();
            }
        };
        try (SharedIndexInformer<Deployment> deployments = errors.call(watch,
                        () -> client.apps().deployments().inNamespace(namespace).withName(target.name()).inform(handler, 0));
                SharedIndexInformer<ReplicaSet> replicaSets = optional("replicasets", namespace,
                        () -> client.apps().replicaSets().inNamespace(namespace).withLabels(selector).inform(handler, 0));
                SharedIndexInformer<Pod> pods = optional("pods", namespace,
                        () -> client.pods().inNamespace(namespace).withLabels(selector).inform(handler, 0))) {
            Caches caches = new Caches(deployments, replicaSets, pods, target);
            return loop(target, generation, timeout, changedAt, changes, caches, monitor, watch);
        }
    }

    /** How often a rollout without progress is reported as still waiting. */
    static final Duration STILL_WAITING_EVERY = Duration.ofSeconds(15);

    private Rollout loop(Watched target, long generation, Duration timeout, Instant changedAt, Semaphore changes,
            Caches caches, ApiServerMonitor monitor, KubernetesErrors.Call watch) {
        Instant start = clock.instant();
        Instant deadline = start.plus(timeout);
        Instant measuredFrom = changedAt != null && changedAt.isBefore(start) ? changedAt : start;
        PodInspector inspector = new PodInspector(policy);
        String lastProgress = null;
        Instant lastShown = start;
        listener.lifecycle("Waiting up to " + Durations.format(timeout) + " for Deployment '" + target.qualifiedName()
                + "' to roll out.");
        while (true) {
            Instant now = clock.instant();
            State state = evaluate(target, generation, caches, inspector, now);
            if (state instanceof Complete complete) {
                return rollout(complete.deployment(), Duration.between(measuredFrom, now));
            }
            if (state instanceof Failed failed) {
                listener.debug("Rollout failure seen after " + Durations.format(Duration.between(start, now)));
                throw failure(target, caches, failed.reason(), failed.summary(), advice(failed.reason(), caches));
            }
            String progress = ((Waiting) state).progress();
            if (!progress.equals(lastProgress)) {
                listener.progress("Deployment '" + target.qualifiedName() + "': " + progress);
                lastProgress = progress;
                lastShown = now;
            } else if (!Duration.between(lastShown, now).minus(STILL_WAITING_EVERY).isNegative()) {
                // A rollout that makes no progress would otherwise print nothing until its deadline.
                listener.lifecycle("Still waiting for Deployment '" + target.qualifiedName() + "' ("
                        + Durations.format(Duration.between(start, now)) + " of " + Durations.format(timeout) + "): "
                        + progress);
                lastShown = now;
            }
            Optional<ApiServerMonitor.Loss> loss = errors.call(watch, () -> monitor.check(now));
            if (loss.isPresent()) {
                // Diagnostics and a rollback would need the lost server, so the failure is raised as it is.
                throw errors.apiServerLost(watch, loss.get());
            }
            Duration remaining = Duration.between(now, deadline);
            if (remaining.isNegative() || remaining.isZero()) {
                Duration waited = Duration.between(start, now);
                String conditions = caches.deployment().map(RolloutDiagnostics::conditions).orElse("");
                throw failure(target, caches, "Timeout", "timed out after " + Durations.format(waited) + " (limit "
                        + Durations.format(timeout) + "); last state: " + progress
                        + (conditions.isEmpty() ? "" : "; " + conditions), "Raise the timeout if the rollout needs longer.");
            }
            try {
                long wait = Math.min(remaining.toMillis(), policy.pollInterval().toMillis());
                if (changes.tryAcquire(Math.max(wait, 1), TimeUnit.MILLISECONDS)) {
                    changes.drainPermits();
                }
            } catch (InterruptedException e) {
                throw DeploymentCancelledException.interrupted("waiting for the rollout of Deployment '"
                        + target.qualifiedName() + "'");
            }
        }
    }

    private State evaluate(Watched target, long generation, Caches caches, PodInspector inspector, Instant now) {
        Optional<Deployment> found = caches.deployment();
        if (found.isEmpty()) {
            return new Failed("Deleted", "the Deployment was deleted while the rollout was watched");
        }
        Deployment deployment = found.get();
        var status = deployment.getStatus();
        long observed = status == null || status.getObservedGeneration() == null ? 0 : status.getObservedGeneration();
        if (observed < generation) {
            return new Waiting("waiting for the Deployment controller to observe generation " + generation
                    + " (observed " + observed + ")");
        }

        DeploymentCondition progressing = condition(deployment, "Progressing");
        if (progressing != null && "ProgressDeadlineExceeded".equals(progressing.getReason())) {
            return new Failed("ProgressDeadlineExceeded", "no progress within its progress deadline of "
                    + deployment.getSpec().getProgressDeadlineSeconds() + " s: " + progressing.getMessage());
        }
        DeploymentCondition replicaFailure = condition(deployment, "ReplicaFailure");
        if (replicaFailure != null && "True".equals(replicaFailure.getStatus())) {
            return new Failed(replicaFailure.getReason() == null ? "ReplicaFailure" : replicaFailure.getReason(),
                    "the ReplicaSet cannot create pods: " + replicaFailure.getMessage());
        }

        int desired = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        int updated = count(status.getUpdatedReplicas());
        int replicas = count(status.getReplicas());
        int available = count(status.getAvailableReplicas());
        if (updated >= desired && replicas == updated && available >= updated) {
            return new Complete(deployment);
        }

        Optional<PodInspector.Problem> problem = inspector.inspect(caches.newPods(), now);
        if (problem.isPresent() && !policy.tolerateFailuresUntilDeadline()) {
            return new Failed(problem.get().reason(), problem.get().describe());
        }
        String tolerated = problem.map(p -> "; tolerating until the progress deadline: " + p.describe()).orElse("");

        if (updated < desired) {
            return new Waiting(updated + " of " + Plurals.count(desired, "new replica") + " updated" + tolerated);
        }
        if (replicas > updated) {
            return new Waiting(Plurals.count(replicas - updated, "old replica") + " pending termination" + tolerated);
        }
        return new Waiting(available + " of " + Plurals.count(updated, "updated replica") + " available" + tolerated);
    }

    private KubernetesDeployException failure(Watched target, Caches caches, String reason, String summary,
            String advice) {
        List<String> diagnostics = caches.deployment()
                .map(deployment -> new RolloutDiagnostics(client, policy).collect(deployment, caches.newReplicaSetName(),
                        caches.newPods()))
                .orElse(List.of()).stream().map(redactor::redact).toList();
        diagnostics.forEach(listener::warning);
        StringBuilder message = new StringBuilder("Deployment '").append(target.qualifiedName())
                .append("' failed to roll out: ").append(summary).append(summary.endsWith(".") ? "" : ".");
        diagnostics.forEach(line -> message.append('\n').append(line));
        message.append('\n').append(advice);
        return new KubernetesDeployException(redactor.redact(message.toString()), target.namespace(), target.name(), reason,
                diagnostics, null);
    }

    private static String advice(String reason, Caches caches) {
        return switch (reason) {
            case "ErrImagePull", "ImagePullBackOff", "InvalidImageName" -> "Check that the image exists and that the"
                    + " cluster's nodes may pull it (for ECR, the node role needs ecr:BatchGetImage and"
                    + " ecr:GetDownloadUrlForLayer).";
            case "CrashLoopBackOff", "Error" -> "The container exits soon after it starts; its log lines above show why.";
            case "CreateContainerConfigError", "CreateContainerError", "RunContainerError" -> "A referenced ConfigMap,"
                    + " Secret or key is missing, or the image runs as root while the pod requires a non-root user.";
            case "Unschedulable" -> "No node has room for the pod: lower resources.requests or add capacity.";
            case "ProgressDeadlineExceeded" -> "The new pods did not become available in time; their state above shows"
                    + " why.";
            default -> caches.newPods().isEmpty() ? "Check the Deployment's events and the namespace's quotas."
                    : "Check the pods' state above.";
        };
    }

    private Rollout rollout(Deployment deployment, Duration waited) {
        Map<String, String> annotations = deployment.getMetadata().getAnnotations();
        String revision = annotations == null ? null : annotations.get(REVISION_ANNOTATION);
        int desired = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        return new Rollout(revision == null ? 0 : Long.parseLong(revision), desired,
                count(deployment.getStatus().getReadyReplicas()), waited);
    }

    /** Starts an informer, or returns null with a warning when RBAC forbids watching the resource. */
    private <T extends HasMetadata> SharedIndexInformer<T> optional(String resource, String namespace,
            Supplier<SharedIndexInformer<T>> start) {
        try {
            return start.get();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 403) {
                throw errors.translate(new KubernetesErrors.Call("watch", resource, namespace, null,
                        "watching " + resource + " in namespace '" + namespace + "'"), e);
            }
            listener.warning("Cannot watch " + resource + " in namespace '" + namespace + "' (403 Forbidden): failing"
                    + " pods are then found only by the progress deadline, and failure reports lack their details.");
            return null;
        }
    }

    private static DeploymentCondition condition(Deployment deployment, String type) {
        if (deployment.getStatus() == null || deployment.getStatus().getConditions() == null) {
            return null;
        }
        return deployment.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    private static int count(Integer value) {
        return value == null ? 0 : value;
    }

    /** The informers' caches, read by name, owner and revision. */
    private record Caches(SharedIndexInformer<Deployment> deployments, SharedIndexInformer<ReplicaSet> replicaSets,
            SharedIndexInformer<Pod> pods, Watched target) {

        Optional<Deployment> deployment() {
            return Optional.ofNullable(deployments.getStore().getByKey(target.namespace() + "/" + target.name()));
        }

        /** Returns the ReplicaSet the Deployment owns whose revision annotation equals the Deployment's. */
        Optional<ReplicaSet> newReplicaSet() {
            Optional<Deployment> deployment = deployment();
            if (deployment.isEmpty() || replicaSets == null) {
                return Optional.empty();
            }
            Map<String, String> annotations = deployment.get().getMetadata().getAnnotations();
            String revision = annotations == null ? null : annotations.get(REVISION_ANNOTATION);
            String uid = deployment.get().getMetadata().getUid();
            return replicaSets.getStore().list().stream()
                    .filter(rs -> ownedBy(rs, uid))
                    .filter(rs -> revision != null && rs.getMetadata().getAnnotations() != null
                            && revision.equals(rs.getMetadata().getAnnotations().get(REVISION_ANNOTATION)))
                    .findFirst();
        }

        String newReplicaSetName() {
            return newReplicaSet().map(rs -> rs.getMetadata().getName()).orElse(null);
        }

        /** Returns the pods the new ReplicaSet owns, oldest first. */
        List<Pod> newPods() {
            Optional<ReplicaSet> replicaSet = newReplicaSet();
            if (replicaSet.isEmpty() || pods == null) {
                return List.of();
            }
            String uid = replicaSet.get().getMetadata().getUid();
            List<Pod> owned = new ArrayList<>(pods.getStore().list().stream().filter(pod -> ownedBy(pod, uid)).toList());
            owned.sort(Comparator.comparing(pod -> String.valueOf(pod.getMetadata().getCreationTimestamp())));
            return owned;
        }

        private static boolean ownedBy(HasMetadata object, String uid) {
            List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
            return owners != null && owners.stream().anyMatch(owner -> uid.equals(owner.getUid()));
        }
    }
}
