package io.agentdeploy.eks;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Gathers what a user needs to see when a rollout fails. That is the Deployment's conditions and,
 * for each pod of the new ReplicaSet, the container states with their reasons and messages, the
 * last log lines of the current and previous container, and the Warning events.
 *
 * <p>Events are listed for the whole namespace and filtered here, because field selectors on
 * {@code involvedObject} are not honoured everywhere (the fabric8 mock server ignores them). A
 * diagnostic that cannot be read (for example logs without RBAC permission) becomes a note in the
 * output instead of hiding the rollout failure.
 */
final class RolloutDiagnostics {

    private final KubernetesClient client;
    private final RolloutPolicy policy;

    RolloutDiagnostics(KubernetesClient client, RolloutPolicy policy) {
        this.client = client;
        this.policy = policy;
    }

    /** Returns the diagnostic lines for the Deployment and the pods of its new ReplicaSet. */
    List<String> collect(Deployment deployment, String replicaSet, List<Pod> pods) {
        List<String> lines = new ArrayList<>();
        String namespace = deployment.getMetadata().getNamespace();
        String conditions = conditions(deployment);
        if (!conditions.isEmpty()) {
            lines.add("Deployment conditions: " + conditions);
        }
        List<Event> warnings = warningEvents(namespace, lines);
        addEvents(lines, warnings, Set.of(deployment.getMetadata().getName(), Objects.toString(replicaSet, "")), "");
        if (pods.isEmpty()) {
            lines.add("No pods of the new ReplicaSet" + (replicaSet == null ? "" : " '" + replicaSet + "'") + " exist yet.");
        }
        List<Pod> described = pods.subList(0, Math.min(pods.size(), policy.maxPodsDiagnosed()));
        for (Pod pod : described) {
            describePod(pod, warnings, lines);
        }
        if (pods.size() > described.size()) {
            lines.add("(" + Plurals.count(pods.size() - described.size(), "more pod") + " not shown)");
        }
        return lines;
    }

    /** Returns the Deployment's conditions in one line, for example {@code Available=False (MinimumReplicasUnavailable)}. */
    static String conditions(Deployment deployment) {
        if (deployment.getStatus() == null || deployment.getStatus().getConditions() == null) {
            return "";
        }
        return deployment.getStatus().getConditions().stream().map(RolloutDiagnostics::condition)
                .collect(Collectors.joining(", "));
    }

    private static String condition(DeploymentCondition condition) {
        String detail = condition.getReason() == null ? "" : " (" + condition.getReason()
                + (condition.getMessage() == null ? "" : ": " + condition.getMessage()) + ")";
        return condition.getType() + "=" + condition.getStatus() + detail;
    }

    private void describePod(Pod pod, List<Event> warnings, List<String> lines) {
        String name = pod.getMetadata().getName();
        String phase = pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Unknown" : pod.getStatus().getPhase();
        lines.add("Pod " + name + " (" + phase + "):");
        PodCondition scheduled = PodInspector.condition(pod, "PodScheduled");
        if (scheduled != null && "False".equals(scheduled.getStatus())) {
            lines.add("  not scheduled: " + scheduled.getReason() + ": " + scheduled.getMessage());
        }
        for (ContainerStatus status : PodInspector.containerStatuses(pod)) {
            int restarts = status.getRestartCount() == null ? 0 : status.getRestartCount();
            lines.add("  container '" + status.getName() + "': " + state(status.getState()) + ", restarts " + restarts);
            String last = state(status.getLastState());
            if (!last.equals("no state")) {
                lines.add("    last state: " + last);
            }
            if (started(status)) {
                addLog(lines, pod.getMetadata().getNamespace(), name, status.getName(), false);
            }
            if (restarts > 0) {
                addLog(lines, pod.getMetadata().getNamespace(), name, status.getName(), true);
            }
        }
        addEvents(lines, warnings, Set.of(name), "  ");
    }

    /** Returns whether the current container instance has run. A container waiting to start or restart has no log yet. */
    private static boolean started(ContainerStatus status) {
        ContainerState state = status.getState();
        return state != null && (state.getRunning() != null || state.getTerminated() != null);
    }

    private static String state(ContainerState state) {
        if (state == null) {
            return "no state";
        }
        if (state.getWaiting() != null) {
            return "waiting: " + state.getWaiting().getReason()
                    + (state.getWaiting().getMessage() == null ? "" : ": " + state.getWaiting().getMessage());
        }
        if (state.getTerminated() != null) {
            var terminated = state.getTerminated();
            return "terminated: " + (terminated.getReason() == null ? "Error" : terminated.getReason()) + " (exit code "
                    + terminated.getExitCode() + ")" + (terminated.getMessage() == null ? "" : ": " + terminated.getMessage());
        }
        if (state.getRunning() != null) {
            return "running" + (state.getRunning().getStartedAt() == null ? "" : " since " + state.getRunning().getStartedAt());
        }
        return "no state";
    }

    private void addLog(List<String> lines, String namespace, String pod, String container, boolean previous) {
        String title = previous ? "  log of the previous '" + container + "' container" : "  log of container '" + container + "'";
        String log;
        try {
            var resource = client.pods().inNamespace(namespace).withName(pod).inContainer(container);
            log = previous ? resource.terminated().tailingLines(policy.logLines()).getLog()
                    : resource.tailingLines(policy.logLines()).getLog();
        } catch (KubernetesClientException e) {
            lines.add(title + ": not available (" + e.getCode() + " " + reason(e) + ")");
            return;
        }
        if (log == null || log.isBlank()) {
            lines.add(title + ": empty");
            return;
        }
        List<String> logLines = log.lines().toList();
        lines.add(title + " (last " + Plurals.count(logLines.size(), "line") + "):");
        logLines.forEach(line -> lines.add("    | " + line));
    }

    private List<Event> warningEvents(String namespace, List<String> lines) {
        try {
            return client.v1().events().inNamespace(namespace).list().getItems().stream()
                    .filter(e -> "Warning".equals(e.getType()))
                    .sorted(Comparator.comparing(RolloutDiagnostics::eventTime))
                    .toList();
        } catch (KubernetesClientException e) {
            lines.add("Events: not available (" + e.getCode() + " " + reason(e) + ")");
            return List.of();
        }
    }

    private static void addEvents(List<String> lines, List<Event> events, Set<String> objects, String indent) {
        for (Event event : events) {
            if (event.getInvolvedObject() != null && objects.contains(event.getInvolvedObject().getName())) {
                int count = event.getCount() == null ? 1 : event.getCount();
                lines.add(indent + "Warning " + event.getReason() + ": " + event.getMessage() + (count > 1 ? " (x" + count + ")" : ""));
            }
        }
    }

    private static String eventTime(Event event) {
        String time = event.getLastTimestamp() != null ? event.getLastTimestamp() : event.getFirstTimestamp();
        return time == null ? "" : time;
    }

    private static String reason(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getReason() != null ? e.getStatus().getReason() : "error";
    }
}
