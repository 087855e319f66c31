package io.agentdeploy.eks;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeploy.progress.Redactor;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.After;
import org.junit.Test;

public class ResourceApplierTest {

    /** A client that is never used to send a request: the comparison only needs its serializer. */
    private final KubernetesClient client = new KubernetesClients().open(ClusterAccess.kubeconfigContent("""
            clusters: [{name: c, cluster: {server: "http://127.0.0.1:9"}}]
            users: [{name: u, user: {token: unused-token}}]
            contexts: [{name: x, context: {cluster: c, user: u}}]
            current-context: x
            """, null), new Redactor());
    private final ResourceApplier applier = new ResourceApplier(client, new KubernetesErrors("http://127.0.0.1:9",
            ClusterAccess.kubeconfigContent("x", null), new Redactor()), false);

    @After
    public void closeClient() {
        client.close();
    }

    @Test
    public void serverDefaultsStillMatch() {
        Deployment desired = deployment("repo:1", "100m");
        Deployment live = new DeploymentBuilder(deployment("repo:1", "100m"))
                .editMetadata().withResourceVersion("7").withGeneration(3L).addToAnnotations("deployment.kubernetes.io/revision", "2")
                .endMetadata()
                .editSpec().withProgressDeadlineSeconds(600).editTemplate().editSpec().editFirstContainer()
                .withTerminationMessagePath("/dev/termination-log").endContainer().endSpec().endTemplate().endSpec()
                .withNewStatus().withReplicas(1).endStatus()
                .build();

        assertThat(applier.matches(live, desired)).isTrue();
    }

    @Test
    public void changedImageDoesNotMatch() {
        assertThat(applier.matches(deployment("repo:1", "100m"), deployment("repo:2", "100m"))).isFalse();
    }

    @Test
    public void equalQuantitiesMatch() {
        assertThat(applier.matches(deployment("repo:1", "0.1"), deployment("repo:1", "100m"))).isTrue();
        assertThat(applier.matches(deployment("repo:1", "0.2"), deployment("repo:1", "100m"))).isFalse();
    }

    @Test
    public void missingDataKeyDoesNotMatch() {
        ConfigMap live = new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata().addToData("A", "1").build();
        ConfigMap desired = new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata().addToData("A", "1")
                .addToData("B", "2").build();

        assertThat(applier.matches(live, desired)).isFalse();
    }

    @Test
    public void emptyDesiredMapMatchesAbsentField() {
        ConfigMap live = new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata().build();
        ConfigMap desired = new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata()
                .withData(new java.util.HashMap<>()).build();

        assertThat(applier.matches(live, desired)).isTrue();
    }

    private static Deployment deployment(String image, String cpu) {
        return new DeploymentBuilder()
                .withNewMetadata().withName("a").withNamespace("n").addToLabels("app", "a").endMetadata()
                .withNewSpec()
                    .withReplicas(1)
                    .withNewTemplate()
                        .withNewSpec()
                            .addNewContainer().withName("agent").withImage(image)
                                .withNewResources().addToRequests("cpu", new Quantity(cpu)).endResources()
                            .endContainer()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }
}
