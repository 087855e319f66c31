package io.agentdeploy.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeploy.aws.AwsService;
import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.Faults;
import io.agentdeploy.testkit.FreePorts;
import io.agentdeploy.testkit.ecr.EcrRegistry;
import io.agentdeploy.testkit.registry.RegistryClient;
import io.agentdeploy.testkit.registry.RegistryGateway;
import java.net.URI;
import java.util.List;
import org.junit.Before;
import org.junit.Test;

/** Promotion by digest within a repository, across repositories, regions and accounts. */
public class PromoteIT extends PushTestBase {

    private static final String OTHER_REGION = "eu-west-1";
    private static final String OTHER_ACCOUNT = "210987654321";
    private static final String UNSERVED_ACCOUNT = "999999999999";
    private static final String UNSERVED_REGION = "ap-south-1";
    private static EcrRegistry otherRegion;
    private static EcrRegistry otherAccount;

    private EcrPromoteService promoter;

    @Before
    public void createPromoter() {
        if (stack.ecr().registry(OTHER_ACCOUNT, stack.region()).isEmpty()) {
            otherRegion = stack.addRegistry(stack.accountId(), OTHER_REGION);
            otherAccount = stack.addRegistry(OTHER_ACCOUNT, stack.region());
        }
        promoter = new EcrPromoteService(aws, listener, redactor);
    }

    @Test
    public void sameRepositoryOnlyRetags() {
        EcrPushResult pushed = pushAgent();
        stack.callLog().clear();

        EcrPromoteResult result = promoter.promote(EcrPromoteRequest.builder().source(pushed.imageRef())
                .tags(List.of("prod")).build());

        assertThat(result.imageDigest()).isEqualTo(pushed.imageDigest());
        assertThat(result.imageRef()).isEqualTo(pushed.repositoryUri() + "@" + pushed.imageDigest());
        assertThat(stack.imageLookup().digestOfTag(pushed.repositoryName(), "prod")).contains(pushed.imageDigest());
        assertThat(stack.callLog().calls("ecr", "PutImage")).extracting(CallLog.Call::status).containsExactly(200);
        assertThat(stack.callLog().calls(RegistryGateway.SERVICE, "POST upload")).isEmpty();
        assertThat(result.summary()).isEqualTo("promoted " + ImageDigests.shortForm(pushed.imageDigest())
                + " as prod (0 blobs copied, 0 B; 0 mounted, 0 present)");
    }

    @Test
    public void otherRepositoryMountsBlobsAndRerunIsUnchanged() {
        EcrPushResult pushed = pushAgent();
        String target = "prod/" + pushed.repositoryName();
        EcrPromoteRequest request = EcrPromoteRequest.builder().source(pushed.imageRef()).targetRepository(target)
                .tags(List.of("prod", "stable")).build();
        long uploaded = stack.gateway().uploadedBytes();

        EcrPromoteResult result = promoter.promote(request);
        EcrPromoteResult again = promoter.promote(request);

        assertThat(result.created()).isTrue();
        assertThat(result.blobsMounted()).isEqualTo(2);
        assertThat(result.blobsCopied()).isZero();
        assertThat(stack.gateway().uploadedBytes()).isEqualTo(uploaded);
        assertThat(stack.imageLookup().digestOfTag(target, "stable")).contains(pushed.imageDigest());
        assertThat(again.changed()).isFalse();
        assertThat(again.blobsPresent()).isEqualTo(2);
    }

    @Test
    public void otherRegionStreamsBlobsAndKeepsDigest() {
        EcrPushResult pushed = pushAgent();
        stack.faults().inject("ecr", "BatchGetImage", Faults.Kind.THROTTLE, 1);
        stack.faults().inject("ecr", "BatchGetImage", Faults.Kind.SERVER_ERROR, 1);
        stack.faults().inject("ecr", "PutImage", Faults.Kind.THROTTLE, 1);
        stack.faults().inject("ecr", "PutImage", Faults.Kind.SERVER_ERROR, 1);
        stack.callLog().clear();

        EcrPromoteResult result = promoter.promote(EcrPromoteRequest.builder().source(pushed.imageRef())
                .targetRegion(OTHER_REGION).tags(List.of("prod")).build());

        assertThat(result.region()).isEqualTo(OTHER_REGION);
        assertThat(result.repositoryUri()).isEqualTo(stack.accountId() + ".dkr.ecr." + OTHER_REGION
                + ".amazonaws.com/" + pushed.repositoryName());
        assertThat(result.blobsCopied()).isEqualTo(2);
        assertThat(result.bytesCopied()).isEqualTo(pushed.sizeBytes());
        assertThat(otherRegion.client().digest(pushed.repositoryName(), "prod")).contains(pushed.imageDigest());
        assertThat(stack.callLog().calls("ecr", "BatchGetImage")).extracting(CallLog.Call::status)
                .startsWith(400, 500, 200);
        assertThat(stack.callLog().calls("ecr", "PutImage")).extracting(CallLog.Call::status)
                .containsExactly(400, 500, 200);
    }

