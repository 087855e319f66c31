package io.agentdeploy.testkit.agentcore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.Faults;
import io.agentdeploy.testkit.ImageLookup;
import io.agentdeploy.testkit.aws.Json;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockagentcore.BedrockAgentCoreClient;
import software.amazon.awssdk.services.bedrockagentcore.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockagentcorecontrol.BedrockAgentCoreControlClient;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.AgentRuntimeArtifact;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.ContainerConfiguration;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.NetworkMode;

public class AgentCoreDataDoubleTest {

    private static final String SESSION = "session-0123456789-0123456789-0123456789";

    private final CallLog callLog = new CallLog();
    private AgentCoreControlDouble control;
    private AgentCoreDataDouble data;
    private BedrockAgentCoreControlClient controlClient;
    private BedrockAgentCoreClient dataClient;
    private String runtimeId;
    private String runtimeArn;

    @Before
    public void start() {
        control = new AgentCoreControlDouble(callLog, new Faults(), ImageLookup.ANY);
        control.start();
        data = new AgentCoreDataDouble(control, callLog, new Faults());
        data.start();
        StaticCredentialsProvider credentials =
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret"));
        controlClient = BedrockAgentCoreControlClient.builder().endpointOverride(control.endpoint())
                .region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create()).build();
        dataClient = BedrockAgentCoreClient.builder().endpointOverride(data.endpoint())
                .region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create()).build();
        var created = controlClient.createAgentRuntime(r -> r.agentRuntimeName("chat_agent")
                .agentRuntimeArtifact(artifact(AgentCoreControlDoubleTest.IMAGE_V1))
                .roleArn(AgentCoreControlDoubleTest.ROLE)
                .networkConfiguration(n -> n.networkMode(NetworkMode.PUBLIC)));
        runtimeId = created.agentRuntimeId();
        runtimeArn = created.agentRuntimeArn();
        settle();
    }

    @After
    public void stop() {
        dataClient.close();
        controlClient.close();
        data.close();
        control.close();
    }

    @Test
    public void invokeEchoesDefaultVersion() {
        controlClient.updateAgentRuntime(r -> r.agentRuntimeId(runtimeId)
                .agentRuntimeArtifact(artifact(AgentCoreControlDoubleTest.IMAGE_V2))
                .roleArn(AgentCoreControlDoubleTest.ROLE).networkConfiguration(n -> n.networkMode(NetworkMode.PUBLIC)));
        settle();

        JsonNode echo = invoke(null);

        assertThat(echo.path("runtimeArn").asText()).isEqualTo(runtimeArn);
        assertThat(echo.path("runtimeVersion").asText()).isEqualTo("2");
        assertThat(echo.path("qualifier").asText()).isEqualTo("DEFAULT");
        assertThat(echo.path("containerUri").asText()).isEqualTo(AgentCoreControlDoubleTest.IMAGE_V2);
        assertThat(echo.path("sessionId").asText()).isEqualTo(SESSION);
        assertThat(echo.path("payload").path("prompt").asText()).isEqualTo("hello");
        assertThat(callLog.calls(AgentCoreDataDouble.SERVICE, "InvokeAgentRuntime")).singleElement()
                .satisfies(call -> assertThat(call.status()).isEqualTo(200));
    }

    @Test
    public void qualifierSelectsPinnedEndpointOrVersion() {
        controlClient.createAgentRuntimeEndpoint(r -> r.agentRuntimeId(runtimeId).name("blue"));
        settle();
        controlClient.updateAgentRuntime(r -> r.agentRuntimeId(runtimeId)
                .agentRuntimeArtifact(artifact(AgentCoreControlDoubleTest.IMAGE_V2))
                .roleArn(AgentCoreControlDoubleTest.ROLE).networkConfiguration(n -> n.networkMode(NetworkMode.PUBLIC)));
        settle();

        assertThat(invoke("blue").path("runtimeVersion").asText()).isEqualTo("1");
        assertThat(invoke("1").path("runtimeVersion").asText()).isEqualTo("1");
        assertThat(invoke("DEFAULT").path("runtimeVersion").asText()).isEqualTo("2");
    }

    @Test
    public void unknownQualifierIsNotFound() {
        assertThatThrownBy(() -> invoke("green"))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Endpoint 'green' of agent runtime '" + runtimeId + "' was not found.");
    }

    private JsonNode invoke(String qualifier) {
        byte[] body = dataClient.invokeAgentRuntimeAsBytes(r -> r.agentRuntimeArn(runtimeArn).qualifier(qualifier)
                .runtimeSessionId(SESSION).contentType("application/json")
                .payload(SdkBytes.fromUtf8String("{\"prompt\":\"hello\"}"))).asByteArray();
        return Json.parse(body);
    }

    private void settle() {
        controlClient.getAgentRuntime(r -> r.agentRuntimeId(runtimeId));
        controlClient.getAgentRuntime(r -> r.agentRuntimeId(runtimeId));
        controlClient.listAgentRuntimeEndpoints(r -> r.agentRuntimeId(runtimeId));
        controlClient.listAgentRuntimeEndpoints(r -> r.agentRuntimeId(runtimeId));
    }

    private static AgentRuntimeArtifact artifact(String image) {
        return AgentRuntimeArtifact.fromContainerConfiguration(ContainerConfiguration.builder().containerUri(image).build());
    }
}
