package io.agentdeploy.jenkins.remote;

import static io.agentdeploy.jenkins.remote.Choices.firstSet;

import io.agentdeploy.agentcore.AgentCoreDeployRequest;
import io.agentdeploy.agentcore.AgentCoreDeployRequest.NetworkMode;
import io.agentdeploy.agentcore.AgentCoreDeployRequest.Protocol;
import io.agentdeploy.agentcore.JwtAuthorizer;
import io.agentdeploy.agentcore.SecretSource;
import io.agentdeploy.agentcore.SmokeTest;
import io.agentdeploy.agentcore.TfvarsSettings;
import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.jenkins.Defaults;
import io.agentdeploy.jenkins.steps.AgentCoreDeployStep;
import io.agentdeploy.naming.AgentNames;
import io.agentdeploy.naming.KeyValues;
import io.agentdeploy.naming.PathConventions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the engine's AgentCore request from {@code agentCoreDeploy}'s parameters, the tfvars file and the defaults. */
public final class AgentCoreRequests {

    private AgentCoreRequests() {
    }

    /**
     * Builds and validates the request on the agent.
     *
     * @param image the image to deploy: the step's, or the one the push produced
     * @throws InvalidInputException when a parameter or the tfvars file is invalid
     */
    public static AgentCoreDeployRequest deploy(AgentCoreDeployStep step, String image, PlanContext context) {
        Defaults defaults = context.defaults();
        TfvarsSettings file = tfvars(step, context);
        NetworkMode networkMode = Choices.parse("networkMode", NetworkMode.class, step.getNetworkMode());
        if (networkMode == null && (file == null || file.networkMode() == null)) {
            networkMode = Choices.parse("networkMode", NetworkMode.class, defaults.networkMode);
        }
        return AgentCoreDeployRequest.builder()
                .runtimeName(runtimeName(step, file))
                .settingsFile(file)
                .image(image)
                .executionRoleArn(firstSet(step.getExecutionRoleArn(), defaults.executionRoleArn))
                .createExecutionRole(Boolean.TRUE.equals(step.getCreateExecutionRole()))
                .executionRoleName(step.getExecutionRoleName())
                .description(step.getDescription())
                .environment(KeyValues.parse("environment", step.getEnvironment()))
                .secretEnvironment(secretEnvironment(context.secrets()))
                .networkMode(networkMode)
                .subnets(step.getSubnets())
                .securityGroups(step.getSecurityGroups())
                .protocol(Choices.parse("protocol", Protocol.class, step.getProtocol()))
                .jwtAuthorizer(jwtAuthorizer(step))
                .idleSessionTimeout(seconds(step.getIdleSessionTimeout()))
                .maxLifetime(seconds(step.getMaxLifetime()))
                .requestHeaders(step.getRequestHeaders())
                .tags(KeyValues.parse("tags", step.getTags()))
                .endpointName(step.getEndpoint())
                .stagingEndpoint(step.getStagingEndpoint())
                .smokeTest(smokeTest(step))
                .rollback(step.getRollback() == null || step.getRollback())
                .timeout(step.getTimeout() == null ? null : Duration.ofMinutes(step.getTimeout()))
                .buildIdentity(context.build().identity())
                .build();
    }

    /** Reads the step's tfvars file, else the conventional one when it exists, unless reading is turned off. */
    private static TfvarsSettings tfvars(AgentCoreDeployStep step, PlanContext context) {
        if (Boolean.FALSE.equals(step.getReadTfvars())) {
            return null;
        }
        if (step.getTfvars() != null) {
            return TfvarsSettings.read(context.resolve(step.getTfvars()));
        }
        Path conventional = context.workspace().resolve(PathConventions.expand("tfvarsPath",
                context.defaults().tfvarsPath, AgentNames.of(step.getAgent())));
        return Files.isRegularFile(conventional) ? TfvarsSettings.read(conventional) : null;
    }

    private static String runtimeName(AgentCoreDeployStep step, TfvarsSettings file) {
        if (step.getRuntimeName() != null) {
            return step.getRuntimeName();
        }
        if (file != null && file.agentName() != null) {
            return file.agentName();
        }
        return AgentNames.of(step.getAgent()).runtimeName();
    }

    private static Map<String, SecretSource> secretEnvironment(StepSecrets secrets) {
        Map<String, SecretSource> sources = new LinkedHashMap<>();
        secrets.secretValues().forEach((name, value) ->
                sources.put(name, SecretSource.value(value, "Jenkins secret text credential for " + name)));
        secrets.secretReferences().forEach((name, reference) ->
                sources.put(name, SecretSource.secretsManager(reference)));
        return sources;
    }

    private static JwtAuthorizer jwtAuthorizer(AgentCoreDeployStep step) {
        if (step.getJwtDiscoveryUrl() == null) {
            if (step.getAllowedAudiences() != null || step.getAllowedClients() != null) {
                throw new InvalidInputException("jwtDiscoveryUrl", null, "allowed audiences and clients belong to a"
                        + " JWT authorizer, which needs the issuer's discovery URL.",
                        "Set jwtDiscoveryUrl, or remove allowedAudiences and allowedClients.");
            }
            return null;
        }
        return new JwtAuthorizer(step.getJwtDiscoveryUrl(), step.getAllowedAudiences(), step.getAllowedClients());
    }

    private static SmokeTest smokeTest(AgentCoreDeployStep step) {
        if (step.getSmokeTestPayload() == null) {
            if (step.getSmokeTestExpect() != null || step.getSmokeTestExpectField() != null) {
                throw new InvalidInputException("smokeTestPayload", null, "expectations need a smoke test to check.",
                        "Set smokeTestPayload, or remove smokeTestExpect and smokeTestExpectField.");
            }
            return null;
        }
        return new SmokeTest(step.getSmokeTestPayload(), step.getSmokeTestExpect(), null, null)
                .withField(step.getSmokeTestExpectField());
    }

    private static Duration seconds(Integer value) {
        return value == null ? null : Duration.ofSeconds(value);
    }
}
