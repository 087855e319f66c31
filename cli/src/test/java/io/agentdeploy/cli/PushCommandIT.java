package io.agentdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeploy.ecr.DockerClientFactory;
import io.agentdeploy.ecr.DockerTestSupport;
import io.agentdeploy.report.DeploymentRecord;
import io.agentdeploy.report.JsonRecords;
import io.agentdeploy.report.LayerRecord;
import io.agentdeploy.report.LayerStatus;
import io.agentdeploy.testkit.ecr.EcrStack;
import io.agentdeploy.testkit.registry.RegistryGateway;
import io.agentdeploy.testkit.registry.RegistryTokens;
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
    private static final String REGISTRY_PASSWORD = "cli-registry-password-9";
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
        stack.ecr().scans().duration(java.time.Duration.ZERO);
        stack.callLog().clear();
        agent = "cli_agent_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        repositoryRoot = folder.getRoot().toPath();
        Files.copy(Path.of("/usr/bin/busybox"), repositoryRoot.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
        Path dockerfile = repositoryRoot.resolve("src/agentic_platform/agent/" + agent + "/Dockerfile");
        Files.createDirectories(dockerfile.getParent());
        Files.writeString(dockerfile, "FROM scratch\nLABEL io.agentdeploy.test=" + agent
                + "\nCOPY busybox /bin/busybox\nCMD [\"/bin/busybox\", \"true\"]\n");
    }

    @Test
    public void pushPrintsSummaryAndExitsZero() {
        int code = run("push", "--agent", agent, "--repo-root", repositoryRoot.toString(), "--build-network", "none",
                "--tag", "cli-1", "--tag", "latest", "--lifecycle-keep-last", "12", "--no-scan-on-push");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("Deployment of " + agent + ": succeeded\n")
                .containsPattern("ECR +SUCCEEDED +[0-9.]+s  pushed sha256:[0-9a-f]{12}… as cli-1, latest \\(");
        assertThat(err.toString()).contains("Created ECR repository 'agentic-platform-" + agent + "'",
                "Step 3/4 : COPY busybox /bin/busybox", "Pushed sha256:");
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
        assertThat(err.toString()).isEqualTo("error: Invalid --agent 'Chat-Agent': an agent name is snake_case: a"
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

    @Test
    public void dryRunShowsChangesAndPushesNothing() {
        int first = run("push", "--agent", agent, "--repo-root", repositoryRoot.toString(), "--build-network", "none",
                "--tag", "one", "--scan-timeout", "0s");
        stack.callLog().clear();
        out.getBuffer().setLength(0);

        int code = run("push", "--agent", agent, "--repo-root", repositoryRoot.toString(), "--dry-run",
                "--tag-mutability", "IMMUTABLE", "--build-number", "77", "--repository-tag", "team=platform");

        assertThat(first).isZero();
        assertThat(code).as(err.toString()).isZero();
        assertThat(err.toString()).contains("Would change ECR repository 'agentic-platform-" + agent + "': tag"
                + " mutability MUTABLE -> IMMUTABLE.", "Would push agentic-platform-" + agent + " as 77, latest.");
        assertThat(out.toString()).contains("dry run: change ECR repository 'agentic-platform-" + agent + "': tag"
                + " mutability MUTABLE -> IMMUTABLE; change ECR repository 'agentic-platform-" + agent + "': resource"
                + " tags team=platform; would push 77, latest");
        assertThat(stack.callLog().mutatingCalls()).isEmpty();
    }

    @Test
    public void plainRegistryTakesPasswordFromVariable() {
        RegistryTokens tokens = new RegistryTokens();
        tokens.allow("developer", REGISTRY_PASSWORD);
        try (RegistryGateway plain = new RegistryGateway(stack.registry().endpoint(), tokens, stack.callLog(),
                stack.faults()).start()) {
            int code = run("push", "--agent", agent, "--repo-root", repositoryRoot.toString(), "--build-network",
                    "none", "--registry", plain.host(), "--registry-username", "developer", "--registry-password-env",
                    "DEV_REGISTRY_PASSWORD", "--tag", "dev", "-o", "json");

            assertThat(code).as(err.toString()).isZero();
            assertThat(stack.registryClient().digest("agentic-platform-" + agent, "dev")).isPresent();
            assertThat(out.toString() + err).doesNotContain(REGISTRY_PASSWORD)
                    .contains("is not Amazon ECR: repository settings, the scan gate and replication are skipped.");
            DockerTestSupport.removeImagesOf(docker, plain.host());
        }
    }

    @Test
    public void missingPasswordVariableIsInvalidInput() {
        int code = run("push", "--agent", agent, "--repo-root", repositoryRoot.toString(), "--registry",
                "127.0.0.1:5999", "--registry-username", "developer", "--registry-password-env", "NOT_SET_HERE");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: Invalid --registry-password-env 'NOT_SET_HERE': the environment"
                + " variable is not set or empty. Export the registry password in that variable before running the"
                + " command.\n");
    }

    @Test
    public void promoteCopiesByDigestToAnotherRepository() {
        run("push", "--agent", agent, "--repo-root", repositoryRoot.toString(), "--build-network", "none",
                "--tag", "staging", "--scan-timeout", "0s", "-o", "json");
        String imageRef = (String) JsonRecords.fromJson(out.toString()).layers().get(0).details().get("imageRef");
        out.getBuffer().setLength(0);

        int code = run("promote", "--source", imageRef, "--target-repository", "prod/" + agent, "--tag", "prod",
                "-o", "json");

        LayerRecord layer = JsonRecords.fromJson(out.toString()).layers().get(0);
        assertThat(code).as(err.toString()).isZero();
        assertThat(layer.details().get("imageDigest")).isEqualTo(imageRef.substring(imageRef.indexOf('@') + 1));
        assertThat(layer.details().get("blobsMounted")).isEqualTo(2);
        assertThat(stack.imageLookup().digestOfTag("prod/" + agent, "prod"))
                .contains((String) layer.details().get("imageDigest"));
    }

    private int run(String... args) {
        Map<String, String> environment = Map.of(
                "AWS_ENDPOINT_URL_ECR", stack.endpoint().toString(),
                "AWS_ACCESS_KEY_ID", "AKIDCLITEST",
                "AWS_SECRET_ACCESS_KEY", SECRET_KEY,
                "AWS_REGION", "us-east-1",
                "DOCKER_HOST", docker.dockerHost().toString(),
                "DEV_REGISTRY_PASSWORD", REGISTRY_PASSWORD);
        return AgentDeployCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), environment, args);
    }
}
