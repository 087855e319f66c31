package io.agentdeploy.testkit.agentcore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentdeploy.testkit.aws.AwsError;
import io.agentdeploy.testkit.aws.AwsRequest;
import io.agentdeploy.testkit.aws.AwsResponse;
import io.agentdeploy.testkit.aws.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * The runtime endpoint operations of {@link AgentCoreControlDouble}. An endpoint other than DEFAULT
 * serves the version it was created or last updated with. A call without a version takes the newest
 * one at the time of the call, and the endpoint does not follow later updates. Runs under the
 * double's lock.
 */
final class EndpointOperations {

    private final AgentCoreControlDouble control;

    EndpointOperations(AgentCoreControlDouble control) {
        this.control = control;
    }

    AwsResponse dispatch(String operation, Matcher path, AwsRequest request) {
        return switch (operation) {
            case "CreateAgentRuntimeEndpoint" -> control.replayable(operation, request,
                    () -> create(path.group(1), request));
            case "UpdateAgentRuntimeEndpoint" -> control.replayable(operation, request,
                    () -> update(path.group(1), path.group(2), request));
            case "GetAgentRuntimeEndpoint" -> get(path.group(1), path.group(2));
            case "ListAgentRuntimeEndpoints" -> list(path.group(1), request);
            case "DeleteAgentRuntimeEndpoint" -> control.replayable(operation, request,
                    () -> delete(path.group(1), path.group(2)));
            default -> throw new IllegalStateException("Not an endpoint operation: " + operation);
        };
    }

    private AwsResponse create(String runtimeId, AwsRequest request) {
        RuntimeRecord runtime = control.runtime(runtimeId);
        JsonNode body = Json.parse(request.body());
        String name = AgentCoreRules.name("name", AgentCoreRules.text(body, "name"));
        String requested = AgentCoreRules.version("agentRuntimeVersion", AgentCoreRules.text(body, "agentRuntimeVersion"));
        AgentCoreRules.description(body, 256);
        if (runtime.endpoints.containsKey(name)) {
            throw new AwsError(409, "ConflictException",
                    "An endpoint named '" + name + "' already exists for agent runtime '" + runtimeId + "'.");
        }
        if (runtime.endpoints.size() >= AgentCoreControlDouble.MAX_ENDPOINTS) {
            throw new AwsError(402, "ServiceQuotaExceededException", "Agent runtime '" + runtimeId
                    + "' has reached the quota of " + AgentCoreControlDouble.MAX_ENDPOINTS + " endpoints.");
        }
        String version = existingVersion(runtime, requested);
        Instant now = control.now();
        EndpointRecord endpoint = new EndpointRecord(name, name + "-" + control.randomSuffix(),
                control.endpointArn(runtimeId, name), runtime.arn, now);
        endpoint.description = AgentCoreRules.text(body, "description");
        endpoint.status = "CREATING";
        endpoint.targetVersion = version;
        endpoint.pending = new Transition(Transition.Kind.CREATE, now, null);
        runtime.endpoints.put(name, endpoint);

        ObjectNode response = Json.object()
                .put("targetVersion", version)
                .put("agentRuntimeEndpointArn", endpoint.arn)
                .put("agentRuntimeArn", runtime.arn)
                .put("agentRuntimeId", runtimeId)
                .put("endpointName", name)
                .put("status", endpoint.status)
                .put("createdAt", AgentCoreControlDouble.timestamp(now));
        return AgentCoreControlDouble.jsonResponse(202, response);
    }

    private AwsResponse update(String runtimeId, String name, AwsRequest request) {
        RuntimeRecord runtime = control.runtime(runtimeId);
        EndpointRecord endpoint = endpoint(runtime, name);
        JsonNode body = Json.parse(request.body());
        String requested = AgentCoreRules.version("agentRuntimeVersion", AgentCoreRules.text(body, "agentRuntimeVersion"));
        AgentCoreRules.description(body, 256);
        if (name.equals(AgentCoreControlDouble.DEFAULT_ENDPOINT)) {
            // NOTE: the service's response to pinning DEFAULT is not documented. DEFAULT always follows
            // the newest version, so the double rejects it.
            throw ValidationFailure.other("endpointName",
                    "The DEFAULT endpoint always serves the newest version and cannot be updated.");
        }
        if (endpoint.pending != null) {
            throw new AwsError(409, "ConflictException", "Endpoint '" + name + "' of agent runtime '" + runtimeId
                    + "' is " + endpoint.status + "; wait until the current change completes.");
        }
        Instant now = control.now();
        endpoint.targetVersion = existingVersion(runtime, requested);
        if (body.has("description")) {
            endpoint.description = AgentCoreRules.text(body, "description");
        }
        endpoint.status = "UPDATING";
        endpoint.failureReason = null;
        endpoint.lastUpdatedAt = now;
        endpoint.pending = new Transition(Transition.Kind.UPDATE, now, null);

        ObjectNode response = Json.object()
                .put("targetVersion", endpoint.targetVersion)
                .put("agentRuntimeEndpointArn", endpoint.arn)
                .put("agentRuntimeArn", runtime.arn)
                .put("status", endpoint.status)
                .put("createdAt", AgentCoreControlDouble.timestamp(endpoint.createdAt))
                .put("lastUpdatedAt", AgentCoreControlDouble.timestamp(now));
        if (endpoint.liveVersion != null) {
            response.put("liveVersion", endpoint.liveVersion);
        }
        return AgentCoreControlDouble.jsonResponse(202, response);
    }

