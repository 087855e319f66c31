package io.agentdeploy.testkit.agentcore;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentdeploy.testkit.aws.Json;
import java.time.Instant;

/** One runtime endpoint held by the double: which version it serves and which it is moving to. */
final class EndpointRecord {

    final String name;
    final String id;
    final String arn;
    final String runtimeArn;
    final Instant createdAt;
    String description;
    String liveVersion;
    String targetVersion;
    String status;
    String failureReason;
    Instant lastUpdatedAt;
    Transition pending;

    EndpointRecord(String name, String id, String arn, String runtimeArn, Instant createdAt) {
        this.name = name;
        this.id = id;
        this.arn = arn;
        this.runtimeArn = runtimeArn;
        this.createdAt = createdAt;
        this.lastUpdatedAt = createdAt;
    }

    /** Returns the GetAgentRuntimeEndpoint response, which is also the list summary. */
    ObjectNode toJson() {
        ObjectNode json = Json.object()
                .put("name", name)
                .put("id", id)
                .put("agentRuntimeEndpointArn", arn)
                .put("agentRuntimeArn", runtimeArn)
                .put("status", status)
                .put("createdAt", AgentCoreControlDouble.timestamp(createdAt))
                .put("lastUpdatedAt", AgentCoreControlDouble.timestamp(lastUpdatedAt));
        putIfPresent(json, "liveVersion", liveVersion);
        putIfPresent(json, "targetVersion", targetVersion);
        putIfPresent(json, "description", description);
        putIfPresent(json, "failureReason", failureReason);
        return json;
    }

    private static void putIfPresent(ObjectNode json, String field, String value) {
        if (value != null) {
            json.put(field, value);
        }
    }
}
