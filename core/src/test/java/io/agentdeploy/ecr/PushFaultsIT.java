package io.agentdeploy.ecr;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeploy.progress.ProgressLevel;
import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.Faults;
import io.agentdeploy.testkit.registry.RegistryGateway;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** Faults on every ECR call and in the registry: throttling, 5xx, an expired token, a dropped connection. */
public class PushFaultsIT extends PushTestBase {

    private static final List<String> CREATE_CALLS = List.of("CreateRepository",
            "PutLifecyclePolicy", "DescribeRegistry", "PutReplicationConfiguration", "GetAuthorizationToken",
            "DescribeImageScanFindings");
    private static final List<String> RECONCILE_CALLS = List.of("DescribeRepositories", "GetLifecyclePolicy",
            "ListTagsForResource",
            "PutImageScanningConfiguration", "PutImageTagMutability", "TagResource", "StartImageScan");

    @Test
    public void throttlingAndServerErrorsOnEveryEcrCallAreRetried() {
        String agent = agentName();
        inject(CREATE_CALLS);
        service.push(busyboxRequest(agent).tags(List.of("f1")).replicationDestinations(List.of("us-west-2"))
                .build());
        assertStatuses(CREATE_CALLS);
        stack.callLog().clear();
        inject(RECONCILE_CALLS);

        EcrPushResult result = service.push(busyboxRequest(agent, "LABEL second=true").tags(List.of("f2"))
                .scanOnPush(false).tagMutability(TagMutability.IMMUTABLE).lifecycleKeepLast(5)
                .repositoryTags(Map.of("team", "platform")).failOnSeverity(Severity.CRITICAL).build());

        assertStatuses(RECONCILE_CALLS);
        assertThat(result.repositoryChanges()).hasSize(4);
        assertThat(listener.messages(ProgressLevel.WARNING))
                .contains("Retrying Ecr TagResource (attempt 2 of 5) after HTTP 400.",
                        "Retrying Ecr TagResource (attempt 3 of 5) after HTTP 500.");
    }

    @Test
    public void tokenExpiringMidPushIsRenewed() {
        String agent = agentName();
        stack.gateway().expireTokensBefore("PUT manifest");

        EcrPushResult result = service.push(busyboxRequest(agent).tags(List.of("long")).build());

        assertThat(stack.imageLookup().digestOfTag(repositoryOf(agent), "long")).contains(result.imageDigest());
        assertThat(stack.callLog().calls("ecr", "GetAuthorizationToken")).hasSize(2);
        assertThat(stack.callLog().calls(RegistryGateway.SERVICE, "PUT manifest")).extracting(CallLog.Call::status)
                .containsExactly(401, 201);
        assertThat(listener.messages(ProgressLevel.LIFECYCLE)).anyMatch(line -> line.startsWith("Logged in to registry "
                + stack.registryHost() + " again: the registry rejected the login valid until "));
    }

    @Test
    public void droppedConnectionMidUploadIsRetriedByDaemon() {
        String agent = agentName();
        stack.faults().inject(RegistryGateway.SERVICE, "PATCH upload", Faults.Kind.CONNECTION_RESET, 1);

        EcrPushResult result = service.push(busyboxRequest(agent).tags(List.of("reset")).build());

        assertThat(stack.imageLookup().digestOfTag(repositoryOf(agent), "reset")).contains(result.imageDigest());
        assertThat(result.retries()).isEqualTo(1);
        assertThat(listener.messages(ProgressLevel.WARNING)).anyMatch(line -> line.matches("The upload of layer"
                + " [0-9a-f]{12} failed; the Docker daemon retrying in \\d+ seconds \\(1 retry so far\\)\\."));
        assertThat(listener.messages(ProgressLevel.LIFECYCLE)).anyMatch(line -> line.endsWith(", 1 retries)."));
    }

    @Test
    public void serverErrorOnManifestIsRetriedWithCount() {
        String agent = agentName();
        stack.faults().inject(RegistryGateway.SERVICE, "PUT manifest", Faults.Kind.SERVER_ERROR, 1);

        EcrPushResult result = service.push(busyboxRequest(agent).tags(List.of("five")).build());

        assertThat(stack.imageLookup().digestOfTag(repositoryOf(agent), "five")).contains(result.imageDigest());
        assertThat(result.retries()).isGreaterThanOrEqualTo(1);
        assertThat(listener.messages(ProgressLevel.WARNING)).anyMatch(line -> line.startsWith("Retrying the push of "
                + stack.registryHost() + "/" + repositoryOf(agent) + ":five (attempt 2 of 5) after: "));
    }

    @Test
    public void throttledManifestReadsAreRetried() {
        String agent = agentName();
        stack.faults().inject(RegistryGateway.SERVICE, "GET manifest", Faults.Kind.THROTTLE, 2);

        service.push(busyboxRequest(agent).tags(List.of("slow")).build());

        assertThat(listener.messages(ProgressLevel.WARNING)).contains(
                "Retrying registry GET /v2/" + repositoryOf(agent) + "/manifests/slow (attempt 2 of 5) after HTTP 429.",
                "Retrying registry GET /v2/" + repositoryOf(agent) + "/manifests/slow (attempt 3 of 5) after HTTP 429.");
    }

    private static void inject(List<String> operations) {
        for (String operation : operations) {
            stack.faults().inject("ecr", operation, Faults.Kind.THROTTLE, 1);
            stack.faults().inject("ecr", operation, Faults.Kind.SERVER_ERROR, 1);
        }
    }

    private static void assertStatuses(List<String> operations) {
        for (String operation : operations) {
            assertThat(stack.callLog().calls("ecr", operation)).as(operation).extracting(CallLog.Call::status)
                    .startsWith(400, 500, 200);
        }
    }
}
