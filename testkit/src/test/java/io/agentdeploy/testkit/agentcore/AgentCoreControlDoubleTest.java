package io.agentdeploy.testkit.agentcore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.Faults;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockagentcorecontrol.BedrockAgentCoreControlClient;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.AgentRuntime;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.AgentRuntimeArtifact;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.ConflictException;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.ContainerConfiguration;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.CreateAgentRuntimeRequest;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.CreateAgentRuntimeResponse;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.GetAgentRuntimeEndpointResponse;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.GetAgentRuntimeResponse;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.ListAgentRuntimesResponse;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.NetworkMode;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.ValidationException;

public class AgentCoreControlDoubleTest {

    static final String IMAGE_V1 = "123456789012.dkr.ecr.us-east-1.amazonaws.com/agentic-platform-chat:1";
    static final String IMAGE_V2 = "123456789012.dkr.ecr.us-east-1.amazonaws.com/agentic-platform-chat:2";
    static final String ROLE = "arn:aws:iam::123456789012:role/agentcore-runtime";
    static final String TOKEN_A = "a".repeat(40);

    private final CallLog callLog = new CallLog();
    private final Faults faults = new Faults();
    private final Set<String> missingImages = ConcurrentHashMap.newKeySet();
    private AgentCoreControlDouble server;
    private BedrockAgentCoreControlClient client;

