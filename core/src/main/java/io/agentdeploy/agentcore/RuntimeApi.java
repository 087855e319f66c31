package io.agentdeploy.agentcore;

import io.agentdeploy.progress.Redactor;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.bedrockagentcorecontrol.BedrockAgentCoreControlClient;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.AgentRuntime;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.AgentRuntimeArtifact;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.AuthorizerConfiguration;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.ConflictException;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.ContainerConfiguration;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.CreateAgentRuntimeEndpointResponse;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.CreateAgentRuntimeRequest;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.CreateAgentRuntimeResponse;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.CustomJWTAuthorizerConfiguration;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.GetAgentRuntimeEndpointResponse;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.GetAgentRuntimeResponse;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.LifecycleConfiguration;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.NetworkConfiguration;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.ProtocolConfiguration;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.RequestHeaderConfiguration;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.UpdateAgentRuntimeEndpointResponse;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.UpdateAgentRuntimeRequest;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.UpdateAgentRuntimeResponse;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.VpcConfig;

/**
 * The AgentCore control plane calls of this layer, each translating SDK exceptions once into
 * {@link AgentCoreException}. Throttling and 5xx responses were already retried by the SDK; create
 * and update are also retried while a new execution role propagates ({@link PropagationRetry}).
 */
final class RuntimeApi {

    /** The largest page ListAgentRuntimes accepts. */
    private static final int PAGE_SIZE = 100;

    private final BedrockAgentCoreControlClient client;
    private final Redactor redactor;
    private final PropagationRetry propagation;

    RuntimeApi(BedrockAgentCoreControlClient client, Redactor redactor, PropagationRetry propagation) {
        this.client = client;
        this.redactor = redactor;
        this.propagation = propagation;
    }

    /**
     * Finds a runtime by name. The API has no lookup by name, so this pages through
     * ListAgentRuntimes and matches {@code agentRuntimeName}.
     */
    Optional<AgentRuntime> findByName(AgentCoreErrors.Target target) {
        return call("ListAgentRuntimes", target, () -> client.listAgentRuntimesPaginator(r -> r.maxResults(PAGE_SIZE))
                .agentRuntimes().stream()
                .filter(runtime -> target.runtimeName().equals(runtime.agentRuntimeName()))
                .findFirst());
    }

