package io.agentdeploy.testkit.kubernetes;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes and writes one Deployment's status as the Deployment controller does: replica counts
 * (zero counts left out, as the API server omits them), {@code observedGeneration}, and the
 * Available and Progressing conditions with stable timestamps. Writes only when the status changed.
 */
final class DeploymentStatusWriter {

    private final Map<String, DeploymentCondition> conditions = new LinkedHashMap<>();

    /**
     * @param newReplicaSet name of the ReplicaSet of the current template
     * @param desired {@code spec.replicas}
     * @param total pods of all the Deployment's ReplicaSets
     * @param updated pods of the new ReplicaSet
     * @param ready ready (and so available) pods of all ReplicaSets
     * @param deadlinePassed whether {@code progressDeadlineSeconds} passed since the last progress
     * @param replicaFailure why the new ReplicaSet cannot create pods (for example a quota), or {@code null}
     */
    void write(ControllerWrites writes, Deployment deployment, String newReplicaSet, int desired, int total, int updated,
            int ready, boolean deadlinePassed, String replicaFailure, Instant now) {
        int newReady = Math.min(ready, updated);
        boolean complete = updated == desired && total == desired && newReady >= desired;
        if (complete) {
            condition("Progressing", true, "NewReplicaSetAvailable",
                    "ReplicaSet \"" + newReplicaSet + "\" has successfully progressed.", now);
        } else if (deadlinePassed) {
            condition("Progressing", false, "ProgressDeadlineExceeded",
                    "ReplicaSet \"" + newReplicaSet + "\" has timed out progressing.", now);
        } else {
            condition("Progressing", true, "ReplicaSetUpdated", "ReplicaSet \"" + newReplicaSet + "\" is progressing.", now);
        }
        // With the default RollingUpdate strategy maxUnavailable is 25 %, rounded down.
        boolean available = ready >= desired - desired / 4;
        condition("Available", available, available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                available ? "Deployment has minimum availability." : "Deployment does not have minimum availability.", now);

        List<DeploymentCondition> written = new java.util.ArrayList<>(List.of(conditions.get("Available"),
                conditions.get("Progressing")));
        if (replicaFailure != null) {
            condition("ReplicaFailure", true, "FailedCreate", replicaFailure, now);
            written.add(conditions.get("ReplicaFailure"));
        } else {
            conditions.remove("ReplicaFailure");
        }
        DeploymentStatus status = new DeploymentStatusBuilder()
                .withObservedGeneration(deployment.getMetadata().getGeneration())
                .withReplicas(nullIfZero(total))
                .withUpdatedReplicas(nullIfZero(updated))
                .withReadyReplicas(nullIfZero(ready))
                .withAvailableReplicas(nullIfZero(ready))
                .withUnavailableReplicas(nullIfZero(Math.max(0, Math.max(total, desired) - ready)))
                .withConditions(written)
                .build();
        if (status.equals(deployment.getStatus())) {
            return;
        }
        writes.replaceStatus(deployment, status);
    }

    /** Sets a condition, keeping lastTransitionTime unless the status flips and lastUpdateTime unless the reason changes. */
    private void condition(String type, boolean value, String reason, String message, Instant now) {
        String status = value ? "True" : "False";
        String timestamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
        DeploymentCondition previous = conditions.get(type);
        String transition = previous != null && previous.getStatus().equals(status) ? previous.getLastTransitionTime() : timestamp;
        String update = previous != null && previous.getStatus().equals(status) && previous.getReason().equals(reason)
                ? previous.getLastUpdateTime() : timestamp;
        conditions.put(type, new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason)
                .withMessage(message).withLastTransitionTime(transition).withLastUpdateTime(update).build());
    }

    private static Integer nullIfZero(int value) {
        return value == 0 ? null : value;
    }
}