    @Test
    public void otherAccountGetsIndexWithItsImages() {
        EcrPushResult pushed = pushAgent();
        new BaseImages(stack.registry().endpoint()).push(pushed.repositoryName(), "multi", List.of("amd64", "arm64"));
        String index = stack.registryClient().digest(pushed.repositoryName(), "multi").orElseThrow();

        EcrPromoteResult result = promoter.promote(EcrPromoteRequest.builder()
                .source(pushed.repositoryName() + ":multi").targetRegistryId(OTHER_ACCOUNT).build());

        RegistryClient.Manifest copied = otherAccount.client().manifest(pushed.repositoryName(), "multi").orElseThrow();
        assertThat(result.imageDigest()).isEqualTo(index);
        assertThat(result.tags()).containsExactly("multi");
        assertThat(result.registryId()).isEqualTo(OTHER_ACCOUNT);
        assertThat(copied.digest()).isEqualTo(index);
        assertThat(copied.isIndex()).isTrue();
        // One layer and two configs; the layer is shared by both platforms.
        assertThat(result.blobsCopied()).isEqualTo(3);
    }

    @Test
    public void immutableTargetTagNamingOtherImageIsRefused() {
        EcrPushResult first = pushAgent();
        EcrPushResult second = service.push(busyboxRequest(agentName(), "LABEL other=true").tags(List.of("b"))
                .build());
        String target = "released/" + first.repositoryName();
        promoter.promote(EcrPromoteRequest.builder().source(first.imageRef()).targetRepository(target)
                .targetSettings(RepositorySettings.builder().tagMutability(TagMutability.IMMUTABLE).build())
                .tags(List.of("v1")).build());

        assertThatThrownBy(() -> promoter.promote(EcrPromoteRequest.builder().source(second.imageRef())
                .targetRepository(target).tags(List.of("v1")).build()))
                .isInstanceOfSatisfying(EcrException.class, e -> assertThat(e.errorCode())
                        .isEqualTo("ImageTagAlreadyExistsException"))
                .hasMessage("Tag 'v1' of " + stack.accountId() + ".dkr.ecr.us-east-1.amazonaws.com/" + target
                        + " names another image, and the repository's tags are immutable, so the promotion cannot"
                        + " move it. Promote under a new tag, or make the repository's tags MUTABLE.");
    }

    @Test
    public void missingSourceSaysWhat() {
        EcrPushResult pushed = pushAgent();

        assertThatThrownBy(() -> promoter.promote(EcrPromoteRequest.builder()
                .source(pushed.repositoryName() + ":nothing").tags(List.of("prod")).build()))
                .isInstanceOf(EcrException.class)
                .hasMessage("The source image " + pushed.repositoryUri() + ":nothing cannot be read: ImageNotFound"
                        + " (Requested image not found). Check the tag or digest.");
    }

    @Test
    public void unservedTargetAccountNamesWhatToCheck() {
        EcrPushResult pushed = pushAgent();

        assertThatThrownBy(() -> promoter.promote(EcrPromoteRequest.builder().source(pushed.imageRef())
                .targetRegistryId(UNSERVED_ACCOUNT).tags(List.of("prod")).build()))
                .isInstanceOfSatisfying(EcrException.class, e -> assertThat(e.errorCode())
                        .isEqualTo("RepositoryNotFoundException"))
                .hasMessage("ECR repository '" + pushed.repositoryName() + "' could not be created in us-east-1:"
                        + " RepositoryNotFoundException (The registry with id '" + UNSERVED_ACCOUNT + "' in us-east-1"
                        + " is not served by this test double). The target registry (account " + UNSERVED_ACCOUNT
                        + " in us-east-1) does not exist or the credentials cannot use it. Check the target region,"
                        + " the target account (registry id), the credentials and any AWS_ENDPOINT_URL_ECR override.");
    }

    @Test
    public void unservedTargetRegionNamesTargetRegistry() {
        EcrPushResult pushed = pushAgent();

        assertThatThrownBy(() -> promoter.promote(EcrPromoteRequest.builder().source(pushed.imageRef())
                .targetRegion(UNSERVED_REGION).tags(List.of("prod")).build()))
                .isInstanceOf(EcrException.class)
                .hasMessageEndingWith(" The target registry (account of the credentials in " + UNSERVED_REGION
                        + ") does not exist or the credentials cannot use it. Check the target region, the target"
                        + " account (registry id), the credentials and any AWS_ENDPOINT_URL_ECR override.")
                .hasMessageNotContaining("deleted");
    }

    @Test
    public void unreachableTargetEndpointNamesWhatToCheck() {
        EcrPushResult pushed = pushAgent();
        URI unserved = URI.create("http://127.0.0.1:" + FreePorts.next());
        // Only the target region's clients go to the unserved port; the source stays on the stack.
        EcrPromoteService toUnserved = new EcrPromoteService(aws, listener, redactor,
                region -> settings(region).toBuilder().endpointOverride(AwsService.ECR, unserved).build());

        assertThatThrownBy(() -> toUnserved.promote(EcrPromoteRequest.builder().source(pushed.imageRef())
                .targetRegion(OTHER_REGION).tags(List.of("prod")).build()))
                .isInstanceOfSatisfying(EcrException.class, e -> assertThat(e.region()).isEqualTo(OTHER_REGION))
                .hasMessageStartingWith("ECR repository '" + pushed.repositoryName() + "' could not be looked up in "
                        + OTHER_REGION + ": ")
                .hasMessageContaining("Connection refused")
                .hasMessageEndingWith(". The ECR endpoint of the target registry (account of the credentials in "
                        + OTHER_REGION + ") could not be reached. Check the target region and account, the network"
                        + " and proxy settings, and any AWS_ENDPOINT_URL_ECR override.");
    }

    private EcrPushResult pushAgent() {
        return service.push(busyboxRequest(agentName()).tags(List.of("staging")).scanOnPush(false).build());
    }
}