    @Before
    public void start() {
        server = new AgentCoreControlDouble(callLog, faults, reference -> !missingImages.contains(reference));
        server.start();
        client = BedrockAgentCoreControlClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @After
    public void stop() {
        client.close();
        server.close();
    }

    @Test
    public void createReturnsIdArnAndFirstVersion() {
        CreateAgentRuntimeResponse created = create("chat_agent", IMAGE_V1, Map.of());

        assertThat(created.agentRuntimeId()).matches("chat_agent-[a-zA-Z0-9]{10}");
        assertThat(created.agentRuntimeArn())
                .isEqualTo("arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/" + created.agentRuntimeId());
        assertThat(created.agentRuntimeVersion()).isEqualTo("1");
        assertThat(created.statusAsString()).isEqualTo("CREATING");
        assertThat(created.createdAt()).isNotNull();
        assertThat(callLog.calls(AgentCoreControlDouble.SERVICE, "CreateAgentRuntime"))
                .singleElement().satisfies(call -> {
                    assertThat(call.mutating()).isTrue();
                    assertThat(call.status()).isEqualTo(202);
                });
    }

    @Test
    public void runtimeBecomesReadyAfterReads() {
        String id = create("chat_agent", IMAGE_V1, Map.of()).agentRuntimeId();

        GetAgentRuntimeResponse first = get(id);
        GetAgentRuntimeResponse second = get(id);

        assertThat(first.statusAsString()).isEqualTo("CREATING");
        assertThat(second.statusAsString()).isEqualTo("READY");
        assertThat(second.agentRuntimeArtifact().containerConfiguration().containerUri()).isEqualTo(IMAGE_V1);
        assertThat(second.roleArn()).isEqualTo(ROLE);
        assertThat(second.networkConfiguration().networkMode()).isEqualTo(NetworkMode.PUBLIC);
        assertThat(second.lifecycleConfiguration().idleRuntimeSessionTimeout()).isEqualTo(900);
        assertThat(second.lifecycleConfiguration().maxLifetime()).isEqualTo(28800);
        assertThat(second.hasEnvironmentVariables()).as("empty environment omitted").isFalse();
        assertThat(second.workloadIdentityDetails().workloadIdentityArn()).contains(id);
        GetAgentRuntimeEndpointResponse endpoint = endpoint(id, "DEFAULT");
        assertThat(endpoint.statusAsString()).isEqualTo("READY");
        assertThat(endpoint.liveVersion()).isEqualTo("1");
        assertThat(endpoint.agentRuntimeEndpointArn()).isEqualTo(
                "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/" + id + "/runtime-endpoint/DEFAULT");
    }

    @Test
    public void environmentRoundTripsAsMap() {
        String id = create("chat_agent", IMAGE_V1, Map.of("MODEL_URL", "http://model", "LOG_LEVEL", "debug"))
                .agentRuntimeId();

        GetAgentRuntimeResponse runtime = get(id);

        assertThat(runtime.environmentVariables())
                .containsExactlyInAnyOrderEntriesOf(Map.of("MODEL_URL", "http://model", "LOG_LEVEL", "debug"));
    }

    @Test
    public void listPaginatesThroughAllRuntimes() {
        for (int i = 0; i < 5; i++) {
            create("agent_" + i, IMAGE_V1, Map.of());
        }

        ListAgentRuntimesResponse firstPage = client.listAgentRuntimes(r -> r.maxResults(2));
        List<String> names = client.listAgentRuntimesPaginator(r -> r.maxResults(2)).agentRuntimes().stream()
                .map(AgentRuntime::agentRuntimeName).collect(Collectors.toList());

        assertThat(firstPage.agentRuntimes()).hasSize(2);
        assertThat(firstPage.nextToken()).isNotBlank();
        assertThat(names).containsExactly("agent_0", "agent_1", "agent_2", "agent_3", "agent_4");
        assertThat(callLog.calls(AgentCoreControlDouble.SERVICE, "ListAgentRuntimes")).hasSize(4);
    }

    @Test
    public void listRejectsForeignNextToken() {
        assertThatThrownBy(() -> client.listAgentRuntimes(r -> r.nextToken("bm90LWEtdG9rZW4")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("The nextToken 'bm90LWEtdG9rZW4' is not valid.");
    }

    @Test
    public void updateAddsVersionAndMovesOnlyDefault() {
        String id = readyRuntime("chat_agent", IMAGE_V1);
        client.createAgentRuntimeEndpoint(r -> r.agentRuntimeId(id).name("blue"));
        endpoint(id, "blue");
        endpoint(id, "blue");

        String version = client.updateAgentRuntime(r -> r.agentRuntimeId(id)
                .agentRuntimeArtifact(artifact(IMAGE_V2)).roleArn(ROLE)
                .networkConfiguration(n -> n.networkMode(NetworkMode.PUBLIC))).agentRuntimeVersion();
        get(id);
        GetAgentRuntimeResponse updated = get(id);

        assertThat(version).isEqualTo("2");
        assertThat(updated.statusAsString()).isEqualTo("READY");
        assertThat(updated.agentRuntimeArtifact().containerConfiguration().containerUri()).isEqualTo(IMAGE_V2);
        assertThat(endpoint(id, "DEFAULT").liveVersion()).isEqualTo("2");
        assertThat(endpoint(id, "blue").liveVersion()).as("pinned endpoint").isEqualTo("1");
        assertThat(client.getAgentRuntime(r -> r.agentRuntimeId(id).agentRuntimeVersion("1"))
                .agentRuntimeArtifact().containerConfiguration().containerUri()).isEqualTo(IMAGE_V1);
        assertThat(client.listAgentRuntimeVersions(r -> r.agentRuntimeId(id)).agentRuntimes())
                .extracting(AgentRuntime::agentRuntimeVersion).containsExactly("1", "2");
    }

    @Test
    public void endpointUpdateMovesPinnedEndpoint() {
        String id = readyRuntime("chat_agent", IMAGE_V1);
        client.createAgentRuntimeEndpoint(r -> r.agentRuntimeId(id).name("blue").agentRuntimeVersion("1"));
        updateAndSettle(id, IMAGE_V2);

        var response = client.updateAgentRuntimeEndpoint(r -> r.agentRuntimeId(id).endpointName("blue")
                .agentRuntimeVersion("2"));
        endpoint(id, "blue");
        GetAgentRuntimeEndpointResponse moved = endpoint(id, "blue");

        assertThat(response.statusAsString()).isEqualTo("UPDATING");
        assertThat(response.targetVersion()).isEqualTo("2");
        assertThat(moved.statusAsString()).isEqualTo("READY");
        assertThat(moved.liveVersion()).isEqualTo("2");
        assertThat(client.listAgentRuntimeEndpoints(r -> r.agentRuntimeId(id)).runtimeEndpoints())
                .extracting(e -> e.name() + "@" + e.liveVersion()).containsExactly("DEFAULT@2", "blue@2");
    }

    @Test
    public void invalidNameIsRejected() {
        assertThatThrownBy(() -> create("chat-agent", IMAGE_V1, Map.of()))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> {
                    ValidationException validation = (ValidationException) e;
                    assertThat(validation.statusCode()).isEqualTo(400);
                    assertThat(validation.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected:"
                            + " Value 'chat-agent' at 'agentRuntimeName' failed to satisfy constraint: Member must"
                            + " satisfy regular expression pattern: [a-zA-Z][a-zA-Z0-9_]{0,47}");
                    assertThat(validation.reasonAsString()).isEqualTo("FieldValidationFailed");
                    assertThat(validation.fieldList()).singleElement()
                            .satisfies(field -> assertThat(field.name()).isEqualTo("agentRuntimeName"));
                });
    }

    @Test
    public void imageFromOtherRegionIsRejected() {
        assertThatThrownBy(() -> create("chat_agent",
                "123456789012.dkr.ecr.eu-west-1.amazonaws.com/agentic-platform-chat:1", Map.of()))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Ecr uri region eu-west-1 does not match the region of the agent runtime us-east-1.");
    }

    @Test
    public void duplicateNameConflicts() {
        create("chat_agent", IMAGE_V1, Map.of());

        assertThatThrownBy(() -> create("chat_agent", IMAGE_V2, Map.of()))
                .isInstanceOf(ConflictException.class)
                .satisfies(e -> assertThat(((ConflictException) e).statusCode()).isEqualTo(409))
                .hasMessageContaining("An agent runtime with the name 'chat_agent' already exists.");
    }

    @Test
    public void clientTokenReplayReturnsFirstResult() {
        CreateAgentRuntimeResponse first = client.createAgentRuntime(createRequest("chat_agent", IMAGE_V1, Map.of())
                .clientToken(TOKEN_A).build());

        CreateAgentRuntimeResponse replay = client.createAgentRuntime(createRequest("chat_agent", IMAGE_V1, Map.of())
                .clientToken(TOKEN_A).build());

        assertThat(replay.agentRuntimeId()).isEqualTo(first.agentRuntimeId());
        assertThat(client.listAgentRuntimes(r -> { }).agentRuntimes()).hasSize(1);
    }

    @Test
    public void clientTokenWithOtherParametersIsRejected() {
        client.createAgentRuntime(createRequest("chat_agent", IMAGE_V1, Map.of()).clientToken(TOKEN_A).build());

        assertThatThrownBy(() -> client.createAgentRuntime(createRequest("chat_agent", IMAGE_V2, Map.of())
                .clientToken(TOKEN_A).build()))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).reasonAsString())
                        .isEqualTo("IdempotentParameterMismatchException"));
    }

    @Test
    public void shortClientTokenIsRejected() {
        assertThatThrownBy(() -> client.createAgentRuntime(createRequest("chat_agent", IMAGE_V1, Map.of())
                .clientToken("short").build()))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Member must have length between 33 and 256");
    }

    @Test
    public void missingImageEndsInCreateFailed() {
        missingImages.add(IMAGE_V1);
        String id = create("chat_agent", IMAGE_V1, Map.of()).agentRuntimeId();

        get(id);
        GetAgentRuntimeResponse failed = get(id);

        assertThat(failed.statusAsString()).isEqualTo("CREATE_FAILED");
        assertThat(failed.failureReason()).isEqualTo("Failed to pull the container image '" + IMAGE_V1 + "': the image"
                + " was not found in the repository. Check that the image exists and that the execution role can"
                + " pull it.");
        assertThat(endpoint(id, "DEFAULT").statusAsString()).isEqualTo("CREATE_FAILED");
    }

    @Test
    public void forcedUpdateFailureKeepsDefaultOnPreviousVersion() {
        String id = readyRuntime("chat_agent", IMAGE_V1);
        server.failNextUpdate("Container failed health checks.");

        updateAndSettle(id, IMAGE_V2);
        GetAgentRuntimeResponse failed = get(id);

        assertThat(failed.statusAsString()).isEqualTo("UPDATE_FAILED");
        assertThat(failed.agentRuntimeVersion()).isEqualTo("2");
        assertThat(failed.failureReason()).isEqualTo("Container failed health checks.");
        assertThat(endpoint(id, "DEFAULT").liveVersion()).isEqualTo("1");
    }

    @Test
    public void updateDuringChangeConflicts() {
        String id = create("chat_agent", IMAGE_V1, Map.of()).agentRuntimeId();

        assertThatThrownBy(() -> client.updateAgentRuntime(r -> r.agentRuntimeId(id)
                .agentRuntimeArtifact(artifact(IMAGE_V2)).roleArn(ROLE)
                .networkConfiguration(n -> n.networkMode(NetworkMode.PUBLIC))))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    public void deleteRulesFollowTheService() {
        String id = readyRuntime("chat_agent", IMAGE_V1);
        client.createAgentRuntimeEndpoint(r -> r.agentRuntimeId(id).name("blue"));

        assertThatThrownBy(() -> client.deleteAgentRuntimeEndpoint(r -> r.agentRuntimeId(id).endpointName("DEFAULT")))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> client.deleteAgentRuntime(r -> r.agentRuntimeId(id)))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("has endpoints other than DEFAULT; delete them first.");
        assertThat(client.deleteAgentRuntimeEndpoint(r -> r.agentRuntimeId(id).endpointName("blue")).statusAsString())
                .isEqualTo("DELETING");
        endpoint(id, "DEFAULT");
        endpoint(id, "DEFAULT");
        assertThat(client.deleteAgentRuntime(r -> r.agentRuntimeId(id)).statusAsString()).isEqualTo("DELETING");
        assertThat(get(id).statusAsString()).isEqualTo("DELETING");
        assertThatThrownBy(() -> get(id)).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    public void endpointQuotaIsTen() {
        String id = readyRuntime("chat_agent", IMAGE_V1);
        for (int i = 1; i < AgentCoreControlDouble.MAX_ENDPOINTS; i++) {
            String name = "endpoint_" + i;
            client.createAgentRuntimeEndpoint(r -> r.agentRuntimeId(id).name(name));
        }

        assertThatThrownBy(() -> client.createAgentRuntimeEndpoint(r -> r.agentRuntimeId(id).name("one_too_many")))
                .isInstanceOf(ServiceQuotaExceededException.class)
                .satisfies(e -> assertThat(((ServiceQuotaExceededException) e).statusCode()).isEqualTo(402));
    }

    @Test
    public void unknownRuntimeIsNotFound() {
        assertThatThrownBy(() -> get("chat_agent-AAAAAAAAAA"))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Agent runtime 'chat_agent-AAAAAAAAAA' was not found.");
    }

    @Test
    public void throttledCallIsRetriedBySdk() {
        String id = create("chat_agent", IMAGE_V1, Map.of()).agentRuntimeId();
        faults.inject(AgentCoreControlDouble.SERVICE, "GetAgentRuntime", Faults.Kind.THROTTLE, 1);

        get(id);

        assertThat(callLog.calls(AgentCoreControlDouble.SERVICE, "GetAgentRuntime"))
                .extracting(CallLog.Call::status).containsExactly(429, 200);
    }

    @Test
    public void slowTransitionsWaitForDelay() {
        server.transitionDelay(java.time.Duration.ofHours(1));
        String id = create("chat_agent", IMAGE_V1, Map.of()).agentRuntimeId();

        for (int i = 0; i < 5; i++) {
            get(id);
        }

        assertThat(get(id).statusAsString()).isEqualTo("CREATING");
    }

    @Test
    public void tagsRoundTripOnRuntimeArn() {
        CreateAgentRuntimeResponse created = client.createAgentRuntime(createRequest("chat_agent", IMAGE_V1, Map.of())
                .tags(Map.of("team", "chat")).build());

        client.tagResource(r -> r.resourceArn(created.agentRuntimeArn()).tags(Map.of("cost-center", "42")));
        client.untagResource(r -> r.resourceArn(created.agentRuntimeArn()).tagKeys("team"));

        assertThat(client.listTagsForResource(r -> r.resourceArn(created.agentRuntimeArn())).tags())
                .containsExactly(Map.entry("cost-center", "42"));
        assertThat(server.tags("chat_agent")).contains(Map.of("cost-center", "42"));
    }

    @Test
    public void invalidTagIsRejected() {
        assertThatThrownBy(() -> client.createAgentRuntime(createRequest("chat_agent", IMAGE_V1, Map.of())
                .tags(Map.of("team", "chat#1")).build()))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Value 'chat#1' at 'tags.value' failed to satisfy constraint");
    }

    @Test
    public void propagatingRoleIsRejectedThenAccepted() {
        server.rejectRoleForNextCalls(1);

        assertThatThrownBy(() -> create("chat_agent", IMAGE_V1, Map.of()))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("Role validation failed for '" + ROLE + "'.");
        assertThat(create("chat_agent", IMAGE_V1, Map.of()).agentRuntimeVersion()).isEqualTo("1");
    }

    @Test
    public void containerCheckDecidesReadiness() {
        server.containerCheck((uri, environment, protocol) -> uri.equals(IMAGE_V2)
                ? java.util.Optional.of("The container exited with code 3 before answering GET /ping.")
                : java.util.Optional.empty());
        String id = readyRuntime("chat_agent", IMAGE_V1, Map.of());

        client.updateAgentRuntime(r -> r.agentRuntimeId(id).agentRuntimeArtifact(artifact(IMAGE_V2)).roleArn(ROLE)
                .networkConfiguration(n -> n.networkMode(NetworkMode.PUBLIC)));
        GetAgentRuntimeResponse failed = settle(id);

        assertThat(get(id, "1").statusAsString()).isEqualTo("READY");
        assertThat(failed.statusAsString()).isEqualTo("UPDATE_FAILED");
        assertThat(failed.failureReason()).isEqualTo("The container exited with code 3 before answering GET /ping.");
        assertThat(endpoint(id, "DEFAULT").liveVersion()).isEqualTo("1");
    }

    @Test
    public void containerCheckSeesVersionEnvironment() {
        Map<String, Map<String, String>> seen = new ConcurrentHashMap<>();
        server.containerCheck((uri, environment, protocol) -> {
            seen.put(uri + " " + protocol, environment);
            return java.util.Optional.empty();
        });

        readyRuntime("chat_agent", IMAGE_V1, Map.of("MODEL_URL", "http://model"));

        assertThat(seen).containsExactly(Map.entry(IMAGE_V1 + " HTTP", Map.of("MODEL_URL", "http://model")));
    }

    private GetAgentRuntimeResponse get(String id, String version) {
        return client.getAgentRuntime(r -> r.agentRuntimeId(id).agentRuntimeVersion(version));
    }

    private String readyRuntime(String name, String image, Map<String, String> environment) {
        String id = create(name, image, environment).agentRuntimeId();
        settle(id);
        return id;
    }

    /** Reads until the change in progress is over; a container check runs in the background. */
    private GetAgentRuntimeResponse settle(String id) {
        for (int i = 0; i < 100; i++) {
            GetAgentRuntimeResponse runtime = get(id);
            if (!Set.of("CREATING", "UPDATING").contains(runtime.statusAsString())) {
                return runtime;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("Runtime " + id + " did not settle");
    }

    private String readyRuntime(String name, String image) {
        String id = create(name, image, Map.of()).agentRuntimeId();
        get(id);
        get(id);
        return id;
    }

    private void updateAndSettle(String id, String image) {
        client.updateAgentRuntime(r -> r.agentRuntimeId(id).agentRuntimeArtifact(artifact(image)).roleArn(ROLE)
                .networkConfiguration(n -> n.networkMode(NetworkMode.PUBLIC)));
        get(id);
        get(id);
    }

    private CreateAgentRuntimeResponse create(String name, String image, Map<String, String> environment) {
        return client.createAgentRuntime(createRequest(name, image, environment).build());
    }

    private static CreateAgentRuntimeRequest.Builder createRequest(String name, String image,
            Map<String, String> environment) {
        return CreateAgentRuntimeRequest.builder()
                .agentRuntimeName(name)
                .agentRuntimeArtifact(artifact(image))
                .roleArn(ROLE)
                .networkConfiguration(n -> n.networkMode(NetworkMode.PUBLIC))
                .environmentVariables(environment);
    }

    private GetAgentRuntimeResponse get(String id) {
        return client.getAgentRuntime(r -> r.agentRuntimeId(id));
    }

    private GetAgentRuntimeEndpointResponse endpoint(String id, String name) {
        return client.getAgentRuntimeEndpoint(r -> r.agentRuntimeId(id).endpointName(name));
    }

    private static AgentRuntimeArtifact artifact(String image) {
        return AgentRuntimeArtifact.fromContainerConfiguration(ContainerConfiguration.builder().containerUri(image).build());
    }
}
