package io.agentdeploy.agentcore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.CustomJWTAuthorizerConfiguration;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.GetAgentRuntimeResponse;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.NetworkConfiguration;

/**
 * The settings of one runtime version, in a normal form so that desired and actual state compare
 * with {@link #equals(Object)}: environment as a sorted map, id lists, audiences, clients and
 * headers sorted, and service defaults filled in (HTTP, 900 s idle timeout, 28800 s lifetime), so
 * that a reordered map or an omitted default is not a change. Tags are not part of a version.
 *
 * <p>{@link #toString()} lists environment variable names only.
 *
 * @param environment every variable of the version, secret values included
 * @param jwtAuthorizer the authorizer, or {@code null}
 * @param idleSessionTimeoutSeconds the effective idle session timeout
 * @param maxLifetimeSeconds the effective maximum session lifetime
 */
record RuntimeSettings(
        String containerUri,
        String roleArn,
        String networkMode,
        List<String> subnets,
        List<String> securityGroups,
        String protocol,
        Map<String, String> environment,
        String description,
        JwtAuthorizer jwtAuthorizer,
        int idleSessionTimeoutSeconds,
        int maxLifetimeSeconds,
        List<String> requestHeaders) {

    /** The service's lifecycle defaults, returned by GetAgentRuntime when none was set. */
    static final int DEFAULT_IDLE_SECONDS = 900;
    static final int DEFAULT_MAX_LIFETIME_SECONDS = 28800;

    RuntimeSettings {
        subnets = sorted(subnets);
        securityGroups = sorted(securityGroups);
        requestHeaders = sorted(requestHeaders);
        environment = environment == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(environment));
        description = description == null || description.isEmpty() ? null : description;
    }

    /**
     * The desired settings of a request.
     *
     * @param roleArn the execution role, resolved when the deployment ensures it
     * @param secretValues the resolved values of the request's secret variables
     */
    static RuntimeSettings of(AgentCoreDeployRequest request, String roleArn, Map<String, String> secretValues) {
        Map<String, String> environment = new TreeMap<>(request.environment());
        environment.putAll(secretValues);
        int maxLifetime = request.maxLifetime() == null ? DEFAULT_MAX_LIFETIME_SECONDS
                : (int) request.maxLifetime().toSeconds();
        return new RuntimeSettings(request.image(), roleArn, request.networkMode().name(), request.subnets(),
                request.securityGroups(), request.protocol().name(), environment, request.description(),
                request.jwtAuthorizer(),
                idleSeconds(request, maxLifetime), maxLifetime, request.requestHeaders());
    }

    /**
     * Returns the idle timeout to send: the request's, else the service's default of 900 s capped at
     * the maximum lifetime, as AgentCore fills it in when only maxLifetime is given (Amazon Bedrock
     * AgentCore Developer Guide, "Configure Amazon Bedrock AgentCore lifecycle settings", Default
     * behavior). The idle timeout must not exceed the lifetime.
     */
    private static int idleSeconds(AgentCoreDeployRequest request, int maxLifetime) {
        return request.idleSessionTimeout() == null ? Math.min(DEFAULT_IDLE_SECONDS, maxLifetime)
                : (int) request.idleSessionTimeout().toSeconds();
    }

    /** Reads the settings of a runtime version as the service returned them. */
    static RuntimeSettings of(GetAgentRuntimeResponse runtime) {
        String containerUri = runtime.agentRuntimeArtifact() == null
                || runtime.agentRuntimeArtifact().containerConfiguration() == null
                ? null : runtime.agentRuntimeArtifact().containerConfiguration().containerUri();
        NetworkConfiguration network = runtime.networkConfiguration();
        String networkMode = network == null || network.networkModeAsString() == null
                ? AgentCoreDeployRequest.NetworkMode.PUBLIC.name() : network.networkModeAsString();
        List<String> subnets = network == null || network.networkModeConfig() == null
                ? List.of() : network.networkModeConfig().subnets();
        List<String> securityGroups = network == null || network.networkModeConfig() == null
                ? List.of() : network.networkModeConfig().securityGroups();
        // A runtime created without a protocol serves HTTP, the service default.
        String protocol = runtime.protocolConfiguration() == null
                || runtime.protocolConfiguration().serverProtocolAsString() == null
                ? AgentCoreDeployRequest.Protocol.HTTP.name() : runtime.protocolConfiguration().serverProtocolAsString();
        // The service returns no map at all when the runtime has no environment variables.
        Map<String, String> environment = runtime.hasEnvironmentVariables() ? runtime.environmentVariables() : Map.of();
        JwtAuthorizer authorizer = null;
        if (runtime.authorizerConfiguration() != null
                && runtime.authorizerConfiguration().customJWTAuthorizer() != null) {
            CustomJWTAuthorizerConfiguration jwt = runtime.authorizerConfiguration().customJWTAuthorizer();
            authorizer = new JwtAuthorizer(jwt.discoveryUrl(), jwt.allowedAudience(), jwt.allowedClients());
        }
        Integer idle = runtime.lifecycleConfiguration() == null ? null
                : runtime.lifecycleConfiguration().idleRuntimeSessionTimeout();
        Integer lifetime = runtime.lifecycleConfiguration() == null ? null
                : runtime.lifecycleConfiguration().maxLifetime();
        List<String> headers = runtime.requestHeaderConfiguration() == null
                || !runtime.requestHeaderConfiguration().hasRequestHeaderAllowlist()
                ? List.of() : runtime.requestHeaderConfiguration().requestHeaderAllowlist();
        return new RuntimeSettings(containerUri, runtime.roleArn(), networkMode, subnets, securityGroups, protocol,
                environment, runtime.description(), authorizer,
                idle == null ? DEFAULT_IDLE_SECONDS : idle, lifetime == null ? DEFAULT_MAX_LIFETIME_SECONDS : lifetime,
                headers);
    }

    /**
     * Names what differs from {@code actual}, for the console: setting names, and for the environment
     * the variable names only.
     */
    List<String> differencesFrom(RuntimeSettings actual) {
        List<String> differences = new ArrayList<>();
        addIf(differences, !Objects.equals(containerUri, actual.containerUri), "image");
        addIf(differences, !Objects.equals(roleArn, actual.roleArn), "execution role");
        addIf(differences, !Objects.equals(networkMode, actual.networkMode) || !subnets.equals(actual.subnets)
                || !securityGroups.equals(actual.securityGroups), "network");
        addIf(differences, !Objects.equals(protocol, actual.protocol), "protocol");
        if (!environment.equals(actual.environment)) {
            differences.add("environment (" + String.join(", ", changedVariables(actual.environment)) + ")");
        }
        addIf(differences, !Objects.equals(description, actual.description), "description");
        addIf(differences, !Objects.equals(jwtAuthorizer, actual.jwtAuthorizer), "JWT authorizer");
        addIf(differences, idleSessionTimeoutSeconds != actual.idleSessionTimeoutSeconds
                || maxLifetimeSeconds != actual.maxLifetimeSeconds, "lifecycle");
        addIf(differences, !requestHeaders.equals(actual.requestHeaders), "request headers");
        return differences;
    }

    /**
     * Returns a SHA-256 over every setting, values included, so that two different specifications
     * never share a client token. Only the hash leaves this class.
     */
    String fingerprint() {
        StringBuilder canonical = new StringBuilder();
        append(canonical, containerUri);
        append(canonical, roleArn);
        append(canonical, networkMode);
        appendAll(canonical, subnets);
        appendAll(canonical, securityGroups);
        append(canonical, protocol);
        environment.forEach((name, value) -> {
            append(canonical, name);
            append(canonical, value);
        });
        canonical.append('|');
        append(canonical, description);
        if (jwtAuthorizer != null) {
            append(canonical, jwtAuthorizer.discoveryUrl());
            appendAll(canonical, jwtAuthorizer.allowedAudiences());
            appendAll(canonical, jwtAuthorizer.allowedClients());
        }
        canonical.append('|').append(idleSessionTimeoutSeconds).append('|').append(maxLifetimeSeconds).append('|');
        appendAll(canonical, requestHeaders);
        return sha256Hex(canonical.toString());
    }

    @Override
    public String toString() {
        return "RuntimeSettings{containerUri=" + containerUri + ", roleArn=" + roleArn + ", networkMode=" + networkMode
                + ", subnets=" + subnets + ", securityGroups=" + securityGroups + ", protocol=" + protocol
                + ", environmentNames=" + environment.keySet() + ", description=" + (description != null)
                + ", jwtAuthorizer=" + (jwtAuthorizer != null) + ", idleSessionTimeoutSeconds="
                + idleSessionTimeoutSeconds + ", maxLifetimeSeconds=" + maxLifetimeSeconds + ", requestHeaders="
                + requestHeaders + "}";
    }

    private List<String> changedVariables(Map<String, String> actual) {
        TreeSet<String> names = new TreeSet<>(environment.keySet());
        names.addAll(actual.keySet());
        names.removeIf(name -> Objects.equals(environment.get(name), actual.get(name)));
        return new ArrayList<>(names);
    }

    private static void addIf(List<String> differences, boolean differs, String name) {
        if (differs) {
            differences.add(name);
        }
    }

    private static void appendAll(StringBuilder canonical, List<String> values) {
        values.forEach(value -> append(canonical, value));
        canonical.append('|');
    }

    /** Appends a value with its length, so that no two different lists of values produce the same text. */
    private static void append(StringBuilder canonical, String value) {
        if (value == null) {
            canonical.append("-1:");
        } else {
            canonical.append(value.length()).append(':').append(value);
        }
    }

    static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides SHA-256", e);
        }
    }

    private static List<String> sorted(List<String> ids) {
        if (ids == null) {
            return List.of();
        }
        List<String> copy = new ArrayList<>(ids);
        Collections.sort(copy);
        return List.copyOf(copy);
    }
}
