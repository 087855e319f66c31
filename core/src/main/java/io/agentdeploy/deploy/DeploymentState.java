package io.agentdeploy.deploy;

import io.agentdeploy.report.DeploymentRecord;
import io.agentdeploy.report.Layer;
import io.agentdeploy.report.LayerRecord;
import io.agentdeploy.report.PlainValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How far a deployment has come, between two calls of {@link AgentDeployer#advance}: the next phase,
 * the image the later layers deploy, the records of the layers done so far, and the first half of the
 * layer in progress (the pushed image, the begun AgentCore version or the applied Kubernetes objects).
 * Plain values only and no secret, so that a caller can keep it across a restart of its process
 * ({@link #toMap()} and {@link #fromMap(Map)}) and continue with the same plan.
 *
 * @param phase the phase {@link AgentDeployer#advance} runs next
 * @param image the image reference the AgentCore and Kubernetes layers deploy, or {@code null} before the push
 * @param records the records of the layers finished so far, in order
 * @param pending the first half of the layer in progress as plain values, or {@code null}
 * @param layerStartedAtEpochMillis when the layer in progress started, or 0
 */
public record DeploymentState(Phase phase, String image, List<LayerRecord> records, Map<String, Object> pending,
        long layerStartedAtEpochMillis) {

    /** The phases of a deployment, in order; the phases named {@code *_WAIT} and {@code SCAN} only wait. */
    public enum Phase {
        /** Validate every layer's input and build and push the image. */
        PUSH,
        /** Wait for the image scan, apply the gate and the remaining tags. */
        SCAN,
        /** Create or update the AgentCore runtime. */
        AGENTCORE_BEGIN,
        /** Wait until the new runtime version is READY, move the endpoints, run the smoke test. */
        AGENTCORE_WAIT,
        /** Render and apply the Kubernetes objects (or only render them). */
        EKS_APPLY,
        /** Wait for the rollout. */
        EKS_WAIT,
        /** Finished; {@link DeploymentState#records()} is the whole record. */
        DONE;

        /** The layer this phase belongs to, or {@code null} for {@link #DONE}. */
        public Layer layer() {
            return switch (this) {
                case PUSH, SCAN -> Layer.ECR;
                case AGENTCORE_BEGIN, AGENTCORE_WAIT -> Layer.AGENTCORE;
                case EKS_APPLY, EKS_WAIT -> Layer.EKS;
                case DONE -> null;
            };
        }

        /** Whether this phase only waits and re-reads its target, so that running it again is safe. */
        public boolean resumable() {
            return this == SCAN || this == AGENTCORE_WAIT || this == EKS_WAIT || this == DONE;
        }
    }

    public DeploymentState {
        records = List.copyOf(records);
        pending = pending == null ? null : PlainValues.copyMap(pending);
    }

    /** The state before anything ran: the first phase of the plan's first layer. */
    public static DeploymentState start(DeploymentPlan plan) {
        Phase first = plan.push() != null ? Phase.PUSH
                : plan.agentCore() != null ? Phase.AGENTCORE_BEGIN
                : plan.eks() != null ? Phase.EKS_APPLY : Phase.DONE;
        return new DeploymentState(first, plan.image(), List.of(), null, 0);
    }

    /** Whether the deployment has finished, successfully or not. */
    public boolean done() {
        return phase == Phase.DONE;
    }

    /** The record of the whole deployment so far. */
    public DeploymentRecord record(String agent) {
        return new DeploymentRecord(agent, records);
    }

    /** Returns the state as plain values. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("phase", phase.name());
        map.put("image", image);
        List<Object> recordMaps = new ArrayList<>();
        records.forEach(record -> recordMaps.add(record.toMap()));
        map.put("records", recordMaps);
        map.put("pending", pending == null ? null : PlainValues.copyMap(pending));
        map.put("layerStartedAtEpochMillis", layerStartedAtEpochMillis);
        return map;
    }

    /**
     * Rebuilds the state from {@link #toMap()}; numbers may come back as any {@link Number}.
     *
     * @throws IllegalArgumentException when the map is not a deployment state's map
     */
    @SuppressWarnings("unchecked")
    public static DeploymentState fromMap(Map<String, ?> map) {
        try {
            List<LayerRecord> records = new ArrayList<>();
            for (Object record : (List<?>) map.get("records")) {
                records.add(LayerRecord.fromMap((Map<String, ?>) record));
            }
            return new DeploymentState(Phase.valueOf((String) map.get("phase")), (String) map.get("image"), records,
                    (Map<String, Object>) map.get("pending"),
                    ((Number) map.get("layerStartedAtEpochMillis")).longValue());
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("Not a deployment state's map: " + e.getMessage(), e);
        }
    }
}
