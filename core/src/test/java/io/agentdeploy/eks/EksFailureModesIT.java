package io.agentdeploy.eks;

import static io.agentdeploy.eks.TestCluster.IMAGE_V1;
import static io.agentdeploy.eks.TestCluster.IMAGE_V2;
import static io.agentdeploy.eks.TestCluster.NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.agentdeploy.testkit.kubernetes.PodBehavior;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class EksFailureModesIT {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

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
    public void invalidImageNameFailsFast() throws IOException {
        Path manifest = folder.newFile("agent.yaml").toPath();
        Files.writeString(manifest, """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: sidecar-agent}
                spec:
                  selector: {matchLabels: {app: sidecar-agent}}
                  template:
                    metadata: {labels: {app: sidecar-agent}}
                    spec:
                      containers:
                      - {name: agent, image: "agentic-platform-agentic_chat_enhanced:dev"}
                      - {name: proxy, image: "Proxy::Latest"}
                """);

        KubernetesDeployException failure = catchThrowableOfType(KubernetesDeployException.class, () -> cluster.service
                .deploy(cluster.request(IMAGE_V1).valuesFile(null).manifests(List.of(manifest)).build()));

        assertThat(failure.reason()).isEqualTo("InvalidImageName");
        assertThat(failure.getMessage()).contains("container 'proxy' is in InvalidImageName: Failed to apply default image"
                + " tag \"Proxy::Latest\": couldn't parse image reference \"Proxy::Latest\": invalid reference format");
    }

    @Test
    public void createContainerConfigErrorFailsFast() {
        cluster.stack.controller().simulate("default", NAME, PodBehavior.CREATE_CONTAINER_CONFIG_ERROR);

        KubernetesDeployException failure = catchThrowableOfType(KubernetesDeployException.class,
                () -> cluster.service.deploy(cluster.request(IMAGE_V1).build()));

        assertThat(failure.reason()).isEqualTo("CreateContainerConfigError");
        assertThat(failure.getMessage()).contains("  Warning Failed: Error: configmap \"agent-settings\" not found");
    }

    @Test
    public void quotaFailureIsReplicaFailure() {
        cluster.stack.controller().simulate("default", NAME, PodBehavior.QUOTA_EXCEEDED);

        KubernetesDeployException failure = catchThrowableOfType(KubernetesDeployException.class,
                () -> cluster.service.deploy(cluster.request(IMAGE_V1).build()));

        assertThat(failure.reason()).isEqualTo("FailedCreate");
        assertThat(failure.getMessage()).startsWith("Deployment 'default/" + NAME + "' failed to roll out: the ReplicaSet"
                + " cannot create pods: pods \"" + NAME + "-");
        assertThat(failure.getMessage()).contains("is forbidden: exceeded quota: compute-resources");
    }

    @Test
    public void flakyStartFailsWithoutTolerance() {
        cluster.stack.controller().simulate("default", NAME, PodBehavior.FLAKY_START);

        KubernetesDeployException failure = catchThrowableOfType(KubernetesDeployException.class,
                () -> cluster.service.deploy(cluster.request(IMAGE_V1).build()));

        assertThat(failure.reason()).isEqualTo("CrashLoopBackOff");
    }

    @Test
    public void flakyStartSucceedsWhenTolerated() {
        cluster.stack.controller().simulate("default", NAME, PodBehavior.FLAKY_START);

        EksDeployResult result = cluster.service.deploy(cluster.request(IMAGE_V1).tolerateFailuresUntilDeadline(true)
                .timeout(Duration.ofMinutes(2)).build());

        assertThat(result.readyReplicas()).isEqualTo(1);
        assertThat(cluster.listener.text()).contains("tolerating until the progress deadline: pod '" + NAME + "-");
    }

    @Test
    public void higherRestartThresholdWaitsLonger() {
        cluster.stack.controller().simulate("default", NAME, PodBehavior.FLAKY_START);

        EksDeployResult result = cluster.service.deploy(cluster.request(IMAGE_V1).restartThreshold(3)
                .timeout(Duration.ofMinutes(2)).build());

        assertThat(result.readyReplicas()).isEqualTo(1);
    }

    @Test
    public void lostApiServerFailsSoonWithoutRollback() throws InterruptedException {
        cluster.stack.controller().readyDelay(Duration.ofMinutes(5));
        String url = cluster.stack.url() + "/";
        Thread stopper = cluster.stopApiServerDuringRollout();
        long started = System.nanoTime();

        KubernetesDeployException failure = catchThrowableOfType(KubernetesDeployException.class, () -> cluster.service
                .deploy(cluster.request(IMAGE_V1).timeout(Duration.ofMinutes(5)).build()));

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        stopper.join();
        assertThat(failure.reason()).isEqualTo("ApiServerLost");
        assertThat(took).as("time to fail, against a rollout timeout of 5 minutes").isLessThan(Duration.ofSeconds(60));
        assertThat(failure.rolledBack()).isFalse();
        assertThat(failure.getMessage()).matches(Pattern.quote("Lost the connection to the Kubernetes API at " + url
                + " while watching the rollout of Deployment 'default/" + NAME + "': ") + "\\d+ reads in a row failed"
                + " over \\S+ " + Pattern.quote("(last: could not connect (ConnectException)). The rollout goes on in"
                + " the cluster, so its outcome is unknown. Check that the API server is up and reachable from this"
                + " machine: the network, VPN or proxy, and for a private EKS endpoint, that this machine is in its VPC."
                + " The address comes from kubeconfig " + cluster.stack.kubeconfigFile() + ". Then see the rollout's"
                + " state with kubectl rollout status deployment/" + NAME + " -n default, or deploy again.\n"
                + "No rollback was attempted, because it needs the API server. When the server responds again and the"
                + " rollout of 'default/" + NAME + "' has failed, run the rollback (agent-deploy eks --rollback-only"
                + " with the same options)."));
        assertThat(failure.getMessage()).doesNotContain("\tat ");
    }

    @Test
    public void conflictNamesOtherManager() {
        cluster.service.deploy(cluster.request(IMAGE_V1).build());
        Deployment scaled = new DeploymentBuilder().withNewMetadata().withName(NAME).withNamespace("default").endMetadata()
                .withNewSpec().withReplicas(3).endSpec().build();
        cluster.stack.client().resource(scaled).fieldManager("kubectl-scale").forceConflicts().serverSideApply();

        KubernetesDeployException failure = catchThrowableOfType(KubernetesDeployException.class,
                () -> cluster.service.deploy(cluster.request(IMAGE_V2).build()));

        assertThat(failure.reason()).isEqualTo("Conflict");
        assertThat(failure.getMessage()).startsWith("Server-side apply of Deployment '" + NAME + "' conflicts with field"
                + " manager 'kubectl-scale': Apply failed with 1 conflict: conflict with \"kubectl-scale\" using apps/v1:"
                + " .spec.replicas. Another tool (kubectl-scale) changed fields that agent-deploy sets. Take them over with"
                + " --force-conflicts (forceConflicts), or stop the other tool from managing them.");
        assertThat(cluster.image(NAME)).isEqualTo(IMAGE_V1);
    }

    @Test
    public void forceConflictsTakesFieldsOver() {
        cluster.service.deploy(cluster.request(IMAGE_V1).build());
        Deployment scaled = new DeploymentBuilder().withNewMetadata().withName(NAME).withNamespace("default").endMetadata()
                .withNewSpec().withReplicas(3).endSpec().build();
        cluster.stack.client().resource(scaled).fieldManager("kubectl-scale").forceConflicts().serverSideApply();

        EksDeployResult result = cluster.service.deploy(cluster.request(IMAGE_V2).forceConflicts(true).build());

        assertThat(result.replicas()).isEqualTo(1);
        assertThat(cluster.image(NAME)).isEqualTo(IMAGE_V2);
    }

    @Test
    public void selectorChangeIsExplainedBeforeAnyChange() {
        cluster.service.deploy(cluster.request(IMAGE_V1).build());
        cluster.stack.callLog().clear();

        assertThatThrownBy(() -> cluster.service.deploy(cluster.request(IMAGE_V2).set("nameOverride", "chat").build()))
                .isInstanceOf(KubernetesDeployException.class)
                .hasMessage("Deployment 'default/" + NAME + "' selects its pods by {app.kubernetes.io/instance=" + NAME
                        + ", app.kubernetes.io/name=" + NAME + "}, and the new manifests select them by"
                        + " {app.kubernetes.io/instance=" + NAME + ", app.kubernetes.io/name=chat}. The API server rejects"
                        + " any change of spec.selector (it is immutable), so nothing was applied. Keep the old selector"
                        + " labels (for the built-in manifests: the same nameOverride and fullnameOverride as before), or"
                        + " delete the Deployment first (kubectl delete deployment " + NAME + " -n default; its pods stop)"
                        + " and deploy again.");
        assertThat(cluster.stack.callLog().mutatingCalls()).isEmpty();
    }

    @Test
    public void mockRejectsSelectorChangeWith422() {
        cluster.service.deploy(cluster.request(IMAGE_V1).build());
        Deployment changed = cluster.deployment(NAME);
        changed.getSpec().getSelector().getMatchLabels().put("app.kubernetes.io/name", "chat");
        changed.getMetadata().setManagedFields(null);

        assertThatThrownBy(() -> cluster.stack.client().resource(changed).update())
                .hasMessageContaining("Deployment.apps \"" + NAME + "\" is invalid: spec.selector: Invalid value:"
                        + " v1.LabelSelector{MatchLabels:map[string]string{");
    }
}
