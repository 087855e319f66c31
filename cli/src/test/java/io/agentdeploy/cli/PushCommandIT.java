package io.agentdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeploy.ecr.DockerClientFactory;
import io.agentdeploy.ecr.DockerTestSupport;
import io.agentdeploy.report.DeploymentRecord;
import io.agentdeploy.report.JsonRecords;
import io.agentdeploy.report.LayerRecord;
import io.agentdeploy.report.LayerStatus;
import io.agentdeploy.testkit.ecr.EcrStack;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.UUID;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** {@code agent-deploy push} against the local ECR stack and the real Docker daemon. */
public class PushCommandIT {

    private static final String SECRET_KEY = "cli-test-secret-access-key";
    private static EcrStack stack;
    private static DockerClientFactory docker;

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Path repositoryRoot;
    private String agent;

    @BeforeClass
    public static void startStack() {
        docker = DockerTestSupport.requireDaemon();
        stack = EcrStack.start();
    }

    @AfterClass
    public static void stopStack() {
        if (stack != null) {
            DockerTestSupport.removeImagesOf(docker, stack.registryHost());
            stack.close();
        }
    }

    @Before
    public void writeAgentRepository() throws IOException {
        stack.ecr().allowAll();
        stack.callLog().clear();
        agent = "cli_agent_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        repositoryRoot = folder.getRoot().toPath();
        Files.copy(Path.of("/usr/bin/busybox"), repositoryRoot.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
        Path dockerfile = repositoryRoot.resolve("src/agentic_platform/agent/" + agent + "/Dockerfile");
        Files.createDirectories(dockerfile.getParent());
        Files.writeString(dockerfile, "FROM scratch\nCOPY busybox /bin/busybox\nCMD [\"/bin/busybox\", \"true\"]\n");
    }

    @Test
    public void pushPrintsSummaryAndExitsZero() {
        int code = run("push", "--agent", agent, "--repo-root", repositoryRoot.toString(), "--build-network", "none",
                "--tag", "cli-1", "--tag", "latest", "--lifecycle-keep-last", "12", "--no-scan-on-push");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("Deployment of " + agent + ": succeeded\n")
                .containsPattern("ECR +SUCCEEDED +[0-9.]+s  pushed sha256:[0-9a-f]{12}… as cli-1, latest \\(");
        assertThat(err.toString()).contains("Created ECR repository 'agentic-platform-" + agent + "'",
                "Step 2/3 : COPY busybox /bin/busybox", "Pushed sha256:");
        assertThat(stack.ecr().repository("agentic-platform-" + agent).orElseThrow().scanOnPush()).isFalse();
        assertThat(stack.ecr().repository("agentic-platform-" + agent).orElseThrow().lifecyclePolicyText())
                .contains("\"countNumber\":12");
        assertThat(out.toString() + err).doesNotContain(SECRET_KEY);
    }

    @Test
    public void jsonOutputCarriesPushedDigest() {
        int code = run("push", "--agent", agent, "--repo-root", repositoryRoot.toString(), "--build-network", "none",
                "--tag", "json", "--label", "org.opencontainers.image.revision=abc123", "-o", "json");

        DeploymentRecord record = JsonRecords.fromJson(out.toString());
        LayerRecord layer = record.layers().get(0);
        assertThat(code).as(err.toString()).isZero();
        assertThat(layer.status()).isEqualTo(LayerStatus.SUCCEEDED);
        assertThat(layer.target()).isEqualTo("123456789012.dkr.ecr.us-east-1.amazonaws.com/agentic-platform-" + agent);
        assertThat(stack.imageLookup().digestOfTag("agentic-platform-" + agent, "json"))
                .contains((String) layer.details().get("imageDigest"));
        assertThat(layer.details().get("imageRef")).isEqualTo(layer.target() + "@" + layer.details().get("imageDigest"));
    }

    @Test
    public void invalidAgentExitsTwoBeforeAnyCall() {
        int code = run("push", "--agent", "Chat-Agent", "--repo-root", repositoryRoot.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: Invalid agent 'Chat-Agent': an agent name is snake_case: a"
                + " lowercase letter first, then lowercase letters, digits and single underscores, at most 48 characters"
                + " (it is also the AgentCore runtime name). Use a name such as 'agentic_chat_enhanced'.\n");
        assertThat(stack.callLog().calls()).isEmpty();
    }

    @Test
    public void deniedCreateExitsOne() {
        stack.ecr().deny("CreateRepository");

        int code = run("push", "--agent", agent, "--repo-root", repositoryRoot.toString(), "--build-network", "none");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("error: ECR failed: ECR repository 'agentic-platform-" + agent + "' could not be"
                + " created in us-east-1: AccessDeniedException (");
        assertThat(out.toString()).startsWith("Deployment of " + agent + ": failed\n").contains("ECR        FAILED");
    }

    private int run(String... args) {
        Map<String, String> environment = Map.of(
                "AWS_ENDPOINT_URL_ECR", stack.endpoint().toString(),
                "AWS_ACCESS_KEY_ID", "AKIDCLITEST",
                "AWS_SECRET_ACCESS_KEY", SECRET_KEY,
                "AWS_REGION", "us-east-1",
                "DOCKER_HOST", docker.dockerHost().toString());
        return AgentDeployCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), environment, args);
    }
}
