package io.agentdeploy.cli;

import io.agentdeploy.agentcore.AgentCoreDeployRequest;
import io.agentdeploy.agentcore.AgentCoreDeployRequest.NetworkMode;
import io.agentdeploy.agentcore.AgentCoreDeployRequest.Protocol;
import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.naming.AgentNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options of the AgentCore layer, shared by {@code agentcore} and {@code deploy}. */
final class AgentCoreOptions {

    @Option(names = "--runtime-name", paramLabel = "<name>",
            description = "AgentCore runtime name ([a-zA-Z][a-zA-Z0-9_]{0,47}). Default: the agent name.")
    String runtimeName;

    @Option(names = "--execution-role-arn", paramLabel = "<arn>",
            description = "IAM role the runtime runs as; it must trust bedrock-agentcore.amazonaws.com and may pull"
                    + " the image.")
    String executionRoleArn;

    @Option(names = "--description", paramLabel = "<text>", description = "Runtime description, up to 4096 characters.")
    String description;

    @Option(names = "--env", paramLabel = "<name=value>", split = ",",
            description = "Environment variable of the runtime; repeat the option or separate pairs with ','. Up to"
                    + " 50; values are never printed.")
    Map<String, String> environment = new LinkedHashMap<>();

    @Option(names = "--network-mode", paramLabel = "<mode>",
            description = "Network mode: ${COMPLETION-CANDIDATES}. Default: PUBLIC.")
    NetworkMode networkMode;

    @Option(names = "--subnet", paramLabel = "<id>", split = ",",
            description = "Subnet id for the VPC network mode; repeatable, 1 to 16.")
    List<String> subnets = new ArrayList<>();

    @Option(names = "--security-group", paramLabel = "<id>", split = ",",
            description = "Security group id for the VPC network mode; repeatable, 1 to 16.")
    List<String> securityGroups = new ArrayList<>();

    @Option(names = "--protocol", paramLabel = "<protocol>",
            description = "Protocol the container serves: ${COMPLETION-CANDIDATES}. Default: HTTP.")
    Protocol protocol;

    @Option(names = "--endpoint", paramLabel = "<name>",
            description = "Endpoint that serves the new version; DEFAULT follows every update by itself, another"
                    + " name is created or moved. Default: DEFAULT.")
    String endpoint;

    @Option(names = "--client-token-seed", paramLabel = "<text>",
            description = "Build identity from which the client tokens of create and update calls are derived, so"
                    + " a rerun of the same build does not act twice. Default: the runtime name and image (the"
                    + " tokens also cover a hash of the settings).")
    String clientTokenSeed;

    /** The runtime name: {@code --runtime-name}, else derived from the agent. */
    String runtimeName(String agent) {
        if (runtimeName != null) {
            return runtimeName;
        }
        if (agent == null) {
            throw new InvalidInputException("--agent", null, "an agent or a runtime name is required.",
                    "Pass --agent <name>, or --runtime-name <name>.");
        }
        return AgentNames.of(agent).runtimeName();
    }

    AgentCoreDeployRequest request(String agent, String image, Duration timeout) {
        return AgentCoreDeployRequest.builder()
                .runtimeName(runtimeName(agent))
                .image(image)
                .executionRoleArn(executionRoleArn)
                .description(description)
                .environment(environment)
                .networkMode(networkMode)
                .subnets(subnets)
                .securityGroups(securityGroups)
                .protocol(protocol)
                .endpointName(endpoint)
                .timeout(timeout)
                .clientTokenSeed(clientTokenSeed)
                .build();
    }
}
