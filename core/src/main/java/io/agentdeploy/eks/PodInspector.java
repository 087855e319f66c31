package io.agentdeploy.eks;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a pod of the new ReplicaSet shows a failure that waiting will not fix. Such
 * failures are an image that cannot be pulled, a container configuration error, a crash loop past
 * the restart threshold, and a pod that stays unschedulable past a grace window.
 */
final class PodInspector {

    /** Waiting reasons the kubelet reports for failures that need a new image or configuration. */
    static final Set<String> TERMINAL_WAITING_REASONS = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
            "CreateContainerConfigError", "CreateContainerError", "RunContainerError");

    /** A failure seen on one pod. */
    record Problem(String pod, String container, String reason, String message) {

        /** Describes the problem in one sentence, for example "pod 'a-1' container 'agent' is in ImagePullBackOff: …". */
        String describe() {
            String subject = container == null ? "pod '" + pod + "'" : "pod '" + pod + "' container '" + container + "'";
            String detail = message == null || message.isBlank() ? "" : ": " + message;
            return subject + " is in " + reason + detail;
        }
    }

    private final RolloutPolicy policy;
    private final Map<String, Instant> unschedulableSince = new HashMap<>();

    PodInspector(RolloutPolicy policy) {
        this.policy = policy;
    }

    /** Returns the first failure among the pods, in pod order. */
    Optional<Problem> inspect(List<Pod> pods, Instant now) {
        for (Pod pod : pods) {
            Optional<Problem> problem = inspect(pod, now);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    private Optional<Problem> inspect(Pod pod, Instant now) {
        String name = pod.getMetadata().getName();
        if (pod.getStatus() == null) {
            return Optional.empty();
        }
        for (ContainerStatus status : containerStatuses(pod)) {
            Optional<Problem> problem = inspect(name, status);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return unschedulable(pod, now);
    }

    private Optional<Problem> inspect(String pod, ContainerStatus status) {
        int restarts = status.getRestartCount() == null ? 0 : status.getRestartCount();
        if (status.getState() == null) {
            return Optional.empty();
        }
        var waiting = status.getState().getWaiting();
        if (waiting != null && waiting.getReason() != null) {
            if (TERMINAL_WAITING_REASONS.contains(waiting.getReason())) {
                return Optional.of(new Problem(pod, status.getName(), waiting.getReason(), waiting.getMessage()));
            }
            if (waiting.getReason().equals("CrashLoopBackOff") && restarts >= policy.restartThreshold()) {
                return Optional.of(new Problem(pod, status.getName(), "CrashLoopBackOff",
                        "restarted " + Plurals.count(restarts, "time") + "; " + waiting.getMessage()));
            }
        }
        var terminated = status.getState().getTerminated();
        if (terminated != null && terminated.getExitCode() != null && terminated.getExitCode() != 0
                && restarts >= policy.restartThreshold()) {
            String reason = terminated.getReason() == null ? "Error" : terminated.getReason();
            return Optional.of(new Problem(pod, status.getName(), reason,
                    "exited with code " + terminated.getExitCode() + " after " + Plurals.count(restarts, "restart")));
        }
        return Optional.empty();
    }

    private Optional<Problem> unschedulable(Pod pod, Instant now) {
        String uid = pod.getMetadata().getUid();
        PodCondition scheduled = condition(pod, "PodScheduled");
        if (scheduled == null || !"False".equals(scheduled.getStatus()) || !"Unschedulable".equals(scheduled.getReason())) {
            unschedulableSince.remove(uid);
            return Optional.empty();
        }
        Instant since = unschedulableSince.computeIfAbsent(uid, key -> now);
        Duration waited = Duration.between(since, now);
        if (waited.compareTo(policy.unschedulableGrace()) < 0) {
            return Optional.empty();
        }
        return Optional.of(new Problem(pod.getMetadata().getName(), null, "Unschedulable",
                scheduled.getMessage() + " (for " + Durations.format(waited) + ")"));
    }

    static List<ContainerStatus> containerStatuses(Pod pod) {
        List<ContainerStatus> statuses = new ArrayList<>();
        if (pod.getStatus() != null) {
            if (pod.getStatus().getInitContainerStatuses() != null) {
                statuses.addAll(pod.getStatus().getInitContainerStatuses());
            }
            if (pod.getStatus().getContainerStatuses() != null) {
                statuses.addAll(pod.getStatus().getContainerStatuses());
            }
        }
        return statuses;
    }

    static PodCondition condition(Pod pod, String type) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }
}
