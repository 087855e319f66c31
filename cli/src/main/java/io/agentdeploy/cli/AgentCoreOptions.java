package io.agentdeploy.cli;

import io.agentdeploy.agentcore.AgentCoreDeployRequest;
import io.agentdeploy.agentcore.AgentCoreDeployRequest.NetworkMode;
import io.agentdeploy.agentcore.AgentCoreDeployRequest.Protocol;
import io.agentdeploy.agentcore.JwtAuthorizer;
import io.agentdeploy.agentcore.SmokeTest;
import io.agentdeploy.agentcore.TfvarsSettings;
import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.naming.AgentNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options of the AgentCore layer, shared by {@code agentcore} and {@code deploy}. */
final class AgentCoreOptions {

    @Option(names = "--runtime-name", paramLabel = "<name>",
            description = "AgentCore runtime name ([a-zA-Z][a-zA-Z0-9_]{0,47}). Default: agent_name from the tfvars"
                    + " file, else the agent name.")
    String runtimeName;

    @Option(names = "--tfvars", paramLabel = "<file>",
            description = "Terraform variables file with the runtime's settings; options on the command line win."
                    + " Default: infrastructure/stacks/agentcore-runtime/<agent>.tfvars, if present.")
    Path tfvars;

    @Option(names = "--no-tfvars", description = "Do not read a tfvars file, not even the default one.")
    boolean noTfvars;

    @Option(names = "--execution-role-arn", paramLabel = "<arn>",
            description = "IAM role the runtime runs as; it must trust bedrock-agentcore.amazonaws.com and may pull"
                    + " the image.")
    String executionRoleArn;

    @Option(names = "--create-execution-role",
            description = "Create or complete the execution role (trust policy, ECR pull, CloudWatch Logs, X-Ray):"
                    + " the one --execution-role-arn names, else --execution-role-name.")
    boolean createExecutionRole;

    @Option(names = "--execution-role-name", paramLabel = "<name>",
            description = "Name of the role --create-execution-role ensures. Default: agentcore-<runtime name>.")
    String executionRoleName;

    @Option(names = "--description", paramLabel = "<text>", description = "Runtime description, up to 4096 characters.")
    String description;

    @Option(names = "--env", paramLabel = "<name=value>", split = ",",
            description = "Plain environment variable of the runtime; repeat the option or separate pairs with ','."
                    + " Up to 50 variables in all; values are never printed.")
    Map<String, String> environment = new LinkedHashMap<>();

    @Option(names = "--secret-env", paramLabel = "<name=source>",
            description = "Secret environment variable: NAME=ENV:VARIABLE takes the value of this process's"
                    + " environment variable VARIABLE; NAME=arn:aws:secretsmanager:...[:json-key] reads a Secrets"
                    + " Manager secret. The value is never printed; repeatable.")
    Map<String, String> secretEnvironment = new LinkedHashMap<>();

    @Option(names = "--network-mode", paramLabel = "<mode>",
            description = "Network mode: ${COMPLETION-CANDIDATES}. Default: the tfvars file's, else PUBLIC.")
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

    @Option(names = "--jwt-discovery-url", paramLabel = "<url>",
            description = "OpenID discovery URL (.../.well-known/openid-configuration) of a custom JWT authorizer;"
                    + " callers then send bearer tokens instead of signing with AWS credentials.")
    String jwtDiscoveryUrl;

    @Option(names = "--allowed-audience", paramLabel = "<aud>", split = ",",
            description = "Audience a JWT may carry; repeatable. Needs --jwt-discovery-url.")
    List<String> allowedAudiences = new ArrayList<>();

    @Option(names = "--allowed-client", paramLabel = "<client-id>", split = ",",
            description = "Client id a JWT may carry; repeatable. Needs --jwt-discovery-url.")
    List<String> allowedClients = new ArrayList<>();

    @Option(names = "--idle-timeout", paramLabel = "<duration>", converter = DurationConverter.class,
            description = "Idle runtime session timeout, 1m to 8h. Default: 15m (the service's).")
    Duration idleTimeout;

    @Option(names = "--max-lifetime", paramLabel = "<duration>", converter = DurationConverter.class,
            description = "Maximum runtime session lifetime, 1m to 8h. Default: 8h (the service's).")
    Duration maxLifetime;

    @Option(names = "--request-header", paramLabel = "<name>", split = ",",
            description = "Request header passed on to the agent: Authorization or"
                    + " X-Amzn-Bedrock-AgentCore-Runtime-Custom-*; repeatable, up to 20.")
    List<String> requestHeaders = new ArrayList<>();

    @Option(names = "--runtime-tag", paramLabel = "<key=value>", split = ",",
            description = "Tag of the runtime; repeatable, up to 50. Tags set elsewhere are kept.")
    Map<String, String> tags = new LinkedHashMap<>();

    @Option(names = "--endpoint", paramLabel = "<name>",
            description = "Production endpoint that serves the new version; DEFAULT follows every update by itself,"
                    + " another name is created or moved. Default: DEFAULT.")
    String endpoint;