    private AwsResponse get(String runtimeId, String name) {
        RuntimeRecord runtime = control.readRuntime(runtimeId);
        return AgentCoreControlDouble.jsonResponse(200, endpoint(runtime, name).toJson());
    }

    private AwsResponse list(String runtimeId, AwsRequest request) {
        RuntimeRecord runtime = control.readRuntime(runtimeId);
        List<ObjectNode> summaries = new ArrayList<>();
        runtime.endpoints.values().forEach(endpoint -> summaries.add(endpoint.toJson()));
        return AgentCoreControlDouble.jsonResponse(200, Pages.page(summaries, request, "runtimeEndpoints"));
    }

    private AwsResponse delete(String runtimeId, String name) {
        RuntimeRecord runtime = control.runtime(runtimeId);
        EndpointRecord endpoint = endpoint(runtime, name);
        if (name.equals(AgentCoreControlDouble.DEFAULT_ENDPOINT)) {
            throw new AwsError(409, "ConflictException",
                    "The DEFAULT endpoint cannot be deleted; it is deleted with its agent runtime.");
        }
        if (endpoint.pending == null || endpoint.pending.kind() != Transition.Kind.DELETE) {
            endpoint.status = "DELETING";
            endpoint.pending = new Transition(Transition.Kind.DELETE, control.now(), null);
        }
        return AgentCoreControlDouble.jsonResponse(202, Json.object().put("status", "DELETING")
                .put("agentRuntimeId", runtimeId).put("endpointName", name));
    }

    /** Completes an endpoint change: it serves its target version if that version is READY. */
    void complete(RuntimeRecord runtime, EndpointRecord endpoint, Instant now) {
        Transition change = endpoint.pending;
        endpoint.pending = null;
        endpoint.lastUpdatedAt = now;
        if (change.kind() == Transition.Kind.DELETE) {
            runtime.endpoints.remove(endpoint.name);
            return;
        }
        RuntimeRecord.Version version = runtime.version(endpoint.targetVersion).orElseThrow();
        if ("CREATING".equals(version.status) || "UPDATING".equals(version.status)) {
            // The version is still being made; the endpoint waits for it.
            endpoint.pending = change;
            return;
        }
        if ("READY".equals(version.status)) {
            endpoint.status = "READY";
            endpoint.liveVersion = endpoint.targetVersion;
            endpoint.failureReason = null;
            return;
        }
        endpoint.status = change.kind() == Transition.Kind.CREATE ? "CREATE_FAILED" : "UPDATE_FAILED";
        endpoint.failureReason = "Version " + version.number + " of agent runtime '" + runtime.id + "' is "
                + version.status + "; an endpoint can serve only a READY version.";
        endpoint.targetVersion = endpoint.liveVersion;
    }

    private static EndpointRecord endpoint(RuntimeRecord runtime, String name) {
        EndpointRecord endpoint = runtime.endpoints.get(name);
        if (endpoint == null) {
            throw new AwsError(404, "ResourceNotFoundException",
                    "Endpoint '" + name + "' of agent runtime '" + runtime.id + "' was not found.");
        }
        return endpoint;
    }

    /** The requested version, or the newest when none is requested; it must exist. */
    private static String existingVersion(RuntimeRecord runtime, String requested) {
        String version = requested != null ? requested : runtime.latest().number;
        if (runtime.version(version).isEmpty()) {
            throw ValidationFailure.other("agentRuntimeVersion",
                    "Version " + version + " of agent runtime '" + runtime.id + "' does not exist.");
        }
        return version;
    }
}
