package io.agentdeploy.agentcore;

import io.agentdeploy.agentcore.AgentCoreDeployRequest.NetworkMode;
import io.agentdeploy.agentcore.AgentCoreDeployRequest.Protocol;
import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.naming.NameRules;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A request's settings after the tfvars file filled what the caller left unset. Explicit values
 * win; maps (environment, tags) are merged by key, and a secret variable replaces a plain variable
 * of the same name from the file.
 */
final class ResolvedSettings {

    String runtimeName;
    String image;
    String executionRoleName;
    String description;
    final Map<String, String> environment = new LinkedHashMap<>();
    final Set<String> environmentFromFile = new LinkedHashSet<>();
    NetworkMode networkMode;
    List<String> subnets;
    List<String> securityGroups;
    Protocol protocol;
    JwtAuthorizer jwtAuthorizer;
    Duration idleSessionTimeout;
    Duration maxLifetime;
    List<String> requestHeaders;
    final Map<String, String> tags = new LinkedHashMap<>();

    private ResolvedSettings() {
    }

    static ResolvedSettings resolve(AgentCoreDeployRequest.Builder explicit, TfvarsSettings file) {
        ResolvedSettings r = new ResolvedSettings();
        boolean hasFile = file != null;
        r.runtimeName = first(explicit.runtimeName, hasFile ? file.agentName() : null);
        r.image = image(explicit.image, file);
        String fileDescription = hasFile && file.description() != null && !file.description().isBlank()
                ? file.description() : null;
        r.description = first(explicit.description, fileDescription);

        if (hasFile) {
            file.environment().forEach((name, value) -> {
                if (!explicit.environment.containsKey(name) && !explicit.secretEnvironment.containsKey(name)) {
                    r.environment.put(name, value);
                    r.environmentFromFile.add(name);
                }
            });
            r.tags.putAll(file.tags());
        }
        r.environment.putAll(explicit.environment);
        r.tags.putAll(explicit.tags);

        NetworkMode fileMode = hasFile && file.networkMode() != null
                ? enumValue(NetworkMode.class, "network_mode", file.networkMode(), file) : null;
        r.networkMode = first(explicit.networkMode, first(fileMode, NetworkMode.PUBLIC));
        // The file's subnets and security groups apply only when the mode is VPC.
        boolean fileNetwork = hasFile && r.networkMode == NetworkMode.VPC;
        r.subnets = explicit.subnets.isEmpty() && fileNetwork ? file.subnets() : explicit.subnets;
        r.securityGroups = explicit.securityGroups.isEmpty() && fileNetwork ? file.securityGroups()
                : explicit.securityGroups;

        Protocol fileProtocol = hasFile && file.protocol() != null
                ? enumValue(Protocol.class, "protocol", file.protocol(), file) : null;
        r.protocol = first(explicit.protocol, first(fileProtocol, Protocol.HTTP));
        r.jwtAuthorizer = first(explicit.jwtAuthorizer, hasFile ? file.jwtAuthorizer() : null);
        r.idleSessionTimeout = first(explicit.idleSessionTimeout, hasFile ? file.idleSessionTimeout() : null);
        r.maxLifetime = first(explicit.maxLifetime, hasFile ? file.maxLifetime() : null);
        r.requestHeaders = explicit.requestHeaders.isEmpty() && hasFile ? file.requestHeaders()
                : explicit.requestHeaders;
        return r;
    }

    private static <T> T first(T explicit, T fallback) {
        return explicit != null ? explicit : fallback;
    }

    /** Completes a reference without tag and digest with the file's {@code image_tag}. */
    private static String image(String image, TfvarsSettings file) {
        if (image == null || image.isBlank() || file == null || file.imageTag() == null) {
            return image;
        }
        ContainerImage parsed = ContainerImage.parse("image", image);
        if (parsed.tag() != null || parsed.digest() != null) {
            return image;
        }
        NameRules.requireImageTag("image_tag", file.imageTag());
        return image + ":" + file.imageTag();
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String key, String value, TfvarsSettings file) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("tfvars", file.file().toString(), "'" + key + "' is '" + value
                    + "'; allowed are " + Arrays.toString(type.getEnumConstants()) + ".", "Fix the value in the file.");
        }
    }
}