    @Option(names = "--staging-endpoint", paramLabel = "<name>",
            description = "Blue/green: move this endpoint to the new version first and smoke-test it there, then"
                    + " move the production endpoint.")
    String stagingEndpoint;

    @Option(names = "--smoke-test-payload", paramLabel = "<json>",
            description = "Invoke the new version once with this payload after it is READY; a failing reply fails"
                    + " the deployment.")
    String smokeTestPayload;

    @Option(names = "--smoke-test-expect", paramLabel = "<text>",
            description = "Text the smoke test's reply must contain.")
    String smokeTestExpect;

    @Option(names = "--smoke-test-expect-field", paramLabel = "<path[=value]>",
            description = "JSON field the smoke test's reply must have, as a dotted path or JSON Pointer, with the"
                    + " value it must have, for example status=ok.")
    String smokeTestExpectField;

    @Option(names = "--build-identity", paramLabel = "<text>",
            description = "Identity of this build, from which the client tokens of mutating calls are derived, so a"
                    + " retried run does not act twice, for example <job>#<build number>. Default: the runtime name"
                    + " and image (the tokens also cover a hash of the settings).")
    String buildIdentity;

    /** Rejects options of this layer given on the command line that contradict each other or would be ignored. */
    void checkOptions(OptionConflicts conflicts) {
        conflicts.exclude("--tfvars", "--no-tfvars", "--no-tfvars reads no tfvars file, not even the one --tfvars names.");
        if (conflicts.given("--execution-role-name") != null && !createExecutionRole) {
            throw new InvalidInputException("--execution-role-name", executionRoleName, "the name is used only to"
                    + " create the role, and --create-execution-role is not given.",
                    "Add --create-execution-role, or drop --execution-role-name and pass --execution-role-arn.");
        }
    }

    /** Returns the runtime name: {@code --runtime-name}, else the tfvars file's, else derived from the agent. */
    String runtimeName(String agent, TfvarsSettings file) {
        if (runtimeName != null) {
            return runtimeName;
        }
        if (file != null && file.agentName() != null) {
            return file.agentName();
        }
        if (agent == null) {
            throw new InvalidInputException("--agent", null, "an agent or a runtime name is required.",
                    "Pass --agent <name>, or --runtime-name <name>.");
        }
        return AgentNames.of(agent).runtimeName();
    }

    /** Reads {@code --tfvars}, or the agent's file by convention when it exists. */
    TfvarsSettings settingsFile(CommandContext context, String agent) {
        if (noTfvars) {
            return null;
        }
        if (tfvars != null) {
            return TfvarsSettings.read(context.resolve(tfvars));
        }
        if (agent == null) {
            return null;
        }
        Path conventional = context.resolve(AgentNames.of(agent).tfvarsFile());
        return Files.isRegularFile(conventional) ? TfvarsSettings.read(conventional) : null;
    }

    AgentCoreDeployRequest request(CommandContext context, String agent, String image, Duration timeout,
            boolean rollback) {
        TfvarsSettings file = settingsFile(context, agent);
        return AgentCoreDeployRequest.builder()
                .runtimeName(runtimeName(agent, file))
                .settingsFile(file)
                .image(image)
                .executionRoleArn(executionRoleArn)
                .createExecutionRole(createExecutionRole)
                .executionRoleName(executionRoleName)
                .description(description)
                .environment(environment)
                .secretEnvironment(SecretEnvironmentOption.resolve(secretEnvironment, context.environment(),
                        context.redactor()))
                .networkMode(networkMode)
                .subnets(subnets)
                .securityGroups(securityGroups)
                .protocol(protocol)
                .jwtAuthorizer(jwtAuthorizer())
                .idleSessionTimeout(idleTimeout)
                .maxLifetime(maxLifetime)
                .requestHeaders(requestHeaders)
                .tags(tags)
                .endpointName(endpoint)
                .stagingEndpoint(stagingEndpoint)
                .smokeTest(smokeTest())
                .rollback(rollback)
                .timeout(timeout)
                .buildIdentity(buildIdentity)
                .build();
    }

    private JwtAuthorizer jwtAuthorizer() {
        if (jwtDiscoveryUrl == null) {
            if (!allowedAudiences.isEmpty() || !allowedClients.isEmpty()) {
                throw new InvalidInputException("--jwt-discovery-url", null, "allowed audiences and clients belong"
                        + " to a JWT authorizer, which needs the issuer's discovery URL.",
                        "Pass --jwt-discovery-url, or remove --allowed-audience and --allowed-client.");
            }
            return null;
        }
        return new JwtAuthorizer(jwtDiscoveryUrl, allowedAudiences, allowedClients);
    }

    private SmokeTest smokeTest() {
        if (smokeTestPayload == null) {
            if (smokeTestExpect != null || smokeTestExpectField != null) {
                throw new InvalidInputException("--smoke-test-payload", null, "expectations need a smoke test to"
                        + " check.", "Pass --smoke-test-payload, or remove --smoke-test-expect and"
                        + " --smoke-test-expect-field.");
            }
            return null;
        }
        return new SmokeTest(smokeTestPayload, smokeTestExpect, null, null).withField(smokeTestExpectField);
    }
}
