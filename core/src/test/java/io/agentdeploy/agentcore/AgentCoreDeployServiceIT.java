package io.agentdeploy.agentcore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeploy.aws.AwsClients;
import io.agentdeploy.aws.AwsService;
import io.agentdeploy.aws.AwsSettings;
import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.progress.ProgressLevel;
import io.agentdeploy.progress.RecordingListener;
import io.agentdeploy.progress.Redactor;
import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.Faults;
import io.agentdeploy.testkit.agentcore.AgentCoreControlDouble;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.bedrockagentcorecontrol.BedrockAgentCoreControlClient;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.AgentRuntimeArtifact;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.ContainerConfiguration;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.NetworkMode;

public class AgentCoreDeployServiceIT {

    private static final String SERVICE = AgentCoreControlDouble.SERVICE;
    private static final String IMAGE_V1 = "123456789012.dkr.ecr.us-east-1.amazonaws.com/agentic-platform-chat:1";
    private static final String IMAGE_V2 = "123456789012.dkr.ecr.us-east-1.amazonaws.com/agentic-platform-chat:2";
    private static final String ROLE = AgentCoreDeployRequestTest.ROLE;
    private static final String SECRET_VALUE = "sk-live-4f9a1c2e7b";
    private static final String PLAIN_VALUE = "http://model.internal:8080/v1";

    private final CallLog callLog = new CallLog();
    private final Faults faults = new Faults();
    private final Set<String> missingImages = ConcurrentHashMap.newKeySet();
    private final RecordingListener listener = new RecordingListener();
    private final Redactor redactor = new Redactor();
    private final ManualClock clock = new ManualClock();
    private AgentCoreControlDouble control;
    private AwsClients clients;
    private AgentCoreDeployService service;

    @Before
    public void start() {
        control = new AgentCoreControlDouble(callLog, faults, reference -> !missingImages.contains(reference));
        control.start();
        AwsSettings settings = AwsSettings.builder()
                .region("us-east-1")
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret")))
                .endpointOverride(AwsService.AGENTCORE_CONTROL, control.endpoint())
                .build();
        clients = new AwsClients(settings, listener);
        service = new AgentCoreDeployService(clients, listener, redactor, clock, clock.sleeper());
    }

    @After
    public void stop() {
        clients.close();
        control.close();
    }

    @Test
    public void createReachesReadyVersionOne() {
        AgentCoreDeployResult result = service.deploy(request(IMAGE_V1).build());

        assertThat(result.runtimeId()).matches("agentic_chat-[a-zA-Z0-9]{10}");
        assertThat(result.runtimeArn()).isEqualTo("arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/"
                + result.runtimeId());
        assertThat(result.runtimeVersion()).isEqualTo("1");
        assertThat(result.previousVersion()).isNull();
        assertThat(result.status()).isEqualTo("READY");
        assertThat(result.endpointName()).isEqualTo("DEFAULT");
        assertThat(result.endpointArn()).isEqualTo(result.runtimeArn() + "/runtime-endpoint/DEFAULT");
        assertThat(result.endpointLiveVersion()).isEqualTo("1");
        assertThat(result.containerUri()).isEqualTo(IMAGE_V1);
        assertThat(result.changed()).isTrue();
        assertThat(callLog.mutatingCalls()).extracting(CallLog.Call::operation).containsExactly("CreateAgentRuntime");
        assertThat(listener.messages(ProgressLevel.LIFECYCLE)).contains(
                "Created AgentCore runtime 'agentic_chat' (" + result.runtimeId() + "), version 1.",
                "AgentCore runtime 'agentic_chat' version 1 is CREATING.",
                "AgentCore runtime 'agentic_chat' version 1 is READY.",
                "Endpoint DEFAULT of AgentCore runtime 'agentic_chat' serves version 1.");
    }

    @Test
    public void rerunWithSameInputsChangesNothing() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("MODEL_URL", PLAIN_VALUE);
        environment.put("LOG_LEVEL", "info");
        service.deploy(request(IMAGE_V1).environment(environment).build());
        callLog.clear();
        Map<String, String> reordered = new LinkedHashMap<>();
        reordered.put("LOG_LEVEL", "info");
        reordered.put("MODEL_URL", PLAIN_VALUE);

        AgentCoreDeployResult rerun = service.deploy(request(IMAGE_V1).environment(reordered).build());

