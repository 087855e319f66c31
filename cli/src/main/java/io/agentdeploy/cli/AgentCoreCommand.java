package io.agentdeploy.cli;

import io.agentdeploy.agentcore.AgentCoreDeployRequest;
import io.agentdeploy.agentcore.AgentCoreDeployRequest.NetworkMode;
import io.agentdeploy.agentcore.AgentCoreDeployRequest.Protocol;
import io.agentdeploy.agentcore.AgentCoreDeployService;
import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.naming.AgentNames;
import io.agentdeploy.report.Layer;
import io.agentdeploy.report.LayerRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code agent-deploy agentcore}: deploys the agent's image to Bedrock AgentCore Runtime. */
@Command(name = "agentcore",
        mixinStandardHelpOptions = true,
        description = "Creates or updates the agent's Bedrock AgentCore runtime, waits until the new version is"
                + " READY and makes the endpoint serve it.")
final class AgentCoreCommand extends LayerCommand {

    @Option(names = "--agent", paramLabel = "<name>",
            description = "Agent name in snake_case; the runtime name is derived from it.")
    String agent;

    @Option(names = "--runtime-name", paramLabel = "<name>",
            description = "AgentCore runtime name ([a-zA-Z][a-zA-Z0-9_]{0,47}). Default: the agent name.")
    String runtimeName;

    @Option(names = "--image", paramLabel = "<uri>",
            description = "Private ECR image in the runtime's region, best by digest:"
                    + " <account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:<digest>.")
    String image;

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

    @Option(names = "--timeout", paramLabel = "<duration>", converter = DurationConverter.class,
            description = "Limit for the whole deployment, waits included, such as 90s, 15m or 1h. Default: 15m.")
    Duration timeout;

    @Option(names = "--client-token-seed", paramLabel = "<text>",
            description = "Build identity from which the client tokens of create and update calls are derived, so"
                    + " a rerun of the same build does not act twice. Default: the runtime name and image (the"
                    + " tokens also cover a hash of the settings).")
    String clientTokenSeed;

    @Override
    protected String agentName() {
        return agent != null ? agent : runtimeName;
    }

    @Override
    protected List<LayerRecord> execute(CommandContext context) {
        String name = resolveRuntimeName();
        AgentCoreDeployRequest request = AgentCoreDeployRequest.builder()
                .runtimeName(name)
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
        AgentCoreDeployService service = new AgentCoreDeployService(context.awsClients(), context.listener(),
                context.redactor());
        return List.of(context.runLayer(Layer.AGENTCORE, agentName(), name, () -> service.deploy(request)));
    }

    private String resolveRuntimeName() {
        if (runtimeName != null) {
            return runtimeName;
        }
        if (agent == null) {
            throw new InvalidInputException("--agent", null, "an agent or a runtime name is required.",
                    "Pass --agent <name>, or --runtime-name <name>.");
        }
        return AgentNames.of(agent).runtimeName();
    }
}
