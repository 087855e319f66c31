package io.agentdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentdeploy.aws.AwsClients;
import io.agentdeploy.aws.AwsService;
import io.agentdeploy.aws.AwsSettings;
import io.agentdeploy.ecr.DockerClientFactory;
import io.agentdeploy.cli.PackagedCommand.Run;
import io.agentdeploy.ecr.DockerTestSupport;
import io.agentdeploy.progress.ProgressListener;
import io.agentdeploy.testkit.LocalStack;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.bedrockagentcorecontrol.BedrockAgentCoreControlClient;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.GetAgentRuntimeResponse;

/**
 * Runs the {@code agent-deploy} jar as a process on the example agent against the local stack, then
 * checks each layer's real outcome: the registry, the AgentCore double and the Kubernetes API.
 */
public class DeployEndToEndIT {

    private static final Path EXAMPLE = PackagedCommand.REPOSITORY_ROOT.resolve("examples/agentic-platform");
    private static final String BASE_IMAGE = "agent-deploy/python-base:local";
    private static final String AGENT = "agentic_chat_enhanced";
    private static final String REPOSITORY = "agentic-platform-agentic_chat_enhanced";
    private static final String ROLE = "arn:aws:iam::123456789012:role/agentcore-runtime";

    private static DockerClientFactory docker;
    private static LocalStack stack;

    @BeforeClass
    public static void startStack() {
        docker = DockerTestSupport.requireDaemon();
        DockerTestSupport.requireImage(docker, BASE_IMAGE, "scripts/build-base-image.sh");
        stack = LocalStack.start();
    }

    @AfterClass
    public static void stopStack() {
        if (stack != null) {
            DockerTestSupport.removeImagesOf(docker, stack.ecr().registryHost());
            stack.close();
        }
    }

    @Test
    public void deployReachesAllThreeLayers() throws Exception {
        Run run = agentDeploy("deploy", "--agent", AGENT, "--repo-root", EXAMPLE.toString(),
                "--build-arg", "BASE_IMAGE=" + BASE_IMAGE, "--build-network", "none",
                "--execution-role-arn", ROLE, "--create-execution-role", "--output", "json",
                "--smoke-test-payload", "{\"prompt\": \"hello\"}", "--smoke-test-expect", "You said: hello",
                "--smoke-test-expect-field", "agent=" + AGENT);

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode layers = new ObjectMapper().readTree(run.out()).get("layers");
        JsonNode push = layers.get(0).get("details");
        String digest = push.get("imageDigest").asText();
        String imageRef = push.get("imageRef").asText();
        assertThat(imageRef).isEqualTo("123456789012.dkr.ecr.us-east-1.amazonaws.com/" + REPOSITORY + "@" + digest);
        for (JsonNode tag : push.get("tags")) {
            assertThat(stack.ecr().imageLookup().digestOfTag(REPOSITORY, tag.asText())).as("tag %s", tag)
                    .contains(digest);
        }

        try (AwsClients aws = awsClients(); BedrockAgentCoreControlClient agentCore = aws.agentCoreControl()) {
            String runtimeId = layers.get(1).get("details").get("runtimeId").asText();
            GetAgentRuntimeResponse runtime = agentCore.getAgentRuntime(r -> r.agentRuntimeId(runtimeId));
            assertThat(runtime.statusAsString()).isEqualTo("READY");
            assertThat(runtime.agentRuntimeArtifact().containerConfiguration().containerUri()).isEqualTo(imageRef);
            assertThat(runtime.roleArn()).isEqualTo(ROLE);
            // The tfvars file of the example repository is read by convention.
            assertThat(runtime.environmentVariables()).containsEntry("LITELLM_API_ENDPOINT",
                    "https://litellm.example.internal");
        }
        JsonNode agentCore = layers.get(1).get("details");
        assertThat(agentCore.get("smokeTest").get("statusCode").asInt()).isEqualTo(200);
        assertThat(stack.iam().trustPolicy("agentcore-runtime")).hasValueSatisfying(trust ->
                assertThat(trust).contains("bedrock-agentcore.amazonaws.com"));
        assertThat(stack.agentContainers()).as("the AgentCore double started the agent's container").isPresent();

        Deployment deployment = stack.kubernetes().client().apps().deployments().inNamespace("default")
                .withName("agentic-chat-enhanced").get();
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(imageRef);
        assertThat(deployment.getStatus().getAvailableReplicas()).isEqualTo(deployment.getSpec().getReplicas());
        ConfigMap config = stack.kubernetes().client().configMaps().inNamespace("default")
                .withName("agentic-chat-enhanced-config").get();
        assertThat(config.getData())
                .containsEntry("LITELLM_API_ENDPOINT", "http://litellm.default.svc.cluster.local:80")
                .containsEntry("RETRIEVAL_GATEWAY_ENDPOINT",
                        "http://retrieval-gateway.default.svc.cluster.local:80/api/retrieval-gateway")
                .containsEntry("MEMORY_GATEWAY_ENDPOINT",
                        "http://memory-gateway.default.svc.cluster.local:80/api/memory-gateway");
        assertThat(stack.kubernetes().client().serviceAccounts().inNamespace("default")
                .withName("agentic-chat-enhanced-agent-sa").get().getMetadata().getAnnotations())
                .containsEntry("eks.amazonaws.com/role-arn", LocalStack.AGENT_ROLE_ARN);
        assertThat(run.err()).doesNotContain(stack.accessKeys().longTerm().secretAccessKey());
        assertThat(run.err().lines()).as("library log lines (slf4j-simple's 'LEVEL logger - message')")
                .noneMatch(line -> line.matches("(ERROR|WARN|INFO|DEBUG) \\S+ - .*"));
    }

    @Test
    public void missingImageFailsWithReason() throws Exception {
        String missing = "123456789012.dkr.ecr.us-east-1.amazonaws.com/" + REPOSITORY + "@sha256:" + "ab".repeat(32);

        Run run = agentDeploy("deploy", "--agent", AGENT, "--repo-root", EXAMPLE.toString(), "--image", missing,
                "--execution-role-arn", ROLE);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("error: AgentCore failed: AgentCore runtime 'agentic_chat_enhanced' (")
                .contains("CREATE_FAILED").contains("Failed to pull the container image '" + missing + "'");
        assertThat(run.out()).startsWith("Deployment of agentic_chat_enhanced: failed\n")
                .contains("AgentCore  FAILED").contains("EKS        SKIPPED");
    }

    private static AwsClients awsClients() {
        Map<String, String> environment = stack.environment();
        AwsSettings settings = AwsSettings.builder()
                .region(LocalStack.REGION)
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        environment.get("AWS_ACCESS_KEY_ID"), environment.get("AWS_SECRET_ACCESS_KEY"))))
                .endpointOverride(AwsService.AGENTCORE_CONTROL,
                        URI.create(environment.get("AWS_ENDPOINT_URL_BEDROCK_AGENTCORE_CONTROL")))
                .build();
        return new AwsClients(settings, ProgressListener.NONE);
    }

    /** Runs the packaged command with only the stack's environment, as a user's shell would after sourcing it. */
    private static Run agentDeploy(String... args) throws IOException, InterruptedException {
        return PackagedCommand.run(stack.environment(), args);
    }
}
