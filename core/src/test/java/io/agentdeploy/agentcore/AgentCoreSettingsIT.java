package io.agentdeploy.agentcore;

import static io.agentdeploy.agentcore.AgentCoreFixture.IMAGE_V1;
import static io.agentdeploy.agentcore.AgentCoreFixture.IMAGE_V2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeploy.agentcore.AgentCoreDeployRequest.NetworkMode;
import io.agentdeploy.agentcore.AgentCoreDeployRequest.Protocol;
import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.progress.ProgressLevel;
import io.agentdeploy.report.JsonRecords;
import io.agentdeploy.report.LayerRecord;
import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.agentcore.AgentCoreControlDouble;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import software.amazon.awssdk.services.bedrockagentcorecontrol.BedrockAgentCoreControlClient;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.GetAgentRuntimeResponse;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.ValidationException;

/** Runtime settings, tags, secrets, execution roles and idempotency of {@link AgentCoreDeployService}. */
public class AgentCoreSettingsIT {

    private static final String CONTROL = AgentCoreControlDouble.SERVICE;
    private static final String DISCOVERY = AgentCoreDeployRequestTest.DISCOVERY;
    private static final String CUSTOM_HEADER = "X-Amzn-Bedrock-AgentCore-Runtime-Custom-Tenant";

    @Rule
    public final AgentCoreFixture fixture = new AgentCoreFixture();

    @Test
    public void everySettingReachesTheRuntime() {
        AgentCoreDeployResult result = fixture.service.deploy(complete(IMAGE_V1).build());

        GetAgentRuntimeResponse runtime = read(result.runtimeId());
        assertThat(runtime.description()).isEqualTo("Chat agent");
        assertThat(runtime.networkConfiguration().networkModeAsString()).isEqualTo("VPC");
        assertThat(runtime.networkConfiguration().networkModeConfig().subnets())
                .containsExactly("subnet-0123456789abcdef0");
        assertThat(runtime.networkConfiguration().networkModeConfig().securityGroups())
                .containsExactly("sg-0123456789abcdef0");
        assertThat(runtime.protocolConfiguration().serverProtocolAsString()).isEqualTo("MCP");
        assertThat(runtime.authorizerConfiguration().customJWTAuthorizer().discoveryUrl()).isEqualTo(DISCOVERY);
        assertThat(runtime.authorizerConfiguration().customJWTAuthorizer().allowedAudience()).containsExactly("chat");
        assertThat(runtime.authorizerConfiguration().customJWTAuthorizer().allowedClients())
                .containsExactly("client-a", "client-b");
        assertThat(runtime.lifecycleConfiguration().idleRuntimeSessionTimeout()).isEqualTo(600);
        assertThat(runtime.lifecycleConfiguration().maxLifetime()).isEqualTo(7200);
        assertThat(runtime.requestHeaderConfiguration().requestHeaderAllowlist())
                .containsExactly("Authorization", CUSTOM_HEADER);
        assertThat(runtime.environmentVariables()).containsExactly(Map.entry("LOG_LEVEL", "info"));
        assertThat(fixture.control.tags("agentic_chat")).contains(Map.of("team", "chat", "cost-center", "42"));
    }

    @Test
    public void rerunOfEverySettingChangesNothing() {
        fixture.service.deploy(complete(IMAGE_V1).build());
        fixture.callLog.clear();

        AgentCoreDeployResult rerun = fixture.service.deploy(complete(IMAGE_V1)
                .jwtAuthorizer(new JwtAuthorizer(DISCOVERY, List.of("chat"), List.of("client-b", "client-a")))
                .requestHeaders(List.of(CUSTOM_HEADER, "Authorization"))
                .build());

        assertThat(rerun.changed()).isFalse();
        assertThat(fixture.callLog.mutatingCalls()).isEmpty();
    }

    @Test
    public void updateKeepsEverySetting() {
        AgentCoreDeployResult first = fixture.service.deploy(complete(IMAGE_V1).build());

        fixture.service.deploy(complete(IMAGE_V2).build());

        GetAgentRuntimeResponse runtime = read(first.runtimeId());
        assertThat(runtime.agentRuntimeVersion()).isEqualTo("2");
        assertThat(runtime.authorizerConfiguration().customJWTAuthorizer().discoveryUrl()).isEqualTo(DISCOVERY);
        assertThat(runtime.lifecycleConfiguration().maxLifetime()).isEqualTo(7200);
        assertThat(runtime.requestHeaderConfiguration().requestHeaderAllowlist()).hasSize(2);
        assertThat(runtime.environmentVariables()).containsEntry("LOG_LEVEL", "info");
    }

