package io.agentdeploy.cli;

import io.agentdeploy.agentcore.AgentCoreDeployRequest;
import io.agentdeploy.deploy.AgentDeployer;
import io.agentdeploy.deploy.DeploymentPlan;
import io.agentdeploy.ecr.DockerClientFactory;
import io.agentdeploy.eks.EksDeployRequest;
import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.report.LayerRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code agent-deploy deploy}: the whole job in one command. Pushes the image, deploys it by digest to
 * AgentCore, then to Kubernetes, and stops at the first failure.
 */
@Command(name = "deploy",
        mixinStandardHelpOptions = true,
        description = "Builds and pushes the agent's image to ECR, deploys it by digest to Bedrock AgentCore Runtime"
                + " and to Kubernetes, in that order, and stops at the first failure.")
final class DeployCommand extends LayerCommand {

    @Option(names = "--agent", required = true, paramLabel = "<name>",
            description = "Agent name in snake_case, for example agentic_chat_enhanced.")
    String agent;

    @Option(names = "--image", paramLabel = "<reference>",
            description = "Deploy this image instead of building and pushing one (the ECR layer is skipped).")
    String image;

    @Option(names = "--skip-agentcore", description = "Do not deploy to AgentCore.")
    boolean skipAgentCore;

    @Option(names = "--skip-eks", description = "Do not deploy to Kubernetes.")
    boolean skipEks;

    @Option(names = "--atomic", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "When a later layer fails, also roll back the layers already deployed, so AgentCore and"
                    + " Kubernetes keep serving the same image (--no-atomic leaves them on the new image)."
                    + " Default: ${DEFAULT-VALUE}.")
    boolean atomic = true;

    @Option(names = "--agentcore-timeout", paramLabel = "<duration>", converter = DurationConverter.class,
            defaultValue = "15m",
            description = "Limit for the AgentCore layer, waits included, such as 90s, 15m or 1h. Default: ${DEFAULT-VALUE}.")
    Duration agentCoreTimeout;

    @Option(names = "--rollout-timeout", paramLabel = "<duration>", converter = DurationConverter.class,
            defaultValue = "10m",
            description = "How long to wait for the Kubernetes rollout. Default: ${DEFAULT-VALUE}.")
    Duration rolloutTimeout;

    @Option(names = "--lock-wait", paramLabel = "<duration>", converter = DurationConverter.class,
            defaultValue = "20m",
            description = "How long to wait while another deployment of the same agent holds its deployment lock"
                    + " (a Lease in the agent's namespace). Default: ${DEFAULT-VALUE}.")
    Duration lockWait;

    @Mixin
    RollbackOption rollback;

    @Mixin
    PushOptions push;

    @Mixin
    AgentCoreOptions agentCore;

    @Mixin
    EksOptions eks;

    @Override
    protected String agentName() {
        return agent;
    }

    @Override
    protected void checkOptions(OptionConflicts conflicts) {
        if (image != null && skipAgentCore && skipEks) {
            throw new InvalidInputException("--image", null, "with --skip-agentcore and --skip-eks as well, nothing"
                    + " would be deployed: --image skips the build and push, and the two options skip the other"
                    + " layers.", "Drop --skip-agentcore or --skip-eks. To build and push only, drop --image.");
        }
        List<String> pushOptions = conflicts.givenOf(push);
        if (conflicts.given("--image") != null && !pushOptions.isEmpty()) {
            throw OptionConflicts.conflict("--image", pushOptions, "with --image nothing is built or pushed, so the"
                    + " push options do not apply.", "Drop --image to build and push the image, or drop the push"
                    + " options.");
        }
        if ("--atomic".equals(conflicts.given("--atomic")) && conflicts.given("--no-rollback") != null) {
            throw OptionConflicts.conflict("--no-rollback", List.of("--atomic"), "--no-rollback keeps every failed"
                    + " state in place for inspection, while --atomic rolls back the layers before a failed one.",
                    "Drop one of the two options.");
        }
        rejectSkipped(conflicts, "--skip-agentcore", agentCore, "--agentcore-timeout", "AgentCore");
        rejectSkipped(conflicts, "--skip-eks", eks, "--rollout-timeout", "Kubernetes");
        push.checkOptions(conflicts);
        agentCore.checkOptions(conflicts);
        eks.checkOptions(conflicts);
    }

    /** Rejects a layer's options given together with the option that skips the layer. */
    private static void rejectSkipped(OptionConflicts conflicts, String skip, Object layerOptions, String timeout,
            String layer) {
        List<String> given = new ArrayList<>(conflicts.givenOf(layerOptions));
        if (conflicts.given(timeout) != null) {
            given.add(timeout);
        }
        if (conflicts.given(skip) != null && !given.isEmpty()) {
            throw OptionConflicts.conflict(skip, given, "the " + layer + " layer is skipped, so its options do not"
                    + " apply.", "Drop " + skip + " to deploy the layer, or drop its options.");
        }
    }

    @Override
    protected List<LayerRecord> execute(CommandContext context) {
        DeploymentPlan plan = new DeploymentPlan(agent,
                image == null ? push.request(context, agent) : null,
                image,
                skipAgentCore ? null : reference -> agentCoreRequest(context, reference),
                skipEks ? null : reference -> eksRequest(context, reference),
                // --no-rollback leaves every layer as the failure found it, so it also turns atomic mode off.
                atomic && rollback.rollback);
        AgentDeployer deployer = new AgentDeployer(context.awsClients(),
                DockerClientFactory.fromEnvironment(context.environment()), context.listener(), context.redactor(),
                context.clock()).lockWait(lockWait).onLayer(context::enterLayer);
        return deployer.deploy(plan).layers();
    }

    private AgentCoreDeployRequest agentCoreRequest(CommandContext context, String reference) {
        return agentCore.request(context, agent, reference, agentCoreTimeout, rollback.rollback);
    }

    private EksDeployRequest eksRequest(CommandContext context, String reference) {
        return eks.request(context, agent, reference, rolloutTimeout, rollback.rollback);
    }
}
