package io.agentdeploy.testkit.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeploy.testkit.registry.RegistryTestImages;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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
import software.amazon.awssdk.services.ecr.model.DescribeImageScanFindingsResponse;
import software.amazon.awssdk.services.ecr.model.Image;
import software.amazon.awssdk.services.ecr.model.ImageAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.ImageDigestDoesNotMatchException;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageTagAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.InvalidParameterException;
import software.amazon.awssdk.services.ecr.model.LayersNotFoundException;
import software.amazon.awssdk.services.ecr.model.ScanNotFoundException;
import software.amazon.awssdk.services.ecr.model.Tag;

/** The double's image, scan, tag and replication operations and its second registry, through the SDK. */
public class EcrDoubleImagesIT {

    private static EcrStack stack;
    private EcrClient ecr;
    private RegistryTestImages images;

    @BeforeClass
    public static void startStack() {
        stack = EcrStack.start();
        stack.addRegistry("210987654321", "eu-west-1");
    }

    @AfterClass
    public static void stopStack() {
        stack.close();
    }

    @Before
    public void createClient() {
        stack.ecr().reset();
        stack.ecr().scans().duration(Duration.ofMillis(300));
        ecr = client(Region.US_EAST_1);
        images = new RegistryTestImages(stack.registryEndpoint(), "Basic "
                + ecr.getAuthorizationToken(r -> { }).authorizationData().get(0).authorizationToken());
    }

    @After
    public void closeClient() {
        ecr.close();
    }

    @Test
    public void putImageRetagsAndRefusesWhatEcrRefuses() throws Exception {
        ecr.createRepository(r -> r.repositoryName("put-a").imageTagMutability(ImageTagMutability.IMMUTABLE));
        images.push("put-a", "v1", bytes("layer a"));
        images.push("put-a", "v2", bytes("layer b"));
        Image v1 = get("put-a", "v1");

        ecr.putImage(r -> r.repositoryName("put-a").imageManifest(v1.imageManifest()).imageTag("prod")
                .imageManifestMediaType(v1.imageManifestMediaType()));

        assertThat(stack.imageLookup().digestOfTag("put-a", "prod")).contains(v1.imageId().imageDigest());
        assertThatThrownBy(() -> ecr.putImage(r -> r.repositoryName("put-a").imageManifest(v1.imageManifest())
                .imageTag("prod"))).isInstanceOf(ImageAlreadyExistsException.class);
        assertThatThrownBy(() -> ecr.putImage(r -> r.repositoryName("put-a").imageManifest(v1.imageManifest())
                .imageTag("v2"))).isInstanceOf(ImageTagAlreadyExistsException.class)
                .hasMessageStartingWith("The image tag 'v2' already exists in the 'put-a' repository and cannot be"
                        + " overwritten because the repository is immutable.");
        assertThatThrownBy(() -> ecr.putImage(r -> r.repositoryName("put-a").imageManifest(v1.imageManifest())
                .imageTag("x").imageDigest("sha256:" + "0".repeat(64))))
                .isInstanceOf(ImageDigestDoesNotMatchException.class);
    }

    @Test
    public void putImageNeedsLayersInRepository() throws Exception {
        ecr.createRepository(r -> r.repositoryName("put-b"));
        ecr.createRepository(r -> r.repositoryName("put-c"));
        images.push("put-b", "v1", bytes("layer of b"));
        Image v1 = get("put-b", "v1");

        assertThatThrownBy(() -> ecr.putImage(r -> r.repositoryName("put-c").imageManifest(v1.imageManifest())
                .imageTag("v1"))).isInstanceOf(LayersNotFoundException.class)
                .hasMessageContaining("required for pushing image into repository with name 'put-c'");
    }

