package io.agentdeploy.agentcore;

import io.agentdeploy.report.Layer;
import io.agentdeploy.report.LayerResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of the AgentCore layer: the runtime and its version, the version it replaced, every
 * endpoint touched with its previous and new version, and the smoke test.
 *
 * @param runtimeName the runtime name
 * @param runtimeId the runtime id, {@code <name>-<10 characters>}
 * @param runtimeArn the runtime ARN
 * @param runtimeVersion the version now current, for example {@code "2"}
 * @param previousVersion the version that was current before this deployment, or {@code null} when it created the runtime
 * @param status the runtime status at the end, {@code READY} on success
 * @param endpointName the production endpoint
 * @param endpointArn the production endpoint's ARN
 * @param endpointLiveVersion the version the production endpoint serves
 * @param containerUri the image the version runs
 * @param region the AWS region
 * @param executionRoleArn the role the version runs with
 * @param endpoints every endpoint this deployment waited on, staging first, production last
 * @param smokeTest the passed smoke test, or {@code null} when none was requested
 * @param changed whether a runtime, endpoint, tag or role was created or updated
 * @param notes warnings worth keeping with the record, never containing an environment value
 */
public record AgentCoreDeployResult(
        String runtimeName,
        String runtimeId,
        String runtimeArn,
        String runtimeVersion,
        String previousVersion,
        String status,
        String endpointName,
        String endpointArn,
        String endpointLiveVersion,
        String containerUri,
        String region,
        String executionRoleArn,
        List<EndpointChange> endpoints,
        SmokeTestResult smokeTest,
        boolean changed,
        List<String> notes) implements LayerResult {

    public AgentCoreDeployResult {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    @Override
    public Layer layer() {
        return Layer.AGENTCORE;
    }

    @Override
    public String target() {
        return runtimeArn;
    }

    /** For example "runtime agentic_chat_enhanced-a1b2c3d4e5 version 2 (was 1) READY, endpoint DEFAULT". */
    @Override
    public String summary() {
        StringBuilder summary = new StringBuilder("runtime ").append(runtimeId).append(" version ").append(runtimeVersion);
        boolean replaced = previousVersion != null && !previousVersion.equals(runtimeVersion);
        if (replaced) {
            summary.append(" (was ").append(previousVersion).append(')');
        }
        summary.append(' ').append(status);
        if (previousVersion == null) {
            summary.append(" (created)");
        } else if (!changed) {
            summary.append(" (unchanged)");
        }
        summary.append(", endpoint ").append(endpointName);
        if (endpointLiveVersion != null && !endpointLiveVersion.equals(runtimeVersion)) {
            summary.append(" on version ").append(endpointLiveVersion);
        }
        for (EndpointChange endpoint : endpoints) {
            if (!endpoint.name().equals(endpointName)) {
                summary.append(", ").append(endpoint.name()).append(" on version ").append(endpoint.version());
            }
        }
        if (smokeTest != null) {
            summary.append(", smoke test passed (HTTP ").append(smokeTest.statusCode()).append(')');
        }
        return summary.toString();
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("runtimeName", runtimeName);
        map.put("runtimeId", runtimeId);
        map.put("runtimeArn", runtimeArn);
        map.put("runtimeVersion", runtimeVersion);
        map.put("previousVersion", previousVersion);
        map.put("status", status);
        map.put("endpointName", endpointName);
        map.put("endpointArn", endpointArn);
        map.put("endpointLiveVersion", endpointLiveVersion);
        map.put("containerUri", containerUri);
        map.put("region", region);
        map.put("executionRoleArn", executionRoleArn);
        List<Map<String, Object>> endpointMaps = new ArrayList<>();
        endpoints.forEach(endpoint -> endpointMaps.add(endpoint.toMap()));
        map.put("endpoints", endpointMaps);
        map.put("smokeTest", smokeTest == null ? null : smokeTest.toMap());
        map.put("changed", changed);
        return map;
    }
}
