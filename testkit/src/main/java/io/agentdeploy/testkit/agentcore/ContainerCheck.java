package io.agentdeploy.testkit.agentcore;

import java.util.Map;
import java.util.Optional;

/**
 * Starts a runtime version's container as AgentCore Runtime does before it marks the version READY,
 * and reports why it is not healthy. {@link AgentCoreControlDouble} runs it in the background while
 * the version is CREATING or UPDATING.
 */
@FunctionalInterface
public interface ContainerCheck {

    /**
     * @param containerUri the version's ECR image reference
     * @param environment the version's environment variables
     * @param protocol the version's server protocol: HTTP, MCP or A2A
     * @return the failure reason for CREATE_FAILED or UPDATE_FAILED, or empty when the container is healthy
     */
    Optional<String> check(String containerUri, Map<String, String> environment, String protocol);
}
