package io.agentdeploy.testkit.agentcore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.Faults;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockagentcorecontrol.BedrockAgentCoreControlClient;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.AgentRuntimeArtifact;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.ContainerConfiguration;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.CreateAgentRuntimeRequest;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.LifecycleConfiguration;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.NetworkMode;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.ValidationException;

/** The lifecycleConfiguration rules of the AgentCore control double, on create and update. */
public class AgentCoreLifecycleRulesTest {

    private static final String IMAGE = AgentCoreControlDoubleTest.IMAGE_V1;
    private static final String IDLE = "lifecycleConfiguration.idleRuntimeSessionTimeout";
    private static final String MAX = "lifecycleConfiguration.maxLifetime";

    /** A lifecycle configuration the double rejects, and the field and message it names. */
    private record Rejected(String label, Integer idle, Integer max, String field, String message) {
    }

    private static final List<Rejected> REJECTED = List.of(
            new Rejected("idle below 60", 59, null, IDLE, "1 validation error detected: Value '59' at '" + IDLE
                    + "' failed to satisfy constraint: Member must have value between 60 and 28800"),
            new Rejected("idle above 28800", 28801, null, IDLE, "1 validation error detected: Value '28801' at '"
                    + IDLE + "' failed to satisfy constraint: Member must have value between 60 and 28800"),
            new Rejected("max below 60", null, 59, MAX, "1 validation error detected: Value '59' at '" + MAX
                    + "' failed to satisfy constraint: Member must have value between 60 and 28800"),
            new Rejected("max above 28800", null, 28801, MAX, "1 validation error detected: Value '28801' at '" + MAX
                    + "' failed to satisfy constraint: Member must have value between 60 and 28800"),
            new Rejected("idle above max", 7200, 3600, IDLE, "1 validation error detected: Value '7200' at '" + IDLE
                    + "' failed to satisfy constraint: Member must be less than or equal to maxLifetime (3600)"),
            new Rejected("idle one above max", 61, 60, IDLE, "1 validation error detected: Value '61' at '" + IDLE
                    + "' failed to satisfy constraint: Member must be less than or equal to maxLifetime (60)"));

    private final CallLog callLog = new CallLog();
    private AgentCoreControlDouble server;
    private BedrockAgentCoreControlClient client;

    @Before
    public void start() {
        server = new AgentCoreControlDouble(callLog, new Faults(), reference -> true);
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
    public void createRejectsInvalidLifecycle() {
        for (Rejected rejected : REJECTED) {
            ValidationException failure = catchThrowableOfType(ValidationException.class,
                    () -> client.createAgentRuntime(request(lifecycle(rejected.idle(), rejected.max()))));

            assertThat(failure).as(rejected.label()).isNotNull();
            assertThat(failure.statusCode()).as(rejected.label()).isEqualTo(400);
            assertThat(failure.awsErrorDetails().errorMessage()).as(rejected.label()).isEqualTo(rejected.message());
            assertThat(failure.reasonAsString()).as(rejected.label()).isEqualTo("FieldValidationFailed");
            assertThat(failure.fieldList()).as(rejected.label()).singleElement()
                    .satisfies(field -> assertThat(field.name()).isEqualTo(rejected.field()));
        }
        assertThat(client.listAgentRuntimes(r -> { }).agentRuntimes()).isEmpty();
    }

    @Test
    public void updateRejectsIdleAboveMax() {
        String id = client.createAgentRuntime(request(lifecycle(600, 3600))).agentRuntimeId();

        assertThatThrownBy(() -> client.updateAgentRuntime(r -> r.agentRuntimeId(id).agentRuntimeArtifact(artifact())
                .roleArn(AgentCoreControlDoubleTest.ROLE).networkConfiguration(n -> n.networkMode(NetworkMode.PUBLIC))
                .lifecycleConfiguration(lifecycle(7200, 3600))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.statusCode()).isEqualTo(400))
                .hasMessageStartingWith("1 validation error detected: Value '7200' at '" + IDLE + "' failed to"
                        + " satisfy constraint: Member must be less than or equal to maxLifetime (3600)");
        assertThat(client.listAgentRuntimeVersions(r -> r.agentRuntimeId(id)).agentRuntimes()).hasSize(1);
    }

    @Test
    public void createAcceptsBoundaries() {
        int[][] accepted = {{60, 60}, {28800, 28800}, {60, 28800}, {900, 900}};
        for (int[] values : accepted) {
            String name = "agent_" + values[0] + "_" + values[1];

            String id = client.createAgentRuntime(request(lifecycle(values[0], values[1])).toBuilder()
                    .agentRuntimeName(name).build()).agentRuntimeId();

            LifecycleConfiguration stored = client.getAgentRuntime(r -> r.agentRuntimeId(id)).lifecycleConfiguration();
            assertThat(stored.idleRuntimeSessionTimeout()).as(name).isEqualTo(values[0]);
            assertThat(stored.maxLifetime()).as(name).isEqualTo(values[1]);
        }
    }

    @Test
    public void missingMemberGetsDefault() {
        String shortLife = client.createAgentRuntime(request(lifecycle(null, 600)).toBuilder()
                .agentRuntimeName("short_life").build()).agentRuntimeId();
        String longLife = client.createAgentRuntime(request(lifecycle(null, 3600)).toBuilder()
                .agentRuntimeName("long_life").build()).agentRuntimeId();
        String longIdle = client.createAgentRuntime(request(lifecycle(1200, null)).toBuilder()
                .agentRuntimeName("long_idle").build()).agentRuntimeId();

        LifecycleConfiguration capped = client.getAgentRuntime(r -> r.agentRuntimeId(shortLife))
                .lifecycleConfiguration();
        LifecycleConfiguration defaultIdle = client.getAgentRuntime(r -> r.agentRuntimeId(longLife))
                .lifecycleConfiguration();
        LifecycleConfiguration defaultMax = client.getAgentRuntime(r -> r.agentRuntimeId(longIdle))
                .lifecycleConfiguration();
        assertThat(capped.idleRuntimeSessionTimeout()).as("idle capped at a max below 900").isEqualTo(600);
        assertThat(capped.maxLifetime()).isEqualTo(600);
        assertThat(defaultIdle.idleRuntimeSessionTimeout()).as("idle default").isEqualTo(900);
        assertThat(defaultIdle.maxLifetime()).isEqualTo(3600);
        assertThat(defaultMax.idleRuntimeSessionTimeout()).isEqualTo(1200);
        assertThat(defaultMax.maxLifetime()).as("max default").isEqualTo(28800);
    }

    private static CreateAgentRuntimeRequest request(LifecycleConfiguration lifecycle) {
        return CreateAgentRuntimeRequest.builder()
                .agentRuntimeName("chat_agent")
                .agentRuntimeArtifact(artifact())
                .roleArn(AgentCoreControlDoubleTest.ROLE)
                .networkConfiguration(n -> n.networkMode(NetworkMode.PUBLIC))
                .lifecycleConfiguration(lifecycle)
                .build();
    }

    private static LifecycleConfiguration lifecycle(Integer idle, Integer max) {
        return LifecycleConfiguration.builder().idleRuntimeSessionTimeout(idle).maxLifetime(max).build();
    }

    private static AgentRuntimeArtifact artifact() {
        return AgentRuntimeArtifact.fromContainerConfiguration(ContainerConfiguration.builder().containerUri(IMAGE)
                .build());
    }
}
