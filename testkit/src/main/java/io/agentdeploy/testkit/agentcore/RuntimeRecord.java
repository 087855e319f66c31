package io.agentdeploy.testkit.agentcore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentdeploy.testkit.aws.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One agent runtime held by the double: its immutable versions, its endpoints and a change in progress. */
final class RuntimeRecord {

    /**
     * One immutable version with the complete configuration it was created or updated with.
     *
     * @param spec artifact, role, network, protocol, environment, description, lifecycle, authorizer, headers
     */
    static final class Version {
        final String number;
        final ObjectNode spec;
        final Instant createdAt;
        String status;
        String failureReason;
        Instant lastUpdatedAt;

        Version(String number, ObjectNode spec, String status, Instant createdAt) {
            this.number = number;
            this.spec = spec;
            this.status = status;
            this.createdAt = createdAt;
            this.lastUpdatedAt = createdAt;
        }

        String containerUri() {
            return spec.path("agentRuntimeArtifact").path("containerConfiguration").path("containerUri").asText(null);
        }
    }

    /** The members of a Create or Update request that make up a version's configuration. */
    private static final String[] SPEC_FIELDS = {"agentRuntimeArtifact", "roleArn", "networkConfiguration",
        "protocolConfiguration", "environmentVariables", "description", "lifecycleConfiguration",
        "authorizerConfiguration", "requestHeaderConfiguration"};

    final String id;
    final String name;
    final String arn;
    final String workloadIdentityArn;
    final Instant createdAt;
    final List<Version> versions = new ArrayList<>();
    final Map<String, EndpointRecord> endpoints = new LinkedHashMap<>();
    /** Tags live on the runtime ARN, not on a version: set at create or by TagResource. */
    final Map<String, String> tags = new java.util.TreeMap<>();
    Transition pending;
    boolean deleting;

    RuntimeRecord(String id, String name, String arn, String workloadIdentityArn, Instant createdAt) {
        this.id = id;
        this.name = name;
        this.arn = arn;
        this.workloadIdentityArn = workloadIdentityArn;
        this.createdAt = createdAt;
    }

    /** Copies the configuration members of a request, filling in the service's lifecycle defaults. */
    static ObjectNode spec(JsonNode request) {
        ObjectNode spec = Json.object();
        for (String field : SPEC_FIELDS) {
            JsonNode value = request.get(field);
            if (value != null && !value.isNull()) {
                spec.set(field, value.deepCopy());
            }
        }
        // The service stores no environment map when it is empty and returns none.
        if (spec.has("environmentVariables") && spec.get("environmentVariables").isEmpty()) {
            spec.remove("environmentVariables");
        }
        spec.set("lifecycleConfiguration", lifecycleWithDefaults(spec.get("lifecycleConfiguration")));
        return spec;
    }

    /**
     * Fills in the members a request left out, as the service stores them: maxLifetime 28800 s, and
     * an idle timeout of 900 s capped at maxLifetime. The Developer Guide page on lifecycle settings
     * (https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/runtime-lifecycle-settings.html)
     * gives these defaults.
     */
    private static ObjectNode lifecycleWithDefaults(JsonNode requested) {
        JsonNode idle = requested == null ? null : requested.get("idleRuntimeSessionTimeout");
        JsonNode max = requested == null ? null : requested.get("maxLifetime");
        int maxSeconds = max == null || max.isNull() ? AgentCoreRules.DEFAULT_MAX_LIFETIME_SECONDS : max.asInt();
        int idleSeconds = idle == null || idle.isNull() ? Math.min(AgentCoreRules.DEFAULT_IDLE_SECONDS, maxSeconds)
                : idle.asInt();
        return Json.object().put("idleRuntimeSessionTimeout", idleSeconds).put("maxLifetime", maxSeconds);
    }

    Version addVersion(ObjectNode spec, String status, Instant now) {
        Version version = new Version(String.valueOf(versions.size() + 1), spec, status, now);
        versions.add(version);
        return version;
    }

    Version latest() {
        return versions.get(versions.size() - 1);
    }

    Optional<Version> version(String number) {
        return versions.stream().filter(v -> v.number.equals(number)).findFirst();
    }

    String status() {
        return deleting ? "DELETING" : latest().status;
    }

    /** The GetAgentRuntime response for a version; the newest version carries the runtime's status. */
    ObjectNode toJson(Version version) {
        ObjectNode json = Json.object()
                .put("agentRuntimeArn", arn)
                .put("agentRuntimeName", name)
                .put("agentRuntimeId", id)
                .put("agentRuntimeVersion", version.number)
                .put("createdAt", AgentCoreControlDouble.timestamp(createdAt))
                .put("lastUpdatedAt", AgentCoreControlDouble.timestamp(version.lastUpdatedAt))
                .put("status", version == latest() ? status() : version.status);
        json.setAll(version.spec.deepCopy());
        json.set("workloadIdentityDetails", Json.object().put("workloadIdentityArn", workloadIdentityArn));
        if (version.failureReason != null) {
            json.put("failureReason", version.failureReason);
        }
        return json;
    }

    /** The summary that ListAgentRuntimes and ListAgentRuntimeVersions return. */
    ObjectNode toSummary(Version version) {
        return Json.object()
                .put("agentRuntimeArn", arn)
                .put("agentRuntimeId", id)
                .put("agentRuntimeVersion", version.number)
                .put("agentRuntimeName", name)
                .put("description", version.spec.path("description").asText(""))
                .put("lastUpdatedAt", AgentCoreControlDouble.timestamp(version.lastUpdatedAt))
                .put("status", version == latest() ? status() : version.status);
    }
}
