package io.agentdeploy.eks;

import static io.agentdeploy.eks.TestCluster.IMAGE_V1;
import static io.agentdeploy.eks.TestCluster.IMAGE_V2;
import static io.agentdeploy.eks.TestCluster.NAME;
import static io.agentdeploy.eks.TestCluster.ROLE_ARN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.progress.ProgressLevel;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class EksSourcesIT {

    private static final Path CHART = Path.of("src/test/resources/charts/agent");

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
    public void chartWithLookupIsFilledFromCluster() {
        cluster.sharedConfig();

        EksDeployResult result = cluster.service.deploy(chartRequest(IMAGE_V1).build());

        assertThat(result.revision()).isEqualTo(1);
        assertThat(result.resources()).containsExactly("ServiceAccount/" + NAME, "ConfigMap/" + NAME + "-config",
                "Service/" + NAME, "Deployment/" + NAME);
        assertThat(cluster.image(NAME)).isEqualTo(IMAGE_V1);
        ServiceAccount account = cluster.stack.client().serviceAccounts().inNamespace("default").withName(NAME).get();
        assertThat(account.getMetadata().getAnnotations()).containsEntry("eks.amazonaws.com/role-arn", ROLE_ARN);
        assertThat(result.notes()).containsExactly("The chart calls lookup in templates/_helpers.tpl:13 (lookup v1"
                + " ConfigMap .Release.Namespace agentic-platform-config); resolved against namespace 'default' of the"
                + " cluster.");
        assertThat(cluster.stack.callLog().calls("kubernetes", "GET configmaps")).isNotEmpty();
    }

    @Test
    public void chartSaysWhatItCouldNotResolve() {
        EksDeployResult result = cluster.service.deploy(chartRequest(IMAGE_V1).build());

        assertThat(result.notes()).containsExactly("The chart calls lookup in templates/_helpers.tpl:13 (lookup v1"
                + " ConfigMap .Release.Namespace agentic-platform-config); resolved against namespace 'default' of the"
                + " cluster, where ConfigMap 'agentic-platform-config' does not exist in namespace 'default'. Not"
                + " resolved: annotation eks.amazonaws.com/role-arn of ServiceAccount '" + NAME + "' is empty (ConfigMap"
                + " 'agentic-platform-config' does not exist in namespace 'default'). Check the manifests with --render-to.");
        assertThat(cluster.listener.messages(ProgressLevel.WARNING)).contains(result.notes().get(0));
    }

    @Test
    public void chartRenderedWithoutClusterSaysLookupIsEmpty() {
        EksDeployRequest request = chartRequest(IMAGE_V1).clusterAccess(null).renderTo(folder.getRoot().toPath()).build();

        EksRenderResult result = cluster.service.render(request);

        assertThat(result.files()).hasSize(4);
        assertThat(result.notes()).singleElement().asString().startsWith("The chart calls lookup. Not resolved: ")
                .contains("; lookup in templates/_helpers.tpl:13 (lookup v1 ConfigMap .Release.Namespace"
                        + " agentic-platform-config) returned nothing (no cluster was consulted).");
    }

    @Test
    public void chartRollbackRestoresPreviousImage() {
        cluster.sharedConfig();
        cluster.service.deploy(chartRequest(IMAGE_V1).build());

        assertThatThrownBy(() -> cluster.service.deploy(chartRequest(TestCluster.MISSING_IMAGE).build()))
                .isInstanceOf(KubernetesDeployException.class);

        assertThat(cluster.image(NAME)).isEqualTo(IMAGE_V1);
    }

    @Test
    public void manifestFilesGetImageSubstituted() throws IOException {
        Path manifest = manifest("agentic-platform-agentic_chat_enhanced:dev");

        EksDeployResult result = cluster.service.deploy(manifestRequest(IMAGE_V2, manifest).build());

        assertThat(result.resources()).containsExactly("Deployment/plain-agent");
        assertThat(cluster.image("plain-agent")).isEqualTo(IMAGE_V2);
    }

    @Test
    public void imageInNoContainerIsRejected() throws IOException {
        Path manifest = manifest("some-other-repository:1");

        assertThatThrownBy(() -> cluster.service.deploy(manifestRequest(IMAGE_V1, manifest).build()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid image '" + IMAGE_V1 + "': its repository 'agentic-platform-agentic_chat_enhanced'"
                        + " matches no container image in the manifest files (they have [some-other-repository:1]), so"
                        + " the image would land in no container. Set the container's image to the same repository, with"
                        + " any tag (for example image: agentic-platform-agentic_chat_enhanced:latest), so that it can be"
                        + " substituted.");
        assertThat(cluster.stack.callLog().mutatingCalls()).isEmpty();
    }

    @Test
    public void renderToWritesOneFilePerObject() throws IOException {
        Path target = folder.getRoot().toPath().resolve("rendered");

        EksRenderResult result = cluster.service.render(cluster.request(IMAGE_V1).renderTo(target).build());

        assertThat(result.files()).containsExactly("01-serviceaccount-agentic-chat-enhanced-agent-sa.yaml",
                "02-configmap-agentic-chat-enhanced-config.yaml", "03-service-agentic-chat-enhanced.yaml",
                "04-deployment-agentic-chat-enhanced.yaml", "05-ingress-agentic-chat-enhanced.yaml");
        assertThat(Files.readString(target.resolve("04-deployment-agentic-chat-enhanced.yaml")))
                .contains("image: \"" + IMAGE_V1 + "\"").contains("agent-deploy.io/desired-hash");
        assertThat(cluster.stack.callLog().mutatingCalls()).isEmpty();
        assertThat(cluster.deployment(NAME)).isNull();
    }

    @Test
    public void renderedFilesMatchWhatIsApplied() throws IOException {
        Path target = folder.getRoot().toPath().resolve("rendered");
        cluster.service.render(cluster.request(IMAGE_V1).renderTo(target).build());
        List<Path> files;
        try (var list = Files.list(target)) {
            files = list.sorted().toList();
        }

        EksDeployResult applied = cluster.service.deploy(EksDeployRequest.builder().agent(TestCluster.AGENT).image(IMAGE_V1)
                .manifests(files).clusterAccess(cluster.request(IMAGE_V1).build().clusterAccess().orElseThrow())
                .timeout(java.time.Duration.ofMinutes(1)).build());

        assertThat(applied.changed()).isTrue();
        assertThat(cluster.service.deploy(cluster.request(IMAGE_V1).build()).changed()).isFalse();
    }

    @Test
    public void bareRepositoryGetsPlatformRegistry() {
        cluster.sharedConfig();

        cluster.service.deploy(cluster.request("agentic-platform-agentic_chat_enhanced@sha256:" + "1".repeat(64)).build());

        assertThat(cluster.image(NAME)).isEqualTo(IMAGE_V1);
    }

    @Test
    public void chartWithCustomKindChangesNothing() throws IOException {
        Path chart = folder.newFolder("chart").toPath();
        try (var files = Files.walk(CHART)) {
            for (Path source : files.toList()) {
                Files.copy(source, chart.resolve(CHART.relativize(source).toString()),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.writeString(chart.resolve("templates/monitor.yaml"), """
                apiVersion: monitoring.coreos.com/v1
                kind: ServiceMonitor
                metadata: {name: {{ .Release.Name }}}
                spec: {endpoints: [{port: http}]}
                """);
        cluster.stack.callLog().clear();

        assertThatThrownBy(() -> cluster.service.deploy(chartRequest(IMAGE_V1).chart(chart).namespace("fresh").build()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("Invalid chart '" + chart + " (agentic-service/templates/monitor.yaml)': kind"
                        + " 'ServiceMonitor' with apiVersion 'monitoring.coreos.com/v1' (object '" + NAME + "') is not"
                        + " supported:");
        assertThat(cluster.stack.callLog().mutatingCalls()).isEmpty();
        assertThat(cluster.stack.client().namespaces().withName("fresh").get()).isNull();
    }

    private EksDeployRequest.Builder chartRequest(String image) {
        return cluster.request(image).valuesFile(null).chart(CHART).set("serviceAccount.irsaConfigKey", "AGENT_ROLE_ARN");
    }

    private EksDeployRequest.Builder manifestRequest(String image, Path manifest) {
        return cluster.request(image).valuesFile(null).manifests(List.of(manifest));
    }

    private Path manifest(String image) throws IOException {
        Path file = folder.newFile("agent.yaml").toPath();
        Files.writeString(file, """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: plain-agent
                spec:
                  replicas: 1
                  progressDeadlineSeconds: 30
                  selector:
                    matchLabels: {app: plain-agent}
                  template:
                    metadata:
                      labels: {app: plain-agent}
                    spec:
                      containers:
                      - name: agent
                        image: %s
                """.formatted(image));
        return file;
    }
}
