package io.agentdeploy.eks;

import static io.agentdeploy.eks.TestCluster.IMAGE_V1;
import static io.agentdeploy.eks.TestCluster.IMAGE_V2;
import static io.agentdeploy.eks.TestCluster.MISSING_IMAGE;
import static io.agentdeploy.eks.TestCluster.NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.agentdeploy.progress.ProgressLevel;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class EksRollbackIT {

    private TestCluster cluster;

    @Before
    public void startCluster() {
        cluster = TestCluster.start();
    }

    @After
    public void stopCluster() {
        cluster.close();
    }

    @Test
    public void failedRolloutRestoresPreviousImage() {
        cluster.service.deploy(cluster.request(IMAGE_V1).build());

        KubernetesDeployException failure = catchThrowableOfType(KubernetesDeployException.class,
                () -> cluster.service.deploy(cluster.request(MISSING_IMAGE).build()));

        assertThat(failure.rolledBack()).isTrue();
        assertThat(failure.notes()).containsExactly("Rolled back Deployment 'default/" + NAME + "' to the last good state"
                + " (record v1, image " + IMAGE_V1 + "), now at revision 3.");
        assertThat(failure.getMessage()).endsWith("\nRolled back Deployment 'default/" + NAME + "' to the last good state"
                + " (record v1, image " + IMAGE_V1 + "), now at revision 3.");
        assertThat(cluster.image(NAME)).isEqualTo(IMAGE_V1);
        assertThat(cluster.stack.client().pods().inNamespace("default").list().getItems()).singleElement()
                .satisfies(pod -> assertThat(pod.getSpec().getContainers().get(0).getImage()).isEqualTo(IMAGE_V1));
        assertThat(statuses()).containsExactly(Map.entry(1, "deployed"), Map.entry(2, "rolled-back"));
    }

    @Test
    public void failedFirstDeploymentIsRemoved() {
        KubernetesDeployException failure = catchThrowableOfType(KubernetesDeployException.class,
                () -> cluster.service.deploy(cluster.request(MISSING_IMAGE).build()));

        assertThat(failure.rolledBack()).isTrue();
        assertThat(failure.notes()).containsExactly("Removed the failed first deployment of 'default/" + NAME + "'; deleted"
                + " Ingress/" + NAME + ", Deployment/" + NAME + ", Service/" + NAME + ", ConfigMap/" + NAME + "-config,"
                + " ServiceAccount/agentic-chat-enhanced-agent-sa.");
        assertThat(cluster.deployment(NAME)).isNull();
        assertThat(cluster.stack.client().services().inNamespace("default").withName(NAME).get()).isNull();
    }

    @Test
    public void keepFailedLeavesFirstDeployment() {
        KubernetesDeployException failure = catchThrowableOfType(KubernetesDeployException.class,
                () -> cluster.service.deploy(cluster.request(MISSING_IMAGE).keepFailed(true).build()));

        assertThat(failure.rolledBack()).isFalse();
        assertThat(failure.notes().get(0)).startsWith("Kept the failed first deployment of 'default/" + NAME + "' in place:"
                + " ServiceAccount/agentic-chat-enhanced-agent-sa, ConfigMap/");
        assertThat(cluster.image(NAME)).isEqualTo(MISSING_IMAGE);
    }

    @Test
    public void rollbackOffLeavesFailedRollout() {
        cluster.service.deploy(cluster.request(IMAGE_V1).build());

        KubernetesDeployException failure = catchThrowableOfType(KubernetesDeployException.class,
                () -> cluster.service.deploy(cluster.request(MISSING_IMAGE).rollback(false).build()));

        assertThat(failure.rolledBack()).isFalse();
        assertThat(failure.getMessage()).endsWith("\nRollback is off: the failed rollout of 'default/" + NAME
                + "' stays in place.");
        assertThat(cluster.image(NAME)).isEqualTo(MISSING_IMAGE);
        assertThat(statuses()).containsExactly(Map.entry(1, "deployed"), Map.entry(2, "failed"));
    }

    @Test
    public void failedRollbackReportsBothAndCanBeRerun() {
        cluster.service.deploy(cluster.request(IMAGE_V1).build());
        EksDeployRequest broken = cluster.request(MISSING_IMAGE).build();
        EksApplied applied = cluster.service.apply(broken);
        cluster.stack.api().forbid("patch", "deployments");

        KubernetesDeployException failure = catchThrowableOfType(KubernetesDeployException.class,
                () -> cluster.service.awaitRollout(broken, applied));

        assertThat(failure.rolledBack()).isFalse();
        assertThat(failure.reason()).isIn("ErrImagePull", "ImagePullBackOff");
        assertThat(failure.getMessage()).contains("\nThe rollback failed too: The Kubernetes API denied 'patch' on"
                + " deployments.apps in namespace 'default' while applying Deployment '" + NAME + "' (403 Forbidden)");
        assertThat(failure.getMessage()).endsWith("\nThe failed rollout may still be in place. Fix the cause, then run the"
                + " rollback again (agent-deploy eks --rollback-only with the same options); it is safe to repeat.");
        assertThat(cluster.image(NAME)).isEqualTo(MISSING_IMAGE);

        cluster.stack.api().clearRejections();
        EksRollbackResult rerun = cluster.service.rollbackOnly(broken);

        assertThat(rerun.restoredVersion()).isEqualTo(1);
        assertThat(cluster.image(NAME)).isEqualTo(IMAGE_V1);
        assertThat(statuses()).containsExactly(Map.entry(1, "deployed"), Map.entry(2, "rolled-back"));
    }

    @Test
    public void orchestratorRollbackAfterSuccessRestoresPrevious() {
        cluster.service.deploy(cluster.request(IMAGE_V1).build());
        EksDeployRequest second = cluster.request(IMAGE_V2).build();
        EksApplied applied = cluster.service.apply(second);
        cluster.service.awaitRollout(second, applied);

        EksRollbackResult restored = cluster.service.rollback(second, applied);

        assertThat(restored.restoredVersion()).isEqualTo(1);
        assertThat(restored.restoredImage()).isEqualTo(IMAGE_V1);
        assertThat(cluster.image(NAME)).isEqualTo(IMAGE_V1);
        assertThat(statuses()).containsExactly(Map.entry(1, "deployed"), Map.entry(2, "rolled-back"));
    }

    @Test
    public void awaitRolloutResumesFromStoredValues() {
        EksDeployRequest request = cluster.request(IMAGE_V1).build();
        Map<String, Object> stored = cluster.service.apply(request).toMap();
        EksDeployService afterRestart = new EksDeployService(cluster.listener, cluster.redactor, new KubernetesClients(),
                TestCluster.QUICK, Clock.systemUTC());

        EksDeployResult result = afterRestart.awaitRollout(request, EksApplied.fromMap(stored));

        assertThat(result.revision()).isEqualTo(1);
        assertThat(result.readyReplicas()).isEqualTo(1);
        assertThat(statuses()).containsExactly(Map.entry(1, "deployed"));
    }

    @Test
    public void rolloutDurationCountsFromApply() {
        AdjustableClock clock = new AdjustableClock();
        EksDeployService service = new EksDeployService(cluster.listener, cluster.redactor, new KubernetesClients(),
                TestCluster.QUICK, clock);
        EksDeployRequest request = cluster.request(IMAGE_V1).build();
        EksApplied applied = EksApplied.fromMap(service.apply(request).toMap());
        // The caller waits later, as a restarted Jenkins controller would; the rollout itself ends meanwhile.
        clock.advance(Duration.ofMinutes(3));

        service.awaitRollout(request, applied);

        assertThat(cluster.listener.messages(ProgressLevel.LIFECYCLE)).anySatisfy(line -> assertThat(line)
                .matches("Deployment 'default/" + NAME + "' rolled out: revision 1, 1 of 1 replica ready \\(3m(\\d+s)?"
                        + " after the apply\\)"));
    }

    @Test
    public void rerunWithSameImageWritesNoRecord() {
        cluster.service.deploy(cluster.request(IMAGE_V1).build());
        cluster.stack.callLog().clear();

        EksDeployResult rerun = cluster.service.deploy(cluster.request(IMAGE_V1).build());

        assertThat(rerun.changed()).isFalse();
        assertThat(cluster.stack.callLog().mutatingCalls()).isEmpty();
        assertThat(statuses()).containsExactly(Map.entry(1, "deployed"));
        assertThat(cluster.listener.messages(ProgressLevel.LIFECYCLE)).contains("Deployment 'default/" + NAME
                + "' is unchanged at revision 1, 1 of 1 replica ready");
    }

    private List<Map.Entry<Integer, String>> statuses() {
        return cluster.stack.client().secrets().inNamespace("default").withLabels(Map.of("owner", "agent-deploy"))
                .list().getItems().stream()
                .map(Secret::getMetadata)
                .map(m -> Map.entry(Integer.parseInt(m.getLabels().get("version")), m.getLabels().get("status")))
                .sorted(Map.Entry.comparingByKey())
                .toList();
    }
}
