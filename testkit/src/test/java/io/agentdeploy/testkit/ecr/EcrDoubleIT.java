package io.agentdeploy.testkit.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.Faults;
import io.agentdeploy.testkit.registry.RegistryTestImages;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.BatchGetImageResponse;
import software.amazon.awssdk.services.ecr.model.EcrException;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.InvalidParameterException;
import software.amazon.awssdk.services.ecr.model.LifecyclePolicyNotFoundException;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/** The ECR double through the real AWS SDK client, with images pushed through the gateway. */
public class EcrDoubleIT {

    private static final String POLICY = "{\"rules\":[{\"rulePriority\":1,\"description\":\"Keep the last 5 images\","
            + "\"selection\":{\"tagStatus\":\"any\",\"countType\":\"imageCountMoreThan\",\"countNumber\":5},"
            + "\"action\":{\"type\":\"expire\"}}]}";

    private static EcrStack stack;
    private EcrClient ecr;

    @BeforeClass
    public static void startStack() {
        stack = EcrStack.start();
    }

    @AfterClass
    public static void stopStack() {
        stack.close();
    }

    @Before
    public void createClient() {
        stack.ecr().reset();
        stack.ecr().allowAll();
        stack.ecr().tokenValidity(Duration.ofHours(12));
        stack.callLog().clear();
        stack.faults().clear();
        ecr = EcrClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(stack.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @After
    public void closeClient() {
        ecr.close();
    }

    @Test
    public void createRepositoryReturnsRealShape() {
        Repository repository = ecr.createRepository(r -> r.repositoryName("team/agent-a")
                .imageTagMutability(ImageTagMutability.IMMUTABLE)
                .imageScanningConfiguration(c -> c.scanOnPush(true))
                .encryptionConfiguration(c -> c.encryptionType("AES256"))).repository();

        assertThat(repository.repositoryName()).isEqualTo("team/agent-a");
        assertThat(repository.repositoryArn()).isEqualTo("arn:aws:ecr:us-east-1:123456789012:repository/team/agent-a");
        assertThat(repository.repositoryUri()).isEqualTo("123456789012.dkr.ecr.us-east-1.amazonaws.com/team/agent-a");
        assertThat(repository.registryId()).isEqualTo("123456789012");
        assertThat(repository.imageTagMutability()).isEqualTo(ImageTagMutability.IMMUTABLE);
        assertThat(repository.imageScanningConfiguration().scanOnPush()).isTrue();
        assertThat(repository.encryptionConfiguration().encryptionTypeAsString()).isEqualTo("AES256");
        assertThat(repository.createdAt()).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
        assertThat(stack.callLog().mutatingCalls()).extracting(CallLog.Call::operation).containsExactly("CreateRepository");
    }

    @Test
    public void repositoryErrorsUseEcrCodes() {
        ecr.createRepository(r -> r.repositoryName("agent-b"));

        assertThatThrownBy(() -> ecr.createRepository(r -> r.repositoryName("agent-b")))
                .isInstanceOf(RepositoryAlreadyExistsException.class)
                .hasMessageStartingWith("The repository with name 'agent-b' already exists in the registry with id"
                        + " '123456789012'");
        assertThatThrownBy(() -> ecr.createRepository(r -> r.repositoryName("Agent_B")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Invalid parameter at 'repositoryName' failed to satisfy constraint");
        assertThatThrownBy(() -> ecr.describeRepositories(r -> r.repositoryNames("missing")))
                .isInstanceOfSatisfying(RepositoryNotFoundException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(400))
                .hasMessageStartingWith("The repository with name 'missing' does not exist in the registry with id"
                        + " '123456789012'");
    }

    @Test
    public void repositorySettingsCanBeChanged() {
        ecr.createRepository(r -> r.repositoryName("agent-c"));

        ecr.putImageScanningConfiguration(r -> r.repositoryName("agent-c").imageScanningConfiguration(c -> c.scanOnPush(true)));
        ecr.putImageTagMutability(r -> r.repositoryName("agent-c").imageTagMutability(ImageTagMutability.IMMUTABLE));
        ecr.putLifecyclePolicy(r -> r.repositoryName("agent-c").lifecyclePolicyText(POLICY));

        EcrRepository stored = stack.ecr().repository("agent-c").orElseThrow();
        assertThat(stored.scanOnPush()).isTrue();
        assertThat(stored.tagMutability()).isEqualTo("IMMUTABLE");
        assertThat(ecr.getLifecyclePolicy(r -> r.repositoryName("agent-c")).lifecyclePolicyText()).isEqualTo(POLICY);
    }

    @Test
    public void lifecyclePolicyIsChecked() {
        ecr.createRepository(r -> r.repositoryName("agent-d"));

        assertThatThrownBy(() -> ecr.getLifecyclePolicy(r -> r.repositoryName("agent-d")))
                .isInstanceOf(LifecyclePolicyNotFoundException.class);
        String bad = POLICY.replace("\"any\"", "\"tagged\"");
        assertThatThrownBy(() -> ecr.putLifecyclePolicy(r -> r.repositoryName("agent-d").lifecyclePolicyText(bad)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint:"
                        + " 'Lifecycle policy validation failure: a 'tagged' rule needs 'tagPrefixList' or"
                        + " 'tagPatternList''");
    }

    @Test
    public void authorizationTokenIsRegistryLogin() throws Exception {
        ecr.createRepository(r -> r.repositoryName("agent-e"));

        AuthorizationData data = ecr.getAuthorizationToken(r -> { }).authorizationData().get(0);

        String decoded = new String(Base64.getDecoder().decode(data.authorizationToken()), StandardCharsets.UTF_8);
        assertThat(decoded).startsWith("AWS:");
        assertThat(data.proxyEndpoint()).isEqualTo(stack.registryEndpoint().toString());
        assertThat(data.expiresAt()).isBetween(Instant.now().plus(Duration.ofHours(12)).minusSeconds(60),
                Instant.now().plus(Duration.ofHours(12)));
        RegistryTestImages images = new RegistryTestImages(stack.registryEndpoint(), "Basic " + data.authorizationToken());
        String digest = images.push("agent-e", "v1", "layer".getBytes(StandardCharsets.UTF_8));
        assertThat(stack.imageLookup().digestOfTag("agent-e", "v1")).contains(digest);
    }

    @Test
    public void imagesAreReadFromRegistry() throws Exception {
        ecr.createRepository(r -> r.repositoryName("agent-f"));
        String token = ecr.getAuthorizationToken(r -> { }).authorizationData().get(0).authorizationToken();
        RegistryTestImages images = new RegistryTestImages(stack.registryEndpoint(), "Basic " + token);
        byte[] layer = "layer of agent f".getBytes(StandardCharsets.UTF_8);
        String digest = images.push("agent-f", "v1", layer);
        images.push("agent-f", "latest", layer);

        ImageDetail detail = ecr.describeImages(r -> r.repositoryName("agent-f")).imageDetails().get(0);
        BatchGetImageResponse batch = ecr.batchGetImage(r -> r.repositoryName("agent-f").imageIds(
                ImageIdentifier.builder().imageTag("v1").build(),
                ImageIdentifier.builder().imageTag("v1").imageDigest("sha256:" + "0".repeat(64)).build(),
                ImageIdentifier.builder().imageTag("v9").build()));

        assertThat(detail.imageDigest()).isEqualTo(digest);
        assertThat(detail.imageTags()).containsExactlyInAnyOrder("v1", "latest");
        assertThat(detail.imageManifestMediaType()).isEqualTo(RegistryTestImages.MANIFEST_V2);
        assertThat(detail.imageSizeInBytes()).isGreaterThan((long) layer.length);
        assertThat(batch.images()).hasSize(1);
        assertThat(batch.images().get(0).imageId().imageDigest()).isEqualTo(digest);
        assertThat(batch.images().get(0).imageManifest()).contains(RegistryTestImages.digest(layer));
        assertThat(batch.failures()).extracting(f -> f.failureCodeAsString())
                .containsExactly("ImageTagDoesNotMatchDigest", "ImageNotFound");
        assertThatThrownBy(() -> ecr.describeImages(r -> r.repositoryName("agent-f")
                .imageIds(ImageIdentifier.builder().imageTag("v9").build())))
                .isInstanceOf(ImageNotFoundException.class);
    }

    @Test
    public void gatewayRejectsPushToMissingRepository() throws Exception {
        String token = ecr.getAuthorizationToken(r -> { }).authorizationData().get(0).authorizationToken();
        RegistryTestImages images = new RegistryTestImages(stack.registryEndpoint(), "Basic " + token);

        var response = images.send(images.request("/v2/nowhere/blobs/uploads/").POST(
                java.net.http.HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"The repository"
                + " with name 'nowhere' does not exist in the registry with id '123456789012'\"}]}");
    }

    @Test
    public void throttlingAndServerErrorsFollowEcr() {
        stack.faults().inject(EcrDouble.SERVICE, "DescribeRepositories", Faults.Kind.THROTTLE, 1);
        stack.faults().inject(EcrDouble.SERVICE, "DescribeRepositories", Faults.Kind.SERVER_ERROR, 1);

        assertThatThrownBy(() -> ecr.describeRepositories(r -> { }))
                .isInstanceOfSatisfying(EcrException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                });
        assertThatThrownBy(() -> ecr.describeRepositories(r -> { }))
                .isInstanceOfSatisfying(EcrException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(500);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServerException");
                });
        assertThat(stack.callLog().calls(EcrDouble.SERVICE, "DescribeRepositories")).extracting(CallLog.Call::status)
                .containsExactly(400, 500);
    }

    @Test
    public void deniedOperationAnswersAccessDenied() {
        stack.ecr().deny("CreateRepository");

        assertThatThrownBy(() -> ecr.createRepository(r -> r.repositoryName("agent-g")))
                .isInstanceOfSatisfying(EcrException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"));
        assertThat(stack.ecr().repository("agent-g")).isEmpty();
        assertThat(stack.callLog().mutatingCalls()).isEmpty();
    }
}
