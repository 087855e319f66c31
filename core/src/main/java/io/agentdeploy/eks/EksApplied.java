package io.agentdeploy.eks;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link EksDeployService#apply} changed and what {@link EksDeployService#awaitRollout} waits
 * for: the first half of a deployment in two phases. It contains plain values only, so a caller can
 * keep it across a restart of its process (the Jenkins plugin stores it with the step) and resume
 * the wait, which re-reads the Deployment from the cluster.
 *
 * @param namespace the namespace
 * @param deployment the Deployment watched
 * @param generation the Deployment's {@code metadata.generation} after the apply: the rollout is done when the
 *        controller has observed it
 * @param image the image deployed
 * @param previousRevision the Deployment's revision before the apply, or {@code null} when it was new
 * @param historyVersion the revision record written for this attempt ({@code agent-deploy.<deployment>.v<N>})
 * @param previousHistoryVersion the last good record before this attempt, the rollback target, or {@code null}
 *        on a first deployment
 * @param resources the objects applied, as {@code Kind/name}, in apply order
 * @param created the objects this attempt created, as {@code apiVersion/Kind/name}; a rollback deletes those
 *        the last good record does not have
 * @param changed whether any object was created or changed
 * @param notes warnings worth keeping with the record
 * @param appliedAt when the Deployment was applied, from which the rollout's duration is measured; {@code null}
 *        when unknown (a value stored by an older version), and then the duration counts from the start of the watch
 */
public record EksApplied(
        String namespace,
        String deployment,
        long generation,
        String image,
        Long previousRevision,
        int historyVersion,
        Integer previousHistoryVersion,
        List<String> resources,
        List<String> created,
        boolean changed,
        List<String> notes,
        Instant appliedAt) implements Serializable {

    private static final long serialVersionUID = 1L;

    public EksApplied {
        resources = List.copyOf(resources);
        created = List.copyOf(created);
        notes = List.copyOf(notes);
    }

    /** Returns the values as a map of plain values, for callers that persist maps. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("namespace", namespace);
        map.put("deployment", deployment);
        map.put("generation", generation);
        map.put("image", image);
        map.put("previousRevision", previousRevision);
        map.put("historyVersion", historyVersion);
        map.put("previousHistoryVersion", previousHistoryVersion);
        map.put("resources", new ArrayList<>(resources));
        map.put("created", new ArrayList<>(created));
        map.put("changed", changed);
        map.put("notes", new ArrayList<>(notes));
        map.put("appliedAtEpochMillis", appliedAt == null ? null : appliedAt.toEpochMilli());
        return map;
    }

    /**
     * Rebuilds the value from {@link #toMap()}; numbers may come back as any {@link Number}. A map
     * without {@code appliedAtEpochMillis} gives a {@code null} {@link #appliedAt()}.
     */
    @SuppressWarnings("unchecked")
    public static EksApplied fromMap(Map<String, ?> map) {
        Number appliedAt = (Number) map.get("appliedAtEpochMillis");
        return new EksApplied((String) map.get("namespace"), (String) map.get("deployment"),
                ((Number) map.get("generation")).longValue(), (String) map.get("image"),
                map.get("previousRevision") == null ? null : ((Number) map.get("previousRevision")).longValue(),
                ((Number) map.get("historyVersion")).intValue(),
                map.get("previousHistoryVersion") == null ? null : ((Number) map.get("previousHistoryVersion")).intValue(),
                (List<String>) map.get("resources"), (List<String>) map.get("created"), (Boolean) map.get("changed"),
                (List<String>) map.get("notes"), appliedAt == null ? null : Instant.ofEpochMilli(appliedAt.longValue()));
    }
}
