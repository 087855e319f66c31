package io.agentdeploy.cli;

import io.agentdeploy.aws.AwsClients;
import io.agentdeploy.ecr.DockerClientFactory;
import io.agentdeploy.ecr.EcrPushRequest;
import io.agentdeploy.ecr.EcrPushService;
import io.agentdeploy.report.Layer;
import io.agentdeploy.report.LayerRecord;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code agent-deploy push}: builds the agent image and pushes it to its ECR repository. */
@Command(name = "push",
        mixinStandardHelpOptions = true,
        description = "Builds the agent's image with the Docker daemon and pushes it to its Amazon ECR repository,"
                + " bringing the repository to the given settings and gating on the image scan.")
final class PushCommand extends LayerCommand {

    @Option(names = "--agent", required = true, paramLabel = "<name>",
            description = "Agent name in snake_case, for example agentic_chat_enhanced.")
    String agent;

    @Option(names = "--dry-run",
            description = "Show the repository changes, the build and the tags, and change nothing.")
    boolean dryRun;

    @Mixin
    PushOptions push;

    @Override
    protected String agentName() {
        return agent;
    }

    @Override
    protected void checkOptions(OptionConflicts conflicts) {
        push.checkOptions(conflicts);
    }

    @Override
    protected List<LayerRecord> execute(CommandContext context) {
        EcrPushRequest request = push.request(context, agent);
        // A registry that is not ECR needs no AWS region or credentials.
        AwsClients aws = push.plainRegistry() ? null : context.awsClients();
        DockerClientFactory docker = DockerClientFactory.fromEnvironment(context.environment());
        EcrPushService service = new EcrPushService(aws, docker, context.listener(), context.redactor(),
                context.clock());
        return List.of(context.runLayer(Layer.ECR, agent, request.repository(), () -> dryRun
                ? service.plan(request) : service.push(request)));
    }
}
