package io.agentdeploy.testkit.agentcore;

import java.util.Map;

/**
 * The runtime version an invocation reaches, resolved from the runtime ARN and the qualifier.
 *
 * @param runtimeArn the runtime ARN
 * @param runtimeId the runtime id
 * @param runtimeName the runtime name
 * @param version the READY version that serves the call
 * @param endpointName the endpoint named by the qualifier, or {@code null} when it named a version
 * @param containerUri the image of that version
 * @param protocol the server protocol of that version: HTTP, MCP or A2A
 * @param environment the environment variables of that version
 */
public record InvocationTarget(String runtimeArn, String runtimeId, String runtimeName, String version,
        String endpointName, String containerUri, String protocol, Map<String, String> environment) {

    public InvocationTarget {
        environment = environment == null ? Map.of() : Map.copyOf(environment);
    }
}
