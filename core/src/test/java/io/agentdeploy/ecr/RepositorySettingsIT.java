package io.agentdeploy.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.progress.ProgressLevel;
import io.agentdeploy.testkit.ecr.EcrRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import software.amazon.awssdk.services.ecr.model.ReplicationRule;

/** Repository settings as desired state: creation, drift, dry run, and what is only reported. */
public class RepositorySettingsIT extends PushTestBase {

    @Test
    public void driftedSettingsAreChangedEachLogged() {
        String name = repositoryOf(agentName());
        RepositoryReconciler reconciler = reconciler();
        reconciler.ensure(name, RepositorySettings.defaults());
        stack.callLog().clear();
        RepositorySettings wanted = RepositorySettings.builder().scanOnPush(false)
                .tagMutability(TagMutability.IMMUTABLE).lifecycleKeepLast(10).lifecycleExpireUntaggedDays(3)
                .resourceTags(Map.of("team", "platform")).replicationDestinations(List.of("us-west-2")).build();

        RepositoryReconciler.Ensured changed = reconciler.ensure(name, wanted);
        stack.callLog().clear();
        RepositoryReconciler.Ensured again = reconciler.ensure(name, wanted);

        assertThat(changed.changes()).containsExactly(
                "scan on push on -> off",
                "tag mutability MUTABLE -> IMMUTABLE",
                "lifecycle policy 'keep the last 30 images' -> 'expire untagged images after 3 days, keep the last 10"
                        + " images'",
                "resource tags team=platform",
                "replication none -> us-west-2");
        assertThat(listener.messages(ProgressLevel.LIFECYCLE)).contains("Changed ECR repository '" + name
                + "': tag mutability MUTABLE -> IMMUTABLE.");
        EcrRepository stored = stack.ecr().repository(name).orElseThrow();
        assertThat(stored.scanOnPush()).isFalse();
        assertThat(stored.immutable()).isTrue();
        assertThat(stored.tags()).containsEntry("team", "platform");
        ReplicationRule rule = aws.ecr().describeRegistry(r -> { }).replicationConfiguration().rules().get(0);
        assertThat(rule.repositoryFilters().get(0).filter()).isEqualTo(name);
        assertThat(rule.destinations().get(0).region()).isEqualTo("us-west-2");
        assertThat(again.changes()).isEmpty();
        assertThat(stack.callLog().mutatingCalls()).isEmpty();
    }

    @Test
    public void settingsNotGivenAreLeftAlone() {
        String name = repositoryOf(agentName());
        reconciler().ensure(name, RepositorySettings.builder().tagMutability(TagMutability.IMMUTABLE)
                .scanOnPush(false).build());
        stack.callLog().clear();

        RepositoryReconciler.Ensured ensured = reconciler().ensure(name, RepositorySettings.defaults());

        assertThat(ensured.changes()).isEmpty();
        assertThat(ensured.tagMutability()).isEqualTo(TagMutability.IMMUTABLE);
        assertThat(stack.callLog().mutatingCalls()).isEmpty();
    }

    @Test
    public void kmsKeyOfOtherRegionRejected() {
        String key = "arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-1111-2222-3333-444455556666";
        EcrPushRequest request = busyboxRequest(agentName()).kmsKey(key).build();

        assertThatThrownBy(() -> service.push(request))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid kmsKey '" + key + "': the key is in eu-west-1, and ECR encrypts a repository in"
                        + " us-east-1 only with a KMS key in us-east-1. Use a key in us-east-1 (a multi-Region key can"
                        + " have a replica there), or leave the key out for the AWS managed key.");
        assertThat(stack.callLog().calls()).isEmpty();
    }

    @Test
    public void encryptionDifferenceIsReportedNotChanged() {
        String name = repositoryOf(agentName());
        reconciler().ensure(name, RepositorySettings.defaults());

        RepositoryReconciler.Ensured ensured = reconciler().ensure(name, RepositorySettings.builder()
                .kmsKey("arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-1111-2222-3333-444455556666").build());

        String note = "ECR repository '" + name + "' is encrypted with AES256, the request asks for KMS with key"
                + " arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-1111-2222-3333-444455556666. Encryption is fixed"
                + " when a repository is created, so it stays; create a new repository to change it.";
        assertThat(ensured.notes()).containsExactly(note);
        assertThat(listener.messages(ProgressLevel.WARNING)).contains(note);
        assertThat(stack.ecr().repository(name).orElseThrow().encryptionType()).isEqualTo("AES256");
    }

    @Test
    public void kmsRepositoryIsCreatedWithKey() {
        String name = repositoryOf(agentName());

        reconciler().ensure(name, RepositorySettings.builder().encryption("kms").build());

        EcrRepository stored = stack.ecr().repository(name).orElseThrow();
        assertThat(stored.encryptionType()).isEqualTo("KMS");
        assertThat(stored.kmsKey()).isEqualTo("arn:aws:kms:us-east-1:123456789012:alias/aws/ecr");
    }

    @Test
    public void dryRunShowsDifferencesAndChangesNothing() throws Exception {
        String agent = agentName();
        service.push(busyboxRequest(agent).tags(List.of("one")).scanOnPush(false).build());
        stack.callLog().clear();
        Path policy = folder.getRoot().toPath().resolve("policy.json");
        Files.writeString(policy, LifecyclePolicies.compose(3, null));
        EcrPushRequest request = busyboxRequest(agent).tags(List.of("two")).scanOnPush(true)
                .lifecyclePolicyFile(policy).encryption("KMS").build();

        EcrPushPlan plan = service.plan(request);

        assertThat(plan.repositoryChanges()).containsExactly(
                "change ECR repository '" + repositoryOf(agent) + "': scan on push off -> on",
                "change ECR repository '" + repositoryOf(agent) + "': lifecycle policy 'keep the last 30 images' ->"
                        + " 'keep the last 3 images'",
                "note: ECR repository '" + repositoryOf(agent) + "' is encrypted with AES256, the request asks for"
                        + " KMS. Encryption is fixed when a repository is created, so it stays; create a new repository"
                        + " to change it.");
        assertThat(plan.steps()).endsWith("build src/agentic_platform/agent/" + agent + "/Dockerfile for the Docker"
                + " daemon's platform", "push " + repositoryOf(agent) + " as two");
        assertThat(stack.callLog().mutatingCalls()).isEmpty();
        assertThat(stack.callLog().calls("registry", "PUT manifest")).isEmpty();
    }

    @Test
    public void dryRunOfNewRepositorySaysCreate() {
        String agent = agentName();

        EcrPushPlan plan = service.plan(busyboxRequest(agent).repositoryTags(Map.of("team", "a")).build());

        assertThat(plan.repositoryChanges()).containsExactly("create ECR repository '" + repositoryOf(agent)
                + "' with scan on push on, MUTABLE tags, AES256 encryption, lifecycle: keep the last 30 images, tags"
                + " [team]");
        assertThat(plan.changed()).isTrue();
        assertThat(stack.ecr().repository(repositoryOf(agent))).isEmpty();
    }

    private RepositoryReconciler reconciler() {
        return new RepositoryReconciler(aws.ecr(), new EcrApiErrors(stack.region(), 5, redactor), listener);
    }
}