        assertThat(rerun.changed()).isFalse();
        assertThat(rerun.runtimeVersion()).isEqualTo("1");
        assertThat(rerun.summary()).endsWith("version 1 READY (unchanged), endpoint DEFAULT");
        assertThat(callLog.mutatingCalls()).isEmpty();
        assertThat(callLog.calls()).extracting(CallLog.Call::operation)
                .containsExactly("ListAgentRuntimes", "GetAgentRuntime", "GetAgentRuntimeEndpoint", "GetAgentRuntime",
                        "GetAgentRuntimeEndpoint");
    }

    @Test
    public void newImageUpdatesToVersionTwo() {
        AgentCoreDeployResult first = service.deploy(request(IMAGE_V1).build());

        AgentCoreDeployResult second = service.deploy(request(IMAGE_V2).build());

        assertThat(second.runtimeId()).isEqualTo(first.runtimeId());
        assertThat(second.runtimeVersion()).isEqualTo("2");
        assertThat(second.previousVersion()).isEqualTo("1");
        assertThat(second.endpointLiveVersion()).isEqualTo("2");
        assertThat(second.changed()).isTrue();
        assertThat(second.summary()).isEqualTo("runtime " + first.runtimeId() + " version 2 (was 1) READY,"
                + " endpoint DEFAULT");
        assertThat(callLog.mutatingCalls()).extracting(CallLog.Call::operation)
                .containsExactly("CreateAgentRuntime", "UpdateAgentRuntime");
        assertThat(listener.messages(ProgressLevel.LIFECYCLE)).contains("Updating AgentCore runtime 'agentic_chat' ("
                + first.runtimeId() + ") from version 1: image changed.");
        try (BedrockAgentCoreControlClient client = clients.agentCoreControl()) {
            assertThat(client.getAgentRuntimeEndpoint(r -> r.agentRuntimeId(first.runtimeId()).endpointName("DEFAULT"))
                    .liveVersion()).isEqualTo("2");
        }
    }

    @Test
    public void missingImageFailsFastWithReason() {
        missingImages.add(IMAGE_V1);

        assertThatThrownBy(() -> service.deploy(request(IMAGE_V1).build()))
                .isInstanceOf(AgentCoreException.class)
                .satisfies(e -> {
                    AgentCoreException failure = (AgentCoreException) e;
                    String id = control.runtimeId("agentic_chat").orElseThrow();
                    assertThat(failure.getMessage()).isEqualTo("AgentCore runtime 'agentic_chat' (" + id + ") version 1"
                            + " ended in CREATE_FAILED in us-east-1: Failed to pull the container image '" + IMAGE_V1
                            + "': the image was not found in the repository. Check that the image exists and that the"
                            + " execution role can pull it. Fix the cause (often the image or the execution role's"
                            + " permissions) and deploy again. Nothing was rolled back; see the notes.");
                    assertThat(failure.rolledBack()).isFalse();
                    assertThat(failure.notes()).containsExactly("Nothing to roll back: this deployment created"
                            + " AgentCore runtime 'agentic_chat' (" + id + ", version 1), which is left in place for"
                            + " inspection; deploy again after fixing the cause.");
                    assertThat(failure.summary()).isEqualTo("runtime " + id + " version 1 CREATE_FAILED, left in place"
                            + " (created by this deployment)");
                    assertThat(failure.status()).isEqualTo("CREATE_FAILED");
                    assertThat(failure.runtimeId()).isEqualTo(id);
                    assertThat(failure.region()).isEqualTo("us-east-1");
                });
        assertThat(clock.slept()).as("failed at once, not at the timeout").isLessThan(Duration.ofSeconds(5));
    }

    @Test
    public void updateFailureFailsFastWithReason() {
        service.deploy(request(IMAGE_V1).build());
        control.failNextUpdate("Container exited with code 1 before answering /ping.");

        assertThatThrownBy(() -> service.deploy(request(IMAGE_V2).build()))
                .isInstanceOf(AgentCoreException.class)
                .hasMessageContaining("version 2 ended in UPDATE_FAILED in us-east-1: Container exited with code 1"
                        + " before answering /ping.")
                .satisfies(e -> assertThat(((AgentCoreException) e).reason())
                        .isEqualTo("Container exited with code 1 before answering /ping."));
        assertThat(clock.slept()).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    public void retryAfterFailedUpdateUpdatesAgain() {
        service.deploy(request(IMAGE_V1).build());
        control.failNextUpdate("Container exited with code 1 before answering /ping.");
        assertThatThrownBy(() -> service.deploy(request(IMAGE_V2).build())).isInstanceOf(AgentCoreException.class);

        AgentCoreDeployResult retried = service.deploy(request(IMAGE_V2).build());

        assertThat(retried.runtimeVersion()).isEqualTo("3");
        assertThat(retried.previousVersion()).isEqualTo("2");
        assertThat(retried.endpointLiveVersion()).isEqualTo("3");
    }

    @Test
    public void timeoutNamesRuntimeStatusAndLimit() {
        control.transitionReads(1000);

        assertThatThrownBy(() -> service.deploy(request(IMAGE_V1).timeout(Duration.ofMinutes(2)).build()))
                .isInstanceOf(AgentCoreException.class)
                .hasMessage("AgentCore runtime 'agentic_chat' (" + control.runtimeId("agentic_chat").orElseThrow()
                        + ") version 1 did not become READY in us-east-1 within the timeout of 2m: its status was"
                        + " still CREATING after 2m. Raise the timeout, or check the runtime in the AgentCore console."
                        + " Nothing was rolled back; see the notes.");
    }

    @Test
    public void conflictOnCreateContinuesWithUpdate() {
        createDirectly(IMAGE_V1);
        control.hideFromNextListing("agentic_chat");

        AgentCoreDeployResult result = service.deploy(request(IMAGE_V2).build());

        assertThat(result.runtimeVersion()).isEqualTo("2");
        assertThat(result.previousVersion()).isEqualTo("1");
        assertThat(callLog.calls(SERVICE, "CreateAgentRuntime")).extracting(CallLog.Call::status)
                .containsExactly(202, 409);
        assertThat(callLog.calls(SERVICE, "UpdateAgentRuntime")).extracting(CallLog.Call::status).containsExactly(202);
        assertThat(listener.messages(ProgressLevel.LIFECYCLE)).contains("AgentCore runtime 'agentic_chat' was created"
                + " by another deployment meanwhile; updating it instead.");
    }

    @Test
    public void changeInProgressIsAwaitedFirst() {
        control.transitionReads(4);
        createDirectly(IMAGE_V1);

        AgentCoreDeployResult result = service.deploy(request(IMAGE_V1).build());

        assertThat(result.changed()).isFalse();
        assertThat(result.runtimeVersion()).isEqualTo("1");
        assertThat(listener.messages(ProgressLevel.LIFECYCLE)).contains("AgentCore runtime 'agentic_chat' is CREATING"
                + " from another change; waiting for it to finish first.");
    }

    @Test
    public void throttledCallsAreRetriedAndCounted() {
        faults.inject(SERVICE, "CreateAgentRuntime", Faults.Kind.THROTTLE, 1);
        faults.inject(SERVICE, "GetAgentRuntime", Faults.Kind.THROTTLE, 2);

        AgentCoreDeployResult result = service.deploy(request(IMAGE_V1).build());

        assertThat(result.status()).isEqualTo("READY");
        assertThat(clients.retryCount()).isEqualTo(3);
        assertThat(callLog.calls(SERVICE, "CreateAgentRuntime")).extracting(CallLog.Call::status)
                .containsExactly(429, 202);
        assertThat(callLog.mutatingCalls()).hasSize(1);
        assertThat(listener.messages(ProgressLevel.WARNING)).contains(
                "Retrying BedrockAgentCoreControl CreateAgentRuntime (attempt 2 of 5) after HTTP 429.",
                "Retrying BedrockAgentCoreControl GetAgentRuntime (attempt 2 of 5) after HTTP 429.");
    }

    @Test
    public void serverErrorOnGetIsRetried() {
        faults.inject(SERVICE, "GetAgentRuntime", Faults.Kind.SERVER_ERROR, 1);

        AgentCoreDeployResult result = service.deploy(request(IMAGE_V1).build());

        assertThat(result.status()).isEqualTo("READY");
        assertThat(callLog.calls(SERVICE, "GetAgentRuntime")).extracting(CallLog.Call::status).startsWith(500, 200);
    }

    @Test
    public void environmentValuesNeverReachListener() {
        Map<String, String> environment = Map.of("OPENAI_API_KEY", SECRET_VALUE, "MODEL_URL", PLAIN_VALUE);
        service.deploy(request(IMAGE_V1).environment(environment).build());

        AgentCoreDeployResult updated = service.deploy(request(IMAGE_V1)
                .environment(Map.of("OPENAI_API_KEY", SECRET_VALUE + "-rotated", "MODEL_URL", PLAIN_VALUE + "/next"))
                .build());

        assertThat(listener.text()).doesNotContain(SECRET_VALUE).doesNotContain(PLAIN_VALUE);
        assertThat(listener.messages(ProgressLevel.WARNING)).contains("Environment variable 'OPENAI_API_KEY' looks like"
                + " a secret but is set as plain text (--env on the command line, environment in Jenkins). Pass it as"
                + " a secret instead: --secret-env OPENAI_API_KEY=ENV:<variable> or --secret-env"
                + " OPENAI_API_KEY=<Secrets Manager ARN> on the command line, secretEnvironment with a secret-text"
                + " credential in Jenkins.");
        assertThat(listener.messages(ProgressLevel.LIFECYCLE)).anySatisfy(line ->
                assertThat(line).endsWith("from version 1: environment (MODEL_URL, OPENAI_API_KEY) changed."));
        assertThat(updated.toMap().toString() + updated.notes()).doesNotContain(SECRET_VALUE).doesNotContain(PLAIN_VALUE);
        try (BedrockAgentCoreControlClient client = clients.agentCoreControl()) {
            assertThat(client.getAgentRuntime(r -> r.agentRuntimeId(updated.runtimeId())).environmentVariables())
                    .containsEntry("OPENAI_API_KEY", SECRET_VALUE + "-rotated");
        }
    }

    @Test
    public void imageFromOtherRegionIsRejectedBeforeAnyCall() {
        String image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/agentic-platform-chat:1";

        assertThatThrownBy(() -> service.deploy(request(image).build()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid image '" + image + "': the image is in region 'eu-west-1' but the runtime is in"
                        + " 'us-east-1'; AgentCore pulls images only from its own region. Push the image to ECR in"
                        + " us-east-1, or deploy the runtime to eu-west-1.");
        assertThat(callLog.calls()).isEmpty();
    }

    @Test
    public void namedEndpointIsCreatedThenMoved() {
        AgentCoreDeployResult first = service.deploy(request(IMAGE_V1).endpointName("live").build());

        AgentCoreDeployResult second = service.deploy(request(IMAGE_V2).endpointName("live").build());

        assertThat(first.endpointName()).isEqualTo("live");
        assertThat(first.endpointLiveVersion()).isEqualTo("1");
        assertThat(first.endpointArn()).endsWith("/runtime-endpoint/live");
        assertThat(second.endpointLiveVersion()).isEqualTo("2");
        assertThat(callLog.mutatingCalls()).extracting(CallLog.Call::operation).containsExactly("CreateAgentRuntime",
                "CreateAgentRuntimeEndpoint", "UpdateAgentRuntime", "UpdateAgentRuntimeEndpoint");
        assertThat(listener.messages(ProgressLevel.LIFECYCLE)).contains(
                "Moving endpoint live of AgentCore runtime 'agentic_chat' from version 1 to 2.");
    }

    @Test
    public void latestTagIsWarnedAbout() {
        String image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/agentic-platform-chat:latest";

        AgentCoreDeployResult result = service.deploy(request(image).build());

        assertThat(result.notes()).singleElement().asString().startsWith("Image " + image + " has no digest");
        assertThat(listener.messages(ProgressLevel.WARNING)).hasSize(1);
    }

    private AgentCoreDeployRequest.Builder request(String image) {
        return AgentCoreDeployRequest.builder()
                .runtimeName("agentic_chat")
                .image(image)
                .executionRoleArn(ROLE)
                .buildIdentity("job/agentic-chat#" + image.hashCode());
    }

    private void createDirectly(String image) {
        try (BedrockAgentCoreControlClient client = clients.agentCoreControl()) {
            client.createAgentRuntime(r -> r.agentRuntimeName("agentic_chat")
                    .agentRuntimeArtifact(AgentRuntimeArtifact.fromContainerConfiguration(
                            ContainerConfiguration.builder().containerUri(image).build()))
                    .roleArn(ROLE)
                    .networkConfiguration(n -> n.networkMode(NetworkMode.PUBLIC))
                    .protocolConfiguration(p -> p.serverProtocol("HTTP"))
                    .environmentVariables(Map.of()));
        }
    }
}