    @Test
    public void removedSettingIsRemoved() {
        AgentCoreDeployResult first = fixture.service.deploy(complete(IMAGE_V1).build());

        fixture.service.deploy(complete(IMAGE_V1).jwtAuthorizer(null).idleSessionTimeout(null).build());

        GetAgentRuntimeResponse runtime = read(first.runtimeId());
        assertThat(runtime.authorizerConfiguration()).isNull();
        assertThat(runtime.lifecycleConfiguration().idleRuntimeSessionTimeout()).isEqualTo(900);
        assertThat(fixture.listener.messages(ProgressLevel.LIFECYCLE)).anySatisfy(line -> assertThat(line)
                .endsWith("from version 1: JWT authorizer, lifecycle changed."));
    }

    @Test
    public void shortLifetimeAloneCapsIdleTimeout() {
        AgentCoreDeployResult first = fixture.service.deploy(fixture.request(IMAGE_V1)
                .maxLifetime(Duration.ofMinutes(10)).build());
        fixture.callLog.clear();

        AgentCoreDeployResult rerun = fixture.service.deploy(fixture.request(IMAGE_V1)
                .maxLifetime(Duration.ofMinutes(10)).build());

        GetAgentRuntimeResponse runtime = read(first.runtimeId());
        assertThat(runtime.lifecycleConfiguration().idleRuntimeSessionTimeout()).isEqualTo(600);
        assertThat(runtime.lifecycleConfiguration().maxLifetime()).isEqualTo(600);
        assertThat(rerun.changed()).isFalse();
        assertThat(fixture.callLog.mutatingCalls()).isEmpty();
    }

    @Test
    public void unreadTfvarsKeysAreWarned() {
        TfvarsSettings file = new TfvarsSettings(java.nio.file.Path.of("agents", "chat.tfvars"), null, null, Map.of(),
                null, List.of(), List.of(), null, null, null, null, null, List.of(), Map.of(),
                java.util.Set.of("create_endpoint", "agent_descripton"));

        AgentCoreDeployResult result = fixture.service.deploy(fixture.request(IMAGE_V1).settingsFile(file).build());

        String warning = "The tfvars file chat.tfvars sets keys that the AgentCore deployment does not read, so they"
                + " have no effect here: 'agent_descripton' (did you mean 'agent_description'?), 'create_endpoint'.";
        assertThat(fixture.listener.messages(ProgressLevel.WARNING)).contains(warning);
        assertThat(result.notes()).contains(warning);
    }

    @Test
    public void tagsAreAddedWithoutNewVersion() {
        fixture.service.deploy(fixture.request(IMAGE_V1).tags(Map.of("team", "chat")).build());
        fixture.callLog.clear();

        AgentCoreDeployResult result = fixture.service.deploy(fixture.request(IMAGE_V1)
                .tags(Map.of("team", "chat", "env", "prod")).build());

        assertThat(result.changed()).isTrue();
        assertThat(result.runtimeVersion()).isEqualTo("1");
        assertThat(fixture.callLog.mutatingCalls()).extracting(CallLog.Call::operation).containsExactly("TagResource");
        assertThat(fixture.control.tags("agentic_chat")).contains(Map.of("team", "chat", "env", "prod"));
    }

