package io.agentdeploy.ecr;

import io.agentdeploy.aws.AwsClients;
import io.agentdeploy.aws.AwsService;
import io.agentdeploy.aws.AwsSettings;
import io.agentdeploy.progress.RecordingListener;
import io.agentdeploy.progress.Redactor;
import io.agentdeploy.testkit.ecr.EcrStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The fixture of the ECR layer's integration tests: one ECR stack per class, the real daemon, AWS
 * clients and a push service per test, and removal of every image a test built or pulled.
 */
public abstract class PushTestBase {

    protected static EcrStack stack;
    protected static DockerClientFactory docker;

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    protected final RecordingListener listener = new RecordingListener();
    protected final Redactor redactor = new Redactor();
    protected AwsClients aws;
    protected EcrPushService service;
    private Set<String> imagesBefore;

    @BeforeClass
    public static void startStack() {
        docker = DockerTestSupport.requireDaemon();
        stack = EcrStack.start();
    }

    @AfterClass
    public static void stopStack() {
        if (stack != null) {
            DockerTestSupport.removeImagesOf(docker, stack.registryHost());
            DockerTestSupport.removeImagesOf(docker, stack.registry().host());
            stack.close();
            stack = null;
        }
    }

    @Before
    public void createService() {
        stack.callLog().clear();
        stack.faults().clear();
        stack.ecr().allowAll();
        stack.ecr().tokenValidity(Duration.ofHours(12));
        // Scans complete at once unless a test says otherwise; the wait itself is tested with scans that never end.
        stack.ecr().scans().duration(Duration.ZERO);
        aws = new AwsClients(settings(stack.region()), listener);
        service = new EcrPushService(aws, docker, listener, redactor);
        imagesBefore = DockerTestSupport.imageIds(docker);
    }

    @After
    public void cleanUp() {
        aws.close();
        DockerTestSupport.removeImagesOf(docker, stack.registryHost());
        DockerTestSupport.removeBuiltImages(docker, imagesBefore, listener.text());
    }

    /** Settings for the stack's ECR endpoint in a region; the double picks the registry by the signing region. */
    protected static AwsSettings settings(String region) {
        return AwsSettings.builder()
                .region(region)
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret")))
                .endpointOverride(AwsService.ECR, stack.endpoint())
                .build();
    }

    /** A request for a FROM-scratch busybox image of a new agent, built without network. */
    protected EcrPushRequest.Builder busyboxRequest(String agent, String... instructions) {
        Path context = DockerTestSupport.busyboxContext(folder.getRoot().toPath().resolve("ctx-" + agent
                + "-" + UUID.randomUUID().toString().substring(0, 6)), agent, instructions);
        return EcrPushRequest.builder().agent(agent).contextDirectory(context).buildNetwork("none").readGit(false);
    }

    protected static String agentName() {
        return "it_agent_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    protected static String repositoryOf(String agent) {
        return "agentic-platform-" + agent;
    }
}