    /** Creates the runtime, or returns empty when one with this name exists already (ConflictException). */
    Optional<CreateAgentRuntimeResponse> create(AgentCoreErrors.Target target, RuntimeSettings settings,
            Map<String, String> tags, String token) {
        CreateAgentRuntimeRequest.Builder request = CreateAgentRuntimeRequest.builder()
                .agentRuntimeName(target.runtimeName())
                .agentRuntimeArtifact(artifact(settings))
                .roleArn(settings.roleArn())
                .networkConfiguration(network(settings))
                .protocolConfiguration(protocol(settings))
                .environmentVariables(settings.environment())
                .description(settings.description())
                .lifecycleConfiguration(lifecycle(settings))
                .authorizerConfiguration(authorizer(settings))
                .requestHeaderConfiguration(headers(settings))
                .clientToken(token);
        if (!tags.isEmpty()) {
            request.tags(tags);
        }
        try {
            return Optional.of(propagation.run("CreateAgentRuntime",
                    () -> call("CreateAgentRuntime", target, () -> client.createAgentRuntime(request.build()))));
        } catch (AgentCoreException e) {
            if (e.getCause() instanceof ConflictException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Updates the runtime with the complete desired specification: the API replaces the whole
     * configuration, so a setting left out is removed.
     */
    UpdateAgentRuntimeResponse update(AgentCoreErrors.Target target, RuntimeSettings settings, String token) {
        // NOTE: re-sending an unchanged JWT authorizer was reported to fail with "Authorizer already
        // exists" (bedrock-agentcore-starter-toolkit, 2025-10); the full specification is sent anyway,
        // because leaving the authorizer out would remove it.
        UpdateAgentRuntimeRequest request = UpdateAgentRuntimeRequest.builder()
                .agentRuntimeId(target.runtimeId())
                .agentRuntimeArtifact(artifact(settings))
                .roleArn(settings.roleArn())
                .networkConfiguration(network(settings))
                .protocolConfiguration(protocol(settings))
                .environmentVariables(settings.environment())
                .description(settings.description())
                .lifecycleConfiguration(lifecycle(settings))
                .authorizerConfiguration(authorizer(settings))
                .requestHeaderConfiguration(headers(settings))
                .clientToken(token)
                .build();
        return propagation.run("UpdateAgentRuntime",
                () -> call("UpdateAgentRuntime", target, () -> client.updateAgentRuntime(request)));
    }

    /** Reads one version of the runtime. */
    GetAgentRuntimeResponse get(AgentCoreErrors.Target target, String version) {
        return call("GetAgentRuntime", target, () -> client.getAgentRuntime(
                r -> r.agentRuntimeId(target.runtimeId()).agentRuntimeVersion(version)));
    }

    /** Reads the tags on the runtime's ARN. */
    Map<String, String> tags(AgentCoreErrors.Target target, String runtimeArn) {
        return call("ListTagsForResource", target, () -> client.listTagsForResource(r -> r.resourceArn(runtimeArn))
                .tags());
    }

    void tag(AgentCoreErrors.Target target, String runtimeArn, Map<String, String> tags) {
        call("TagResource", target, () -> client.tagResource(r -> r.resourceArn(runtimeArn).tags(tags)));
    }

    /** Reads the runtime's newest version. */
    GetAgentRuntimeResponse get(AgentCoreErrors.Target target) {
        return call("GetAgentRuntime", target, () -> client.getAgentRuntime(r -> r.agentRuntimeId(target.runtimeId())));
    }

    /** Reads an endpoint, or returns empty when the runtime has no endpoint of that name. */
    Optional<GetAgentRuntimeEndpointResponse> findEndpoint(AgentCoreErrors.Target target, String endpointName) {
        try {
            return Optional.of(call("GetAgentRuntimeEndpoint", target, () -> client.getAgentRuntimeEndpoint(
                    r -> r.agentRuntimeId(target.runtimeId()).endpointName(endpointName))));
        } catch (AgentCoreException e) {
            if (e.getCause() instanceof ResourceNotFoundException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    CreateAgentRuntimeEndpointResponse createEndpoint(AgentCoreErrors.Target target, String endpointName,
            String version, String token) {
        return call("CreateAgentRuntimeEndpoint", target, () -> client.createAgentRuntimeEndpoint(
                r -> r.agentRuntimeId(target.runtimeId()).name(endpointName).agentRuntimeVersion(version)
                        .clientToken(token)));
    }

    UpdateAgentRuntimeEndpointResponse updateEndpoint(AgentCoreErrors.Target target, String endpointName,
            String version, String token) {
        return call("UpdateAgentRuntimeEndpoint", target, () -> client.updateAgentRuntimeEndpoint(
                r -> r.agentRuntimeId(target.runtimeId()).endpointName(endpointName).agentRuntimeVersion(version)
                        .clientToken(token)));
    }

    private <T> T call(String operation, AgentCoreErrors.Target target, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw AgentCoreErrors.translate(e, operation, target, redactor);
        }
    }

    private static AgentRuntimeArtifact artifact(RuntimeSettings settings) {
        return AgentRuntimeArtifact.fromContainerConfiguration(
                ContainerConfiguration.builder().containerUri(settings.containerUri()).build());
    }

    private static NetworkConfiguration network(RuntimeSettings settings) {
        NetworkConfiguration.Builder network = NetworkConfiguration.builder().networkMode(settings.networkMode());
        if (AgentCoreDeployRequest.NetworkMode.VPC.name().equals(settings.networkMode())) {
            network.networkModeConfig(VpcConfig.builder()
                    .subnets(settings.subnets())
                    .securityGroups(settings.securityGroups())
                    .build());
        }
        return network.build();
    }

    private static ProtocolConfiguration protocol(RuntimeSettings settings) {
        return ProtocolConfiguration.builder().serverProtocol(settings.protocol()).build();
    }

    private static LifecycleConfiguration lifecycle(RuntimeSettings settings) {
        return LifecycleConfiguration.builder()
                .idleRuntimeSessionTimeout(settings.idleSessionTimeoutSeconds())
                .maxLifetime(settings.maxLifetimeSeconds())
                .build();
    }

    private static AuthorizerConfiguration authorizer(RuntimeSettings settings) {
        JwtAuthorizer jwt = settings.jwtAuthorizer();
        if (jwt == null) {
            return null;
        }
        CustomJWTAuthorizerConfiguration.Builder builder = CustomJWTAuthorizerConfiguration.builder()
                .discoveryUrl(jwt.discoveryUrl());
        // Empty lists are left out: the service requires at least one member when a list is present.
        if (!jwt.allowedAudiences().isEmpty()) {
            builder.allowedAudience(jwt.allowedAudiences());
        }
        if (!jwt.allowedClients().isEmpty()) {
            builder.allowedClients(jwt.allowedClients());
        }
        return AuthorizerConfiguration.fromCustomJWTAuthorizer(builder.build());
    }

    private static RequestHeaderConfiguration headers(RuntimeSettings settings) {
        return settings.requestHeaders().isEmpty() ? null
                : RequestHeaderConfiguration.fromRequestHeaderAllowlist(settings.requestHeaders());
    }
}