    @Test
    public void secretsReachRuntimeButNoOutput() {
        String whole = "sm-whole-secret-0a1b2c";
        String keyed = "sm-keyed-secret-3d4e5f";
        String held = "held-secret-6a7b8c";
        String wholeArn = fixture.secrets.putSecret("agents/chat/openai", whole);
        String jsonArn = fixture.secrets.putSecret("agents/chat/db", "{\"password\":\"" + keyed + "\",\"user\":\"u\"}");
        AgentCoreDeployRequest request = fixture.request(IMAGE_V1)
                .putSecretEnvironment("OPENAI_API_KEY", SecretSource.secretsManager(wholeArn))
                .putSecretEnvironment("DB_PASSWORD", SecretSource.secretsManager(jsonArn + ":password"))
                .putSecretEnvironment("SERVICE_TOKEN", SecretSource.value(held, "environment variable CI_TOKEN"))
                .smokeTest(new SmokeTest("{}", null, null, null))
                .build();

        AgentCoreDeployResult result = fixture.service.deploy(request);
        fixture.data.invocationHandler((target, session, call) -> {
            throw new io.agentdeploy.testkit.aws.AwsError(424, "RuntimeClientError", "Agent printed " + whole + " "
                    + keyed + " " + held);
        });
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> fixture.service.deploy(
                fixture.request(IMAGE_V2).secretEnvironment(request.secretEnvironment()).smokeTest(request.smokeTest())
                        .build()));

