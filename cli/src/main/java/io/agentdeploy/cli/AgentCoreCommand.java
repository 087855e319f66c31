package io.agentdeploy.cli;

import io.agentdeploy.agentcore.AgentCoreDeployRequest;
import io.agentdeploy.agentcore.AgentCoreDeployService;
import io.agentdeploy.report.Layer;
import io.agentdeploy.report.LayerRecord;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code agent-deploy agentcore}: deploys the agent's image to Bedrock AgentCore Runtime. */
@Command(name = "agentcore",
        mixinStandardHelpOptions = true,
        description = "Creates or updates the agent's Bedrock AgentCore runtime, waits until the new version is"
                + " READY, moves the staging and production endpoints to it, smoke-tests it, and rolls the"
                + " endpoints back on failure.")
final class AgentCoreCommand extends LayerCommand {

    @Option(names = "--agent", paramLabel = "<name>",
            description = "Agent name in snake_case; the runtime name is derived from it.")
    String agent;

    @Option(names = "--image", paramLabel = "<uri>",
            description = "Private ECR image in the runtime's region, best by digest:"
                    + " <account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:<digest>.")
    String image;

    @Option(names = "--timeout", paramLabel = "<duration>", converter = DurationConverter.class,
            description = "Limit for the whole deployment, waits included, such as 90s, 15m or 1h. Default: 15m.")
    Duration timeout;

    @Mixin
    RollbackOption rollback;

    @Mixin
    AgentCoreOptions agentCore;

    @Override
    protected String agentName() {
        if (agent != null) {
            return agent;
        }
        // With only --tfvars, the runtime name is known after the file is read, so the record names "agentcore".
        return agentCore.runtimeName != null ? agentCore.runtimeName : "agentcore";
    }

    @Override
    protected void checkOptions(OptionConflicts conflicts) {
        agentCore.checkOptions(conflicts);
    }

    @Override
    protected List<LayerRecord> execute(CommandContext context) {
        AgentCoreDeployRequest request = agentCore.request(context, agent, image, timeout, rollback.rollback);
        AgentCoreDeployService service = new AgentCoreDeployService(context.awsClients(), context.listener(),
                context.redactor());
        return List.of(context.runLayer(Layer.AGENTCORE, agentName(), request.runtimeName(),
                () -> service.deploy(request)));
    }
}
