package io.agentdeploy.agentcore;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state between {@link AgentCoreDeployService#begin} and {@link AgentCoreDeployService#complete}:
 * which runtime was created or updated to which version, what the endpoints served before, and
 * when the deployment started. It holds only plain values, so that the Jenkins plugin can keep it
 * across a controller restart ({@link #toMap()} and {@link #fromMap(Map)}, or Java serialization).
 * It contains no secret.
 *
 * @param region the AWS region
 * @param runtimeName the runtime name
 * @param runtimeId the runtime id
 * @param runtimeArn the runtime ARN
 * @param targetVersion the version to wait for: the new one, or the current one when nothing changed
 * @param previousVersion the version current before, or {@code null} when this deployment created the runtime
 * @param changed whether a create or update call was made
 * @param created whether this deployment created the runtime
 * @param executionRoleArn the execution role the version runs with
 * @param roleChanged whether this deployment created or changed the execution role
 * @param tagsChanged whether this deployment added or changed tags of an existing runtime
 * @param endpointVersions the version each endpoint to be moved served before; endpoints that did not exist are absent
 * @param startedAtEpochMillis when the deployment started; the request's timeout counts from here
 * @param notes warnings so far, for the record
 */
public record AgentCoreBegun(
        String region,
        String runtimeName,
        String runtimeId,
        String runtimeArn,
        String targetVersion,
        String previousVersion,
        boolean changed,
        boolean created,
        String executionRoleArn,
        boolean roleChanged,
        boolean tagsChanged,
        Map<String, String> endpointVersions,
        long startedAtEpochMillis,
        List<String> notes) implements Serializable {

    private static final long serialVersionUID = 1L;

    public AgentCoreBegun {
        endpointVersions = endpointVersions == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(endpointVersions));
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** Returns the state as plain values (String, Number, Boolean, Map, List). */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("region", region);
        map.put("runtimeName", runtimeName);
        map.put("runtimeId", runtimeId);
        map.put("runtimeArn", runtimeArn);
        map.put("targetVersion", targetVersion);
        map.put("previousVersion", previousVersion);
        map.put("changed", changed);
        map.put("created", created);
        map.put("executionRoleArn", executionRoleArn);
        map.put("roleChanged", roleChanged);
        map.put("tagsChanged", tagsChanged);
        map.put("endpointVersions", new LinkedHashMap<>(endpointVersions));
        map.put("startedAtEpochMillis", startedAtEpochMillis);
        map.put("notes", new ArrayList<>(notes));
        return map;
    }

    /** Rebuilds the state from {@link #toMap()}. */
    @SuppressWarnings("unchecked")
    public static AgentCoreBegun fromMap(Map<String, Object> map) {
        return new AgentCoreBegun((String) map.get("region"), (String) map.get("runtimeName"),
                (String) map.get("runtimeId"), (String) map.get("runtimeArn"), (String) map.get("targetVersion"),
                (String) map.get("previousVersion"), Boolean.TRUE.equals(map.get("changed")),
                Boolean.TRUE.equals(map.get("created")), (String) map.get("executionRoleArn"),
                Boolean.TRUE.equals(map.get("roleChanged")), Boolean.TRUE.equals(map.get("tagsChanged")),
                (Map<String, String>) map.get("endpointVersions"),
                ((Number) map.get("startedAtEpochMillis")).longValue(), (List<String>) map.get("notes"));
    }
}
