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
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.GetAgentRuntimeResponse;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.NetworkConfiguration;

/**
 * The runtime settings this layer manages, in a normal form so that desired and actual state compare
 * with {@link #equals(Object)}: environment as a map, subnet and security group ids sorted, service
 * defaults filled in (HTTP when no protocol is returned), no description as {@code null}.
 *
 * <p>{@link #toString()} lists environment variable names only.
 */
record RuntimeSettings(
        String containerUri,
        String roleArn,
        String networkMode,
        List<String> subnets,
        List<String> securityGroups,
        String protocol,
        Map<String, String> environment,
        String description) {

    RuntimeSettings {
        subnets = sorted(subnets);
        securityGroups = sorted(securityGroups);
        environment = environment == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(environment));
        description = description == null || description.isEmpty() ? null : description;
    }

    static RuntimeSettings of(AgentCoreDeployRequest request) {
        return new RuntimeSettings(request.image(), request.executionRoleArn(), request.networkMode().name(),
                request.subnets(), request.securityGroups(), request.protocol().name(), request.environment(),
                request.description());
    }

    /** Reads the managed settings of a runtime version as the service returned them. */
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
        return new RuntimeSettings(containerUri, runtime.roleArn(), networkMode, subnets, securityGroups, protocol,
                environment, runtime.description());
    }

    /**
     * Names what differs from {@code actual}, for the console: setting names, and for the environment
     * the variable names only.
     */
    List<String> differencesFrom(RuntimeSettings actual) {
        List<String> differences = new ArrayList<>();
        if (!Objects.equals(containerUri, actual.containerUri)) {
            differences.add("image");
        }
        if (!Objects.equals(roleArn, actual.roleArn)) {
            differences.add("execution role");
        }
        if (!Objects.equals(networkMode, actual.networkMode) || !subnets.equals(actual.subnets)
                || !securityGroups.equals(actual.securityGroups)) {
            differences.add("network");
        }
        if (!Objects.equals(protocol, actual.protocol)) {
            differences.add("protocol");
        }
        if (!environment.equals(actual.environment)) {
            differences.add("environment (" + String.join(", ", changedVariables(actual.environment)) + ")");
        }
        if (!Objects.equals(description, actual.description)) {
            differences.add("description");
        }
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
        subnets.forEach(id -> append(canonical, id));
        canonical.append('|');
        securityGroups.forEach(id -> append(canonical, id));
        canonical.append('|');
        append(canonical, protocol);
        environment.forEach((name, value) -> {
            append(canonical, name);
            append(canonical, value);
        });
        canonical.append('|');
        append(canonical, description);
        return sha256Hex(canonical.toString());
    }

    @Override
    public String toString() {
        return "RuntimeSettings{containerUri=" + containerUri + ", roleArn=" + roleArn + ", networkMode=" + networkMode
                + ", subnets=" + subnets + ", securityGroups=" + securityGroups + ", protocol=" + protocol
                + ", environmentNames=" + environment.keySet() + ", description=" + (description != null) + "}";
    }

    private List<String> changedVariables(Map<String, String> actual) {
        TreeSet<String> names = new TreeSet<>(environment.keySet());
        names.addAll(actual.keySet());
        names.removeIf(name -> Objects.equals(environment.get(name), actual.get(name)));
        return new ArrayList<>(names);
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
