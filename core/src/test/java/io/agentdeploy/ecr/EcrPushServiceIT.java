package io.agentdeploy.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentdeploy.aws.AwsClients;
import io.agentdeploy.aws.AwsService;
import io.agentdeploy.aws.AwsSettings;
import io.agentdeploy.progress.ProgressLevel;
import io.agentdeploy.progress.RecordingListener;
import io.agentdeploy.progress.Redactor;
import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.Faults;
import io.agentdeploy.testkit.ecr.EcrRepository;
import io.agentdeploy.testkit.ecr.EcrStack;
import io.agentdeploy.testkit.registry.RegistryGateway;
import io.agentdeploy.testkit.registry.RegistryTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;

/** Pushes real images through the daemon into the local registry, with the ECR double as the API. */
public class EcrPushServiceIT {

    private static final String REPOSITORY_ROOT = System.getProperty("agentdeploy.repositoryRoot", "..");
    private static EcrStack stack;
    private static DockerClientFactory docker;

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final RecordingListener listener = new RecordingListener();
    private final Redactor redactor = new Redactor();
    private AwsClients aws;
    private EcrPushService service;
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
            stack.close();
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
        AwsSettings settings = AwsSettings.builder()
                .region(stack.region())
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret")))
                .endpointOverride(AwsService.ECR, stack.endpoint())
                .build();
        aws = new AwsClients(settings, listener);
        service = new EcrPushService(aws, docker, listener, redactor);
        imagesBefore = DockerTestSupport.imageIds(docker);
    }

    @After
    public void cleanUp() {
        aws.close();
        DockerTestSupport.removeImagesOf(docker, stack.registryHost());
        DockerTestSupport.removeBuiltImages(docker, imagesBefore, listener.text());
    }

    @Test
    public void pushExampleAgentResolvesTagsToDigest() throws Exception {
        String runTag = "it-" + UUID.randomUUID().toString().substring(0, 8);
        EcrPushRequest request = EcrPushRequest.builder()
                .agent("agentic_chat_enhanced")
                .repositoryPrefix("it-" + runTag + "-")
                .contextDirectory(Path.of(REPOSITORY_ROOT, "examples", "agentic-platform"))
                .buildArg("BASE_IMAGE", "agent-deploy/python-base:local")
                .buildNetwork("none")
                .labels(Map.of("org.opencontainers.image.revision", runTag))
                .tags(List.of(runTag, "latest"))
                .build();

        EcrPushResult result = service.push(request);

        String repository = "it-" + runTag + "-agentic_chat_enhanced";
        String uri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/" + repository;
        assertThat(result.repositoryName()).isEqualTo(repository);
        assertThat(result.repositoryUri()).isEqualTo(uri);
        assertThat(result.registryId()).isEqualTo("123456789012");
        assertThat(result.region()).isEqualTo("us-east-1");
        assertThat(result.imageUri()).isEqualTo(uri + ":" + runTag);
        assertThat(result.imageDigest()).matches("sha256:[0-9a-f]{64}");
        assertThat(result.imageRef()).isEqualTo(uri + "@" + result.imageDigest());
        assertThat(result.tags()).containsExactly(runTag, "latest");
        assertThat(result.platforms()).containsExactly("linux/amd64");
        assertThat(result.created()).isTrue();
        assertThat(result.changed()).isTrue();
        assertThat(result.layersPushed()).isGreaterThan(0);
        assertThat(stack.imageLookup().digestOfTag(repository, runTag)).contains(result.imageDigest());
        assertThat(stack.imageLookup().digestOfTag(repository, "latest")).contains(result.imageDigest());
        assertThat(stack.imageLookup().exists(result.imageRef())).isTrue();
        ImageDetail detail = aws.ecr().describeImages(r -> r.repositoryName(repository)
                .imageIds(ImageIdentifier.builder().imageTag(runTag).build())).imageDetails().get(0);
        assertThat(detail.imageSizeInBytes()).isEqualTo(result.sizeBytes());
        assertThat(detail.imageTags()).containsExactlyInAnyOrder(runTag, "latest");
    }

    @Test
    public void pushCreatesRepositoryWithRequestedSettings() throws Exception {
        String agent = agentName();
        EcrPushRequest request = busyboxRequest(agent).scanOnPush(false).tagMutability(TagMutability.IMMUTABLE)
                .lifecycleKeepLast(7).build();

        service.push(request);

        EcrRepository repository = stack.ecr().repository("agentic-platform-" + agent).orElseThrow();
        assertThat(repository.scanOnPush()).isFalse();
        assertThat(repository.tagMutability()).isEqualTo("IMMUTABLE");
        assertThat(repository.encryptionType()).isEqualTo("AES256");
        JsonNode rule = new ObjectMapper().readTree(repository.lifecyclePolicyText()).path("rules").get(0);
        assertThat(rule.path("selection").path("tagStatus").asText()).isEqualTo("any");
        assertThat(rule.path("selection").path("countType").asText()).isEqualTo("imageCountMoreThan");
        assertThat(rule.path("selection").path("countNumber").asInt()).isEqualTo(7);
        assertThat(rule.path("action").path("type").asText()).isEqualTo("expire");
        assertThat(listener.messages(ProgressLevel.LIFECYCLE)).contains(
                "Created ECR repository 'agentic-platform-" + agent + "' (123456789012.dkr.ecr.us-east-1.amazonaws.com"
                        + "/agentic-platform-" + agent + "): scan on push off, IMMUTABLE tags, AES256 encryption,"
                        + " lifecycle: keep the last 7 images.",
                "Set the lifecycle policy of 'agentic-platform-" + agent + "': keep the last 7 images.");
    }

    @Test
    public void secondPushReusesLayers() throws Exception {
        String agent = agentName();
        EcrPushResult first = service.push(busyboxRequest(agent).tags(List.of("one")).build());
        stack.callLog().clear();

        EcrPushResult second = service.push(busyboxRequest(agent).tags(List.of("two")).build());

        assertThat(second.imageDigest()).isEqualTo(first.imageDigest());
        assertThat(second.created()).isFalse();
        assertThat(second.layersPushed()).isZero();
        // The first push may have mounted the layer from another test's repository instead of uploading it.
        assertThat(second.layersReused()).isEqualTo(first.layersPushed() + first.layersReused());
        assertThat(stack.callLog().calls(RegistryGateway.SERVICE, "PATCH upload")).isEmpty();
        assertThat(stack.callLog().calls(RegistryGateway.SERVICE, "PUT manifest")).hasSize(1);
        assertThat(stack.callLog().calls("ecr", "CreateRepository")).isEmpty();
        assertThat(second.changed()).isTrue();
    }

    @Test
    public void repeatedPushOfSameTagsIsUnchanged() throws Exception {
        String agent = agentName();
        EcrPushResult first = service.push(busyboxRequest(agent).tags(List.of("stable")).build());
        stack.callLog().clear();

        EcrPushResult again = service.push(busyboxRequest(agent).tags(List.of("stable")).build());

        assertThat(again.changed()).isFalse();
        assertThat(again.layersPushed()).isZero();
        assertThat(again.layersReused()).isEqualTo(first.layersPushed() + first.layersReused()).isPositive();
        assertThat(again.summary()).isEqualTo("unchanged: " + ImageDigests.shortForm(again.imageDigest())
                + " already tagged stable (" + EcrPushResult.formatSize(again.sizeBytes()) + "; scan: no findings)");
        // The tag names the same image config already, so nothing is pushed at all.
        assertThat(stack.callLog().mutatingCalls()).isEmpty();
        assertThat(listener.messages(ProgressLevel.LIFECYCLE)).contains("Tag 'stable' names this content already ("
                + ImageDigests.shortForm(again.imageDigest()) + "); nothing to upload.", "Uploaded no layers for "
                + ImageDigests.shortForm(again.imageDigest()) + " (" + EcrPushResult.formatSize(again.sizeBytes())
                + "): the registry has its content already.");
    }

    @Test
    public void dockerignoreKeepsFilesOutOfContext() throws Exception {
        String agent = agentName();
        Path context = DockerTestSupport.busyboxContext(folder.getRoot().toPath().resolve("ctx"), agent,
                "COPY . /context", "RUN [\"/bin/busybox\", \"test\", \"!\", \"-e\", \"/context/ignored.txt\"]");
        Files.writeString(context.resolve("ignored.txt"), "must not reach the daemon");
        Files.writeString(context.resolve(".dockerignore"), "ignored.txt\n");

        EcrPushResult result = service.push(EcrPushRequest.builder().agent(agent).contextDirectory(context)
                .buildNetwork("none").tags(List.of("ignored")).build());

        assertThat(result.imageDigest()).matches("sha256:[0-9a-f]{64}");
    }

    @Test
    public void badDockerfileNamesFailingInstruction() {
        String agent = agentName();
        Path context = DockerTestSupport.busyboxContext(folder.getRoot().toPath().resolve("ctx"), agent,
                "RUN [\"/bin/busybox\", \"sh\", \"-c\", \"echo checking; exit 3\"]");
        EcrPushRequest request = EcrPushRequest.builder().agent(agent).contextDirectory(context).buildNetwork("none")
                .tags(List.of("broken")).build();

        assertThatThrownBy(() -> service.push(request))
                .isInstanceOfSatisfying(ImageBuildException.class, e -> {
                    assertThat(e.failedStep()).isEqualTo(
                            "Step 4/5 : RUN [\"/bin/busybox\", \"sh\", \"-c\", \"echo checking; exit 3\"]");
                    assertThat(e.outputTail()).contains("checking");
                    assertThat(e.repository()).isEqualTo("agentic-platform-" + agent);
                    assertThat(e.region()).isEqualTo("us-east-1");
                })
                .hasMessageStartingWith("The image build of src/agentic_platform/agent/" + agent + "/Dockerfile failed"
                        + " at 'Step 4/5 : RUN [\"/bin/busybox\", \"sh\", \"-c\", \"echo checking; exit 3\"]': The command"
                        + " '/bin/busybox sh -c echo checking; exit 3' returned a non-zero code: 3. Fix the Dockerfile"
                        + " step or the files and base image it uses, then push again.\nLast output lines:\n")
                .hasMessageContaining("\n  checking");
        // The first line of the message is all a console repeats, so the step's output must have come before.
        assertThat(listener.messages(ProgressLevel.LIFECYCLE)).contains("checking");
    }

    @Test
    public void throttledCallsAreRetriedAndCounted() throws Exception {
        stack.faults().inject("ecr", "CreateRepository", Faults.Kind.THROTTLE, 2);
        stack.faults().inject("ecr", "GetAuthorizationToken", Faults.Kind.THROTTLE, 1);

        service.push(busyboxRequest(agentName()).tags(List.of("retried")).build());

        assertThat(stack.callLog().calls("ecr", "CreateRepository")).extracting(CallLog.Call::status)
                .containsExactly(400, 400, 200);
        assertThat(stack.callLog().calls("ecr", "GetAuthorizationToken")).extracting(CallLog.Call::status)
                .containsExactly(400, 200);
        assertThat(aws.retryCount()).isEqualTo(3);
        assertThat(listener.messages(ProgressLevel.WARNING))
                .contains("Retrying Ecr CreateRepository (attempt 2 of 5) after HTTP 400.",
                        "Retrying Ecr CreateRepository (attempt 3 of 5) after HTTP 400.",
                        "Retrying Ecr GetAuthorizationToken (attempt 2 of 5) after HTTP 400.");
    }

    @Test
    public void missingPermissionNamesIt() {
        stack.ecr().deny("CreateRepository");
        String agent = agentName();
        EcrPushRequest request = busyboxRequest(agent).build();

        assertThatThrownBy(() -> service.push(request))
                .isInstanceOfSatisfying(EcrException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("AccessDeniedException");
                    assertThat(e.repository()).isEqualTo("agentic-platform-" + agent);
                })
                .hasMessage("ECR repository 'agentic-platform-" + agent + "' could not be created in us-east-1:"
                        + " AccessDeniedException (User: arn:aws:iam::123456789012:user/agent-deploy-test is not"
                        + " authorized to perform: ecr:CreateRepository on resource: arn:aws:ecr:us-east-1:123456789012:"
                        + "repository/agentic-platform-" + agent + " because no identity-based policy allows the"
                        + " ecr:CreateRepository action). The credentials need the IAM permission ecr:CreateRepository.");
    }

    @Test
    public void loginThatNeverWorksFailsAfterRenewal() {
        stack.ecr().tokenValidity(Duration.ZERO);
        EcrPushRequest request = busyboxRequest(agentName()).tags(List.of("late")).build();

        assertThatThrownBy(() -> service.push(request))
                .isInstanceOfSatisfying(EcrException.class, e -> assertThat(e.errorCode()).isEqualTo("HTTP_401"))
                .hasMessageStartingWith("The registry " + stack.registryHost() + " rejected the login of AWS (valid"
                        + " until ")
                .hasMessageEndingWith(") on GET /v2/" + request.repository() + "/manifests/late with HTTP 401"
                        + " ({\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"Your authorization token has expired."
                        + " Reauthenticate and try again.\"}]}). Check that the credentials may read and write the"
                        + " repository.");
        assertThat(stack.callLog().calls("ecr", "GetAuthorizationToken")).hasSize(2);
    }

    @Test
    public void immutableTagWithSameContentIsNoOp() throws Exception {
        String agent = agentName();
        EcrPushResult first = service.push(busyboxRequest(agent).tagMutability(TagMutability.IMMUTABLE)
                .tags(List.of("v1")).build());
        stack.callLog().clear();

        EcrPushResult again = service.push(busyboxRequest(agent).tags(List.of("v1")).build());

        assertThat(again.imageDigest()).isEqualTo(first.imageDigest());
        assertThat(again.changed()).isFalse();
        assertThat(stack.callLog().calls(RegistryGateway.SERVICE, "PUT manifest")).isEmpty();
    }

    @Test
    public void immutableTagWithOtherContentFailsBeforePush() throws Exception {
        String agent = agentName();
        service.push(busyboxRequest(agent).tagMutability(TagMutability.IMMUTABLE).tags(List.of("v1", "v1-extra"))
                .build());
        String before = stack.imageLookup().digestOfTag("agentic-platform-" + agent, "v1").orElseThrow();
        stack.callLog().clear();
        Path changed = DockerTestSupport.busyboxContext(folder.getRoot().toPath().resolve("changed-" + agent), agent,
                "LABEL variant=changed");
        EcrPushRequest request = EcrPushRequest.builder().agent(agent).contextDirectory(changed).buildNetwork("none")
                .tags(List.of("v2", "v1")).build();

        assertThatThrownBy(() -> service.push(request))
                .isInstanceOfSatisfying(EcrException.class, e -> assertThat(e.errorCode()).isEqualTo("TAG_INVALID"))
                .hasMessage("The repository 'agentic-platform-" + agent + "' has immutable tags, and tag 'v1' ("
                        + ImageDigests.shortForm(before) + ") already names an image with other content than this"
                        + " build. Nothing was pushed. Push under new tags (the build number or timestamp tag is new on"
                        + " every push), or make the repository's tags MUTABLE.");
        assertThat(stack.callLog().calls(RegistryGateway.SERVICE, "PUT manifest")).isEmpty();
        assertThat(stack.imageLookup().digestOfTag("agentic-platform-" + agent, "v2")).isEmpty();
    }

    @Test
    public void rollbackMovesTagsBack() throws Exception {
        String agent = agentName();
        EcrPushResult first = service.push(busyboxRequest(agent).tags(List.of("1", "latest")).build());
        Path changed = DockerTestSupport.busyboxContext(folder.getRoot().toPath().resolve("next-" + agent), agent,
                "LABEL next=true");
        EcrPushRequest next = EcrPushRequest.builder().agent(agent).contextDirectory(changed).buildNetwork("none")
                .tags(List.of("2", "latest")).build();
        EcrPushResult second = service.push(next);

        List<String> notes = service.rollback(next, second);

        assertThat(second.previousDigests()).containsExactly(Map.entry("latest", first.imageDigest()));
        assertThat(notes).containsExactly("Restored tag 'latest' of agentic-platform-" + agent + " to "
                + ImageDigests.shortForm(first.imageDigest()) + ".");
        assertThat(stack.imageLookup().digestOfTag("agentic-platform-" + agent, "latest")).contains(first.imageDigest());
        assertThat(stack.imageLookup().digestOfTag("agentic-platform-" + agent, "2")).contains(second.imageDigest());
    }

    @Test
    public void registryPasswordNeverReachesOutput() throws Exception {
        EcrPushResult result = service.push(busyboxRequest(agentName()).buildArg("API_TOKEN", "build-arg-secret-value")
                .tags(List.of("quiet")).build());

        List<RegistryTokens.Token> issued = stack.gateway().tokens().issued();
        assertThat(issued).isNotEmpty();
        String everything = listener.text() + result.toMap() + result.summary();
        for (RegistryTokens.Token token : issued) {
            assertThat(everything).doesNotContain(token.password()).doesNotContain(token.authorizationToken());
        }
        assertThat(everything).doesNotContain("build-arg-secret-value");
        assertThat(listener.messages(ProgressLevel.WARNING)).contains("Build argument API_TOKEN looks like a secret:"
                + " build arguments are stored in the image history, where anyone who can pull the image can read them.");
    }

    private EcrPushRequest.Builder busyboxRequest(String agent) {
        Path context = DockerTestSupport.busyboxContext(folder.getRoot().toPath().resolve("ctx-" + agent), agent);
        return EcrPushRequest.builder().agent(agent).contextDirectory(context).buildNetwork("none");
    }

    private static String agentName() {
        return "it_agent_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }
}