        assertThat(read(result.runtimeId()).environmentVariables()).isNotNull();
        assertThat(fixture.control.tags("agentic_chat")).isPresent();
        String record = JsonRecords.toJson(new io.agentdeploy.report.DeploymentRecord("agentic_chat", List.of(
                LayerRecord.of("agentic_chat", result, Instant.EPOCH, Duration.ZERO),
                LayerRecord.failed(io.agentdeploy.report.Layer.AGENTCORE, "agentic_chat", "x", Instant.EPOCH,
                        Duration.ZERO, (RuntimeException) failure))));
        String everything = fixture.listener.text() + record + failure.getMessage() + failure.toString()
                + String.join(" ", ((AgentCoreException) failure).notes()) + request + result;
        for (String secret : List.of(whole, keyed, held)) {
            assertThat(everything).as("output, record and failure").doesNotContain(secret);
        }
        assertThat(failure.getMessage()).contains("RuntimeClientError (HTTP 424): Agent printed **** **** ****");
        assertThat(fixture.listener.messages(ProgressLevel.LIFECYCLE)).contains("Secret environment variables"
                + " (values hidden): OPENAI_API_KEY, DB_PASSWORD, SERVICE_TOKEN.");
    }

    @Test
    public void secretValuesAreSentToRuntime() {
        String arn = fixture.secrets.putSecret("agents/chat/db", "{\"password\":\"pw-from-json\"}");

        AgentCoreDeployResult result = fixture.service.deploy(fixture.request(IMAGE_V1)
                .putSecretEnvironment("DB_PASSWORD", SecretSource.secretsManager(arn + ":password")).build());

        assertThat(read(result.runtimeId()).environmentVariables()).containsEntry("DB_PASSWORD", "pw-from-json");
    }

    @Test
    public void missingSecretFailsBeforeAnyRuntimeCall() {
        String arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:agents/absent-AbCdEf";

        assertThatThrownBy(() -> fixture.service.deploy(fixture.request(IMAGE_V1)
                .putSecretEnvironment("TOKEN", SecretSource.secretsManager(arn)).build()))
                .isInstanceOf(AgentCoreException.class)
                .hasMessage("Secret environment variable 'TOKEN': Secrets Manager secret '" + arn + "' could not be"
                        + " read: ResourceNotFoundException (HTTP 400): Secrets Manager can't find the specified"
                        + " secret. Check the ARN and that the secret has a current value.");
        assertThat(fixture.callLog.calls()).noneMatch(call -> call.service().equals(CONTROL));
    }

    @Test
    public void missingJsonKeyIsReported() {
        String arn = fixture.secrets.putSecret("agents/chat/db", "{\"user\":\"u\"}");

        assertThatThrownBy(() -> fixture.service.deploy(fixture.request(IMAGE_V1)
                .putSecretEnvironment("DB_PASSWORD", SecretSource.secretsManager(arn + ":password")).build()))
                .isInstanceOf(AgentCoreException.class)
                .hasMessage("Secret environment variable 'DB_PASSWORD': Secrets Manager secret '" + arn + "' is not a"
                        + " JSON object with a text or number value under 'password'. Check the key, or pass the ARN"
                        + " without ':password' to use the whole secret.");
    }

    @Test
    public void executionRoleIsCreatedOnce() {
        AgentCoreDeployRequest request = fixture.request(IMAGE_V1).executionRoleArn(null).createExecutionRole(true)
                .build();

        AgentCoreDeployResult first = fixture.service.deploy(request);
        fixture.callLog.clear();
        AgentCoreDeployResult rerun = fixture.service.deploy(request);

        assertThat(first.executionRoleArn()).isEqualTo("arn:aws:iam::123456789012:role/agentcore-agentic_chat");
        assertThat(read(first.runtimeId()).roleArn()).isEqualTo(first.executionRoleArn());
        assertThat(fixture.iam.trustPolicy("agentcore-agentic_chat")).hasValueSatisfying(trust -> assertThat(trust)
                .contains("\"Service\":\"bedrock-agentcore.amazonaws.com\"", "\"aws:SourceAccount\":\"123456789012\""));
        assertThat(fixture.iam.inlinePolicy("agentcore-agentic_chat", ExecutionRoles.POLICY_NAME))
                .hasValueSatisfying(policy -> assertThat(policy).contains("ecr:BatchGetImage",
                        "arn:aws:ecr:us-east-1:123456789012:repository/agentic-platform-chat",
                        "/aws/bedrock-agentcore/runtimes/*", "logs:PutLogEvents"));
        assertThat(rerun.changed()).isFalse();
        assertThat(fixture.callLog.mutatingCalls()).isEmpty();
    }

    @Test
    public void existingRoleGetsTrustStatementAdded() {
        String ec2Trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                + "\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
        fixture.iam.putRole("agentcore-runtime", ec2Trust);

        fixture.service.deploy(fixture.request(IMAGE_V1).createExecutionRole(true).build());

        assertThat(fixture.iam.trustPolicy("agentcore-runtime")).hasValueSatisfying(trust -> assertThat(trust)
                .contains("ec2.amazonaws.com", "bedrock-agentcore.amazonaws.com"));
        assertThat(fixture.listener.messages(ProgressLevel.LIFECYCLE))
                .contains("Execution role 'agentcore-runtime' now trusts bedrock-agentcore.amazonaws.com.");
    }

    @Test
    public void propagatingRoleIsRetried() {
        fixture.control.rejectRoleForNextCalls(2);

        AgentCoreDeployResult result = fixture.service.deploy(fixture.request(IMAGE_V1).build());

        assertThat(result.status()).isEqualTo("READY");
        assertThat(fixture.callLog.calls(CONTROL, "CreateAgentRuntime")).extracting(CallLog.Call::status)
                .containsExactly(400, 400, 202);
        assertThat(fixture.listener.messages(ProgressLevel.WARNING)).contains(
                "Retrying CreateAgentRuntime (attempt 2) in 2s: AgentCore cannot use the execution role yet, which is"
                        + " normal for a minute or two after the role or its policies changed.",
                "Retrying CreateAgentRuntime (attempt 3) in 4s: AgentCore cannot use the execution role yet, which is"
                        + " normal for a minute or two after the role or its policies changed.");
    }

    @Test
    public void propagationRetryEndsAfterWindow() {
        fixture.control.rejectRoleForNextCalls(1000);

        assertThatThrownBy(() -> fixture.service.deploy(fixture.request(IMAGE_V1).build()))
                .isInstanceOf(AgentCoreException.class)
                .hasMessageContaining("ValidationException (HTTP 400): Role validation failed for '"
                        + AgentCoreDeployRequestTest.ROLE + "'")
                .hasMessageContaining("a role created moments ago can take a minute to become usable.");
        assertThat(fixture.clock.slept()).isLessThanOrEqualTo(PropagationRetry.WINDOW);
        assertThat(fixture.callLog.calls(CONTROL, "CreateAgentRuntime").size()).isBetween(10, 20);
    }

    @Test
    public void retriedCreateWithSameBuildIsNotDoubled() {
        AgentCoreDeployRequest request = fixture.request(IMAGE_V1).buildIdentity("jobs/chat#17").build();
        AgentCoreBegun first = fixture.service.begin(request);
        fixture.control.hideFromNextListing("agentic_chat");

        AgentCoreBegun retried = fixture.service.begin(request);

        assertThat(retried.runtimeId()).isEqualTo(first.runtimeId());
        assertThat(retried.targetVersion()).isEqualTo("1");
        assertThat(fixture.callLog.calls(CONTROL, "CreateAgentRuntime")).extracting(CallLog.Call::status)
                .containsExactly(202, 202);
        try (BedrockAgentCoreControlClient client = fixture.clients.agentCoreControl()) {
            assertThat(client.listAgentRuntimes(r -> r.maxResults(10)).agentRuntimes()).hasSize(1);
        }
    }

    @Test
    public void throttledUpdateIsRetriedAndCounted() {
        fixture.service.deploy(fixture.request(IMAGE_V1).build());
        fixture.faults.inject(CONTROL, "UpdateAgentRuntime", io.agentdeploy.testkit.Faults.Kind.THROTTLE, 2);

        AgentCoreDeployResult result = fixture.service.deploy(fixture.request(IMAGE_V2).build());

        assertThat(result.runtimeVersion()).isEqualTo("2");
        assertThat(fixture.callLog.calls(CONTROL, "UpdateAgentRuntime")).extracting(CallLog.Call::status)
                .containsExactly(429, 429, 202);
        assertThat(fixture.listener.messages(ProgressLevel.WARNING)).contains(
                "Retrying BedrockAgentCoreControl UpdateAgentRuntime (attempt 3 of 5) after HTTP 429.");
    }

    @Test
    public void idleAboveLifetimeRejectedBeforeAndAtService() {
        AgentCoreDeployRequest.Builder request = fixture.request(IMAGE_V1).idleSessionTimeout(Duration.ofHours(2))
                .maxLifetime(Duration.ofHours(1));

        assertThatThrownBy(request::build)
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.parameter())
                        .isEqualTo("idleSessionTimeout"))
                .hasMessageContaining("maxLifetime");
        assertThat(fixture.callLog.calls()).isEmpty();

        // The same lifecycle sent without the engine's check: the double rejects it as AgentCore does.
        try (BedrockAgentCoreControlClient client = fixture.clients.agentCoreControl()) {
            assertThatThrownBy(() -> client.createAgentRuntime(r -> r.agentRuntimeName("agentic_chat")
                    .agentRuntimeArtifact(a -> a.containerConfiguration(c -> c.containerUri(IMAGE_V1)))
                    .roleArn(AgentCoreDeployRequestTest.ROLE)
                    .networkConfiguration(n -> n.networkMode("PUBLIC"))
                    .lifecycleConfiguration(l -> l.idleRuntimeSessionTimeout(7200).maxLifetime(3600))))
                    .isInstanceOfSatisfying(ValidationException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.reasonAsString()).isEqualTo("FieldValidationFailed");
                        assertThat(e.fieldList()).singleElement().satisfies(field -> assertThat(field.name())
                                .isEqualTo("lifecycleConfiguration.idleRuntimeSessionTimeout"));
                    })
                    .hasMessageStartingWith("1 validation error detected: Value '7200' at"
                            + " 'lifecycleConfiguration.idleRuntimeSessionTimeout' failed to satisfy constraint:"
                            + " Member must be less than or equal to maxLifetime (3600)");
        }
        assertThat(fixture.callLog.calls(CONTROL, "CreateAgentRuntime")).extracting(CallLog.Call::status)
                .containsExactly(400);
    }

    private AgentCoreDeployRequest.Builder complete(String image) {
        return fixture.request(image)
                .description("Chat agent")
                .putEnvironment("LOG_LEVEL", "info")
                .networkMode(NetworkMode.VPC)
                .subnets(List.of("subnet-0123456789abcdef0"))
                .securityGroups(List.of("sg-0123456789abcdef0"))
                .protocol(Protocol.MCP)
                .jwtAuthorizer(new JwtAuthorizer(DISCOVERY, List.of("chat"), List.of("client-a", "client-b")))
                .idleSessionTimeout(Duration.ofMinutes(10))
                .maxLifetime(Duration.ofHours(2))
                .requestHeaders(List.of("Authorization", CUSTOM_HEADER))
                .tags(Map.of("team", "chat", "cost-center", "42"));
    }

    private GetAgentRuntimeResponse read(String runtimeId) {
        try (BedrockAgentCoreControlClient client = fixture.clients.agentCoreControl()) {
            return client.getAgentRuntime(r -> r.agentRuntimeId(runtimeId));
        }
    }
}
