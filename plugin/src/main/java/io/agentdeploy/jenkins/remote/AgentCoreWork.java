package io.agentdeploy.jenkins.remote;

import hudson.model.TaskListener;
import io.agentdeploy.agentcore.AgentCoreDeployRequest;
import io.agentdeploy.agentcore.AgentCoreDeployResult;
import io.agentdeploy.agentcore.AgentCoreDeployService;
import io.agentdeploy.agentcore.AgentCoreDeployment;
import io.agentdeploy.aws.AwsClients;
import io.agentdeploy.error.DeployException;
import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.jenkins.AwsAccess;
import io.agentdeploy.jenkins.Defaults;
import io.agentdeploy.jenkins.Lines;
import io.agentdeploy.jenkins.steps.AgentCoreDeployStep;
import io.agentdeploy.progress.ProgressListener;
import io.agentdeploy.progress.Redactor;
import io.agentdeploy.report.Layer;
import io.agentdeploy.report.LayerRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code agentCoreDeploy} phases on the agent. Without a wait state it creates or updates the
 * runtime and returns what to wait for. With one it re-reads that runtime, waits until it is READY,
 * points the endpoint, runs the smoke test and rolls back on failure.
 */
public final class AgentCoreWork extends AgentWork<PhaseOutcome> {

    private static final long serialVersionUID = 1L;

    private final AgentCoreDeployStep step;
    private final Defaults defaults;
    private final Map<String, String> secretEnvironment;
    private final WaitState waitState;
    private final long startedAtMillis;

    public AgentCoreWork(AgentCoreDeployStep step, Defaults defaults, AwsAccess aws, Map<String, String> secretEnvironment,
            WaitState waitState, long startedAtMillis, TaskListener listener) {
        super(aws, listener);
        this.step = step;
        this.defaults = defaults;
        this.secretEnvironment = new LinkedHashMap<>(secretEnvironment);
        this.waitState = waitState;
        this.startedAtMillis = startedAtMillis;
    }

    @Override
    protected void registerSecrets(Redactor redactor) {
        secretEnvironment.values().forEach(redactor::register);
    }

    @Override
    protected PhaseOutcome work(Path workspace, AwsClients clients, ProgressListener progress, Redactor redactor) {
        AgentCoreDeployRequest request = request(step, defaults, secretEnvironment, workspace);
        Instant started = Instant.ofEpochMilli(startedAtMillis);
        // TODO: bind to the engine's service once it is on main; the two-phase API is requested.
        AgentCoreDeployService service = new AgentCoreDeployService(clients, progress);
        try {
            if (waitState == null) {
                AgentCoreDeployment deployment = service.begin(request);
                return PhaseOutcome.waitFor(toWaitState(deployment));
            }
            AgentCoreDeployResult result = service.complete(request, fromWaitState(waitState));
            return PhaseOutcome.done(LayerOutcome.succeeded(AgentCoreDeployStep.FUNCTION_NAME, step.getAgent(), result,
                    started));
        } catch (InvalidInputException e) {
            throw e;
        } catch (DeployException e) {
            String target = waitState == null ? null : waitState.get("runtimeArn");
            return PhaseOutcome.done(LayerOutcome.failed(AgentCoreDeployStep.FUNCTION_NAME, LayerRecord.failed(
                    Layer.AGENTCORE, step.getAgent(), target, started, Duration.between(started, Instant.now()), e),
                    redactor));
        }
    }

    static WaitState toWaitState(AgentCoreDeployment deployment) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("runtimeId", deployment.runtimeId());
        fields.put("runtimeArn", deployment.runtimeArn());
        fields.put("targetVersion", deployment.targetVersion());
        fields.put("previousVersion", deployment.previousVersion());
        fields.put("changed", String.valueOf(deployment.changed()));
        return new WaitState("runtime " + deployment.runtimeId() + " version " + deployment.targetVersion() + " READY",
                fields);
    }

    static AgentCoreDeployment fromWaitState(WaitState state) {
        return new AgentCoreDeployment(state.get("runtimeId"), state.get("runtimeArn"), state.get("targetVersion"),
                state.get("previousVersion"), Boolean.parseBoolean(state.get("changed")));
    }

    /** Binds the step's parameters, else the global defaults, to the engine request; the builder validates. */
    static AgentCoreDeployRequest request(AgentCoreDeployStep step, Defaults defaults,
            Map<String, String> secretEnvironment, Path workspace) {
        String tfvars = step.getTfvars();
        AgentCoreDeployRequest.Builder builder = AgentCoreDeployRequest.builder()
                .runtimeName(step.getAgent())
                .image(step.getImage())
                .executionRoleArn(step.getExecutionRoleArn() != null ? step.getExecutionRoleArn()
                        : defaults.executionRoleArn)
                .description(step.getDescription())
                .tfvars(tfvars == null ? null : workspace.resolve(tfvars))
                .tfvarsConvention(workspace, defaults.tfvarsPath)
                .environment(Lines.keyValues("environment", step.getEnvironment()))
                .secretEnvironment(secretEnvironment)
                .networkMode(choice("networkMode", AgentCoreDeployRequest.NetworkMode.class,
                        step.getNetworkMode() != null ? step.getNetworkMode() : defaults.networkMode))
                .subnets(step.getSubnets())
                .securityGroups(step.getSecurityGroups())
                .protocol(choice("protocol", AgentCoreDeployRequest.Protocol.class, step.getProtocol()))
                .jwtAuthorizer(step.getAuthorizerDiscoveryUrl(), step.getAuthorizerAllowedAudiences(),
                        step.getAuthorizerAllowedClients())
                .tags(Lines.keyValues("tags", step.getTags()))
                .endpointName(step.getEndpoint())
                .smokeTestPayload(step.getSmokeTestPayload())
                .rollback(step.getRollback() == null || step.getRollback());
        if (step.getIdleTimeout() != null) {
            builder.idleTimeout(Duration.ofSeconds(step.getIdleTimeout()));
        }
        if (step.getMaxLifetime() != null) {
            builder.maxLifetime(Duration.ofSeconds(step.getMaxLifetime()));
        }
        if (step.getTimeout() != null) {
            builder.timeout(Duration.ofMinutes(step.getTimeout()));
        }
        return builder.build();
    }
}
