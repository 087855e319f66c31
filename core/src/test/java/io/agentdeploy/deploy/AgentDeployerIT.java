package io.agentdeploy.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeploy.agentcore.AgentCoreDeployRequest;
import io.agentdeploy.aws.AwsClients;
import io.agentdeploy.aws.AwsService;
import io.agentdeploy.aws.AwsSettings;
import io.agentdeploy.ecr.DockerClientFactory;
import io.agentdeploy.ecr.DockerTestSupport;
import io.agentdeploy.ecr.EcrPushRequest;
import io.agentdeploy.eks.ClusterAccess;
import io.agentdeploy.eks.EksDeployRequest;
import io.agentdeploy.progress.RecordingListener;
import io.agentdeploy.progress.Redactor;
import io.agentdeploy.report.DeploymentRecord;
import io.agentdeploy.report.Layer;
import io.agentdeploy.report.LayerRecord;
import io.agentdeploy.report.LayerStatus;
import io.agentdeploy.testkit.LocalStack;
import io.agentdeploy.testkit.kubernetes.PodBehavior;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Runs all three layers of the example agent against the local stack and checks the atomic mode:
 * when the Kubernetes layer fails, AgentCore goes back to the previous image and the tags move back.
 */
public class AgentDeployerIT {

    private static final Path EXAMPLE = Path.of(System.getProperty("agentdeploy.repositoryRoot", ".."))
            .resolve("examples/agentic-platform").toAbsolutePath().normalize();
    private static final String AGENT = "agentic_chat_enhanced";
    private static final String BASE_IMAGE = "agent-deploy/python-base:local";
    private static final String ROLE = "arn:aws:iam::123456789012:role/agentcore-runtime";

    private static DockerClientFactory docker;
    private static LocalStack stack;

    private final RecordingListener listener = new RecordingListener();
    private final Redactor redactor = new Redactor();
    private AwsClients aws;

    @BeforeClass
    public static void startStack() {
        docker = DockerTestSupport.requireDaemon();
        DockerTestSupport.requireImage(docker, BASE_IMAGE, "scripts/build-base-image.sh");
        stack = LocalStack.start();
        stack.kubernetes().controller().timeScale(0.1);
    }

    @AfterClass
    public static void stopStack() {
        if (stack != null) {
            DockerTestSupport.removeImagesOf(docker, stack.ecr().registryHost());
            stack.close();
        }
    }

