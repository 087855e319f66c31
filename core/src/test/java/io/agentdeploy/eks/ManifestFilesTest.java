package io.agentdeploy.eks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeploy.error.InvalidInputException;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ManifestFilesTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: agent}
            spec:
              selector: {matchLabels: {app: agent}}
              template:
                metadata: {labels: {app: agent}}
                spec:
                  containers: [{name: agent, image: "agent:1"}]
            """;

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void builtInKindsAreRead() throws Exception {
        Path file = folder.newFile("agent.yaml").toPath();
        Files.writeString(file, DEPLOYMENT);

        List<io.fabric8.kubernetes.api.model.HasMetadata> objects = ManifestFiles.read(List.of(file));

        assertThat(objects).singleElement().isInstanceOf(Deployment.class);
    }

    @Test
    public void customKindIsInvalidInput() throws Exception {
        Path file = folder.newFile("agent.yaml").toPath();
        Files.writeString(file, DEPLOYMENT + """
                ---
                apiVersion: example.com/v1
                kind: Foo
                metadata: {name: extra}
                spec: {size: 2}
                """);

        assertThatThrownBy(() -> ManifestFiles.read(List.of(file)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid manifest '" + file + "': kind 'Foo' with apiVersion 'example.com/v1' (object"
                        + " 'extra') is not supported: it is a custom resource or a kind or apiVersion this tool does not"
                        + " know. Supported are the built-in Kubernetes kinds under their current apiVersion, such as"
                        + " Deployment, Service, ConfigMap, Secret, ServiceAccount, Ingress, HorizontalPodAutoscaler,"
                        + " PodDisruptionBudget, NetworkPolicy, Role, RoleBinding, StatefulSet, Job and CronJob. Apply"
                        + " custom resources separately (for example kubectl apply -f, after their"
                        + " CustomResourceDefinition) and leave them out of the objects this step deploys, or correct"
                        + " kind and apiVersion if a built-in kind is meant (for example apps/v1 for a Deployment).");
    }

    @Test
    public void unknownApiVersionIsInvalidInput() {
        String misspelt = DEPLOYMENT.replace("apps/v1", "apps/v2");

        assertThatThrownBy(() -> ManifestFiles.parse(misspelt, "agent.yaml"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("Invalid manifest 'agent.yaml': kind 'Deployment' with apiVersion 'apps/v2'"
                        + " (object 'agent') is not supported:");
    }

    @Test
    public void customKindInListIsInvalidInput() {
        String list = """
                apiVersion: v1
                kind: List
                items:
                - apiVersion: example.com/v1
                  kind: Foo
                  metadata: {name: listed}
                """;

        assertThatThrownBy(() -> ManifestFiles.parse(list, "list.yaml"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("Invalid manifest 'list.yaml': kind 'Foo' with apiVersion 'example.com/v1'"
                        + " (object 'listed') is not supported:");
    }

    @Test
    public void autoscalerMinAboveMaxIsInvalidInput() {
        String autoscaler = """
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: agent}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: agent}
                  minReplicas: 4
                  maxReplicas: 2
                """;

        assertThatThrownBy(() -> ManifestFiles.parse(autoscaler, "hpa.yaml"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid manifest 'hpa.yaml': HorizontalPodAutoscaler 'agent' has minReplicas 4 above"
                        + " maxReplicas 2, which the API server rejects. Set spec.minReplicas at most spec.maxReplicas.");
    }

    @Test
    public void autoscalerDefaultMinIsChecked() {
        String autoscaler = """
                apiVersion: autoscaling/v1
                kind: HorizontalPodAutoscaler
                metadata: {name: agent}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: agent}
                  maxReplicas: 3
                """;

        assertThat(ManifestFiles.parse(autoscaler, "hpa.yaml")).hasSize(1);
    }

    @Test
    public void chartOutputNamesTemplate() {
        String rendered = """
                ---
                # Source: agent/templates/monitor.yaml
                apiVersion: monitoring.coreos.com/v1
                kind: ServiceMonitor
                metadata: {name: agent}
                """;

        assertThatThrownBy(() -> ManifestFiles.parse(rendered, "chart", "charts/agent"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("Invalid chart 'charts/agent (agent/templates/monitor.yaml)': kind"
                        + " 'ServiceMonitor' with apiVersion 'monitoring.coreos.com/v1' (object 'agent') is not"
                        + " supported:");
    }
}