    @Test
    public void scansRunFromPushToComplete() throws Exception {
        ecr.createRepository(r -> r.repositoryName("scan-a").imageScanningConfiguration(c -> c.scanOnPush(true)));
        stack.ecr().scans().plant("scan-a", List.of(new EcrScans.Finding("CVE-1", "HIGH", "pkg", "1.0")));
        String digest = images.push("scan-a", "v1", bytes("scan layer"));

        DescribeImageScanFindingsResponse first = findings("scan-a", digest);
        Thread.sleep(400);
        DescribeImageScanFindingsResponse done = findings("scan-a", digest);

        assertThat(first.imageScanStatus().statusAsString()).isEqualTo("IN_PROGRESS");
        assertThat(done.imageScanStatus().statusAsString()).isEqualTo("COMPLETE");
        assertThat(done.imageScanFindings().findingSeverityCountsAsStrings()).containsEntry("HIGH", 1);
        assertThat(done.imageScanFindings().findings().get(0).name()).isEqualTo("CVE-1");
    }

    @Test
    public void scanOfImageWithoutScanOnPushNeedsStart() throws Exception {
        ecr.createRepository(r -> r.repositoryName("scan-b"));
        String digest = images.push("scan-b", "v1", bytes("unscanned"));

        assertThatThrownBy(() -> findings("scan-b", digest)).isInstanceOf(ScanNotFoundException.class);
        ecr.startImageScan(r -> r.repositoryName("scan-b").imageId(id -> id.imageDigest(digest)));
        stack.ecr().scans().outcome("scan-b", EcrScans.Outcome.UNSUPPORTED_IMAGE);
        Thread.sleep(400);

        assertThat(findings("scan-b", digest).imageScanStatus().statusAsString()).isEqualTo("UNSUPPORTED_IMAGE");
    }

    @Test
    public void resourceTagsAndReplicationAreStored() {
        String arn = ecr.createRepository(r -> r.repositoryName("tags-a")).repository().repositoryArn();

        ecr.tagResource(r -> r.resourceArn(arn).tags(Tag.builder().key("team").value("a").build(),
                Tag.builder().key("cost").value("b").build()));
        ecr.untagResource(r -> r.resourceArn(arn).tagKeys("cost"));
        ecr.putReplicationConfiguration(r -> r.replicationConfiguration(c -> c.rules(rule -> rule
                .destinations(d -> d.region("us-west-2").registryId("123456789012"))
                .repositoryFilters(f -> f.filter("tags-a").filterType("PREFIX_MATCH")))));

        assertThat(ecr.listTagsForResource(r -> r.resourceArn(arn)).tags()).extracting(Tag::key).containsExactly("team");
        assertThat(ecr.describeRegistry(r -> { }).replicationConfiguration().rules().get(0).destinations().get(0)
                .region()).isEqualTo("us-west-2");
        assertThatThrownBy(() -> ecr.putReplicationConfiguration(r -> r.replicationConfiguration(c -> c.rules(rule ->
                rule.destinations(d -> d.region("us-east-1").registryId("123456789012"))))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("Invalid parameter: a registry cannot replicate to itself");
    }

    @Test
    public void otherRegionAndAccountAreSeparateRegistries() {
        try (EcrClient europe = client(Region.EU_WEST_1)) {
            europe.createRepository(r -> r.repositoryName("shared-name").registryId("210987654321"));

            var token = europe.getAuthorizationToken(r -> r.registryIds("210987654321")).authorizationData().get(0);

            assertThat(stack.ecr().registry("210987654321", "eu-west-1").orElseThrow().repository("shared-name"))
                    .isPresent();
            assertThat(stack.ecr().repository("shared-name")).isEmpty();
            assertThat(token.proxyEndpoint()).isNotEqualTo(stack.registryEndpoint().toString());
        }
    }

    private Image get(String repository, String tag) {
        return ecr.batchGetImage(r -> r.repositoryName(repository).imageIds(ImageIdentifier.builder().imageTag(tag)
                .build()).acceptedMediaTypes(RegistryTestImages.MANIFEST_V2)).images().get(0);
    }

    private DescribeImageScanFindingsResponse findings(String repository, String digest) {
        return ecr.describeImageScanFindings(r -> r.repositoryName(repository).imageId(id -> id.imageDigest(digest)));
    }

    private EcrClient client(Region region) {
        return EcrClient.builder()
                .region(region)
                .endpointOverride(stack.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