    @Before
    public void connect() {
        Map<String, String> environment = stack.environment();
        AwsSettings.Builder settings = AwsSettings.builder()
                .region(LocalStack.REGION)
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        environment.get("AWS_ACCESS_KEY_ID"), environment.get("AWS_SECRET_ACCESS_KEY"))));
        for (AwsService service : AwsService.values()) {
            String endpoint = environment.get(service.endpointVariable());
            if (endpoint != null) {
                settings.endpointOverride(service, URI.create(endpoint));
            }
        }
        aws = new AwsClients(settings.build(), listener);
    }

    @After
    public void close() {
        stack.kubernetes().controller().clearSimulations();
        aws.close();
    }

    @Test
    public void atomicModeRollsBackEarlierLayers() {
        DeploymentRecord first = deploy("1", true);
        String firstImage = imageRef(first);
        stack.kubernetes().controller().simulate("default", "agentic-chat-enhanced", PodBehavior.CRASH_LOOP_BACK_OFF);

        DeploymentRecord second = deploy("2", true);

        assertThat(first.succeeded()).as(listener.text()).isTrue();
        assertThat(second.succeeded()).isFalse();
        assertThat(status(second, Layer.EKS)).isEqualTo(LayerStatus.ROLLED_BACK);
        assertThat(status(second, Layer.AGENTCORE)).isEqualTo(LayerStatus.ROLLED_BACK);
        assertThat(status(second, Layer.ECR)).isEqualTo(LayerStatus.ROLLED_BACK);
        assertThat(second.layer(Layer.AGENTCORE).orElseThrow().notes())
                .contains("rolled back because the EKS layer failed.");
        assertThat(servedByAgentCore()).isEqualTo(firstImage);
        assertThat(deployedToKubernetes()).isEqualTo(firstImage);
        assertThat(stack.ecr().imageLookup().digestOfTag("agentic-platform-" + AGENT, "latest"))
                .contains(digest(first));
    }

    @Test
    public void nonAtomicModeKeepsEarlierLayers() {
        deploy("3", false);
        stack.kubernetes().controller().simulate("default", "agentic-chat-enhanced", PodBehavior.CRASH_LOOP_BACK_OFF);

        DeploymentRecord failed = deploy("4", false);

        assertThat(status(failed, Layer.AGENTCORE)).isEqualTo(LayerStatus.SUCCEEDED);
        assertThat(status(failed, Layer.EKS)).isEqualTo(LayerStatus.ROLLED_BACK);
        assertThat(servedByAgentCore()).isEqualTo(imageRef(failed));
        assertThat(listener.text()).contains("Not rolling back the layers before EKS: atomic mode is off");
    }

    @Test
    public void deploymentContinuesFromSavedStateInFreshDeployers() {
        DeploymentPlan plan = plan("5", true);
        DeploymentState state = DeploymentState.start(plan);
        List<DeploymentState.Phase> phases = new ArrayList<>();

        while (!state.done()) {
            phases.add(state.phase());
            // A new deployer and a state read back from plain values each time, as after a restart.
            state = DeploymentState.fromMap(deployer().advance(plan, DeploymentState.fromMap(state.toMap())).toMap());
        }

        DeploymentRecord record = state.record(AGENT);
        assertThat(record.succeeded()).as(listener.text()).isTrue();
        assertThat(phases).containsExactly(DeploymentState.Phase.PUSH, DeploymentState.Phase.SCAN,
                DeploymentState.Phase.AGENTCORE_BEGIN, DeploymentState.Phase.AGENTCORE_WAIT,
                DeploymentState.Phase.EKS_APPLY, DeploymentState.Phase.EKS_WAIT);
        assertThat(servedByAgentCore()).isEqualTo(imageRef(record));
        assertThat(deployedToKubernetes()).isEqualTo(imageRef(record));
    }

    @Test
    public void waitingPhaseRunsAgainAfterFailureRollsBackFromSavedRecords() {
        DeploymentRecord good = deploy("6", true);
        stack.kubernetes().controller().simulate("default", "agentic-chat-enhanced", PodBehavior.CRASH_LOOP_BACK_OFF);
        DeploymentPlan plan = plan("7", true);
        DeploymentState state = DeploymentState.start(plan);

        while (!state.done()) {
            state = DeploymentState.fromMap(deployer().advance(plan, DeploymentState.fromMap(state.toMap())).toMap());
        }

        assertThat(good.succeeded()).as(listener.text()).isTrue();
        assertThat(status(state.record(AGENT), Layer.AGENTCORE)).isEqualTo(LayerStatus.ROLLED_BACK);
        assertThat(servedByAgentCore()).isEqualTo(imageRef(good));
        assertThat(stack.ecr().imageLookup().digestOfTag("agentic-platform-" + AGENT, "latest"))
                .contains(digest(good));
    }

    @Test
    public void pushWithOnlyNewTagsStaysSucceededWhenLaterLayerFails() {
        deploy("8", true);
        stack.kubernetes().controller().simulate("default", "agentic-chat-enhanced", PodBehavior.CRASH_LOOP_BACK_OFF);

        DeploymentRecord failed = deployer().deploy(plan("9", true, List.of("only-9")));

        LayerRecord push = failed.layer(Layer.ECR).orElseThrow();
        assertThat(failed.succeeded()).isFalse();
        assertThat(push.status()).as("nothing was moved back, so the push is not rolled back")
                .isEqualTo(LayerStatus.SUCCEEDED);
        assertThat(push.notes()).contains("No tag named another image before this push, so none was moved back; the"
                + " pushed image keeps its tags.");
        assertThat(status(failed, Layer.AGENTCORE)).isEqualTo(LayerStatus.ROLLED_BACK);
    }

    @Test
    public void unchangedLayersAreNotRolledBack() {
        DeploymentRecord good = deploy("10", true);
        stack.kubernetes().controller().simulate("default", "agentic-chat-enhanced", PodBehavior.CRASH_LOOP_BACK_OFF);

        DeploymentRecord failed = deployer().deploy(plan("10", true, List.of("v10", "latest"),
                Map.of("podAnnotations.example/change", "only-in-kubernetes")));

        assertThat(good.succeeded()).as(listener.text()).isTrue();
        assertThat(status(failed, Layer.EKS)).isEqualTo(LayerStatus.ROLLED_BACK);
        assertThat(status(failed, Layer.AGENTCORE)).isEqualTo(LayerStatus.UNCHANGED);
        assertThat(status(failed, Layer.ECR)).isEqualTo(LayerStatus.UNCHANGED);
        assertThat(failed.layer(Layer.AGENTCORE).orElseThrow().notes()).noneMatch(note -> note.contains("rolled back"));
    }

    private DeploymentRecord deploy(String version, boolean atomic) {
        return deployer().deploy(plan(version, atomic));
    }

    private AgentDeployer deployer() {
        return new AgentDeployer(aws, docker, listener, redactor, Clock.systemUTC());
    }

    private DeploymentPlan plan(String version, boolean atomic) {
        return plan(version, atomic, List.of("v" + version, "latest"));
    }

    private DeploymentPlan plan(String version, boolean atomic, List<String> tags) {
        return plan(version, atomic, tags, Map.of());
    }

    private DeploymentPlan plan(String version, boolean atomic, List<String> tags, Map<String, String> eksSet) {
        EcrPushRequest push = EcrPushRequest.builder()
                .agent(AGENT)
                .contextDirectory(EXAMPLE)
                .buildArg("BASE_IMAGE", BASE_IMAGE)
                .buildNetwork("none")
                .labels(Map.of("org.opencontainers.image.version", version))
                .tags(tags)
                .readGit(false)
                .build();
        return new DeploymentPlan(AGENT, push, null,
                image -> AgentCoreDeployRequest.builder()
                        .runtimeName(AGENT)
                        .image(image)
                        .executionRoleArn(ROLE)
                        .timeout(Duration.ofMinutes(2))
                        .build(),
                image -> EksDeployRequest.builder()
                        .agent(AGENT)
                        .image(image)
                        .valuesFile(EXAMPLE.resolve("k8s/helm/values/applications/agentic-chat-enhanced-values.yaml"))
                        .clusterAccess(ClusterAccess.kubeconfigFile(stack.kubernetes().kubeconfigFile(), null))
                        .set(eksSet)
                        .timeout(Duration.ofMinutes(1))
                        .build(),
                atomic);
    }

    private String servedByAgentCore() {
        String runtimeId = stack.agentCoreControl().runtimeId(AGENT).orElseThrow();
        return aws.agentCoreControl().getAgentRuntime(r -> r.agentRuntimeId(runtimeId))
                .agentRuntimeArtifact().containerConfiguration().containerUri();
    }

    private String deployedToKubernetes() {
        return stack.kubernetes().client().apps().deployments().inNamespace("default")
                .withName("agentic-chat-enhanced").get().getSpec().getTemplate().getSpec().getContainers().get(0)
                .getImage();
    }

    private static LayerStatus status(DeploymentRecord record, Layer layer) {
        return record.layer(layer).map(LayerRecord::status).orElseThrow();
    }

    private static String imageRef(DeploymentRecord record) {
        return (String) record.layer(Layer.ECR).orElseThrow().details().get("imageRef");
    }

    private static String digest(DeploymentRecord record) {
        return (String) record.layer(Layer.ECR).orElseThrow().details().get("imageDigest");
    }
}
