package io.agentdeploy.eks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeploy.error.InvalidInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.Test;

public class EksDeployRequestTest {

    private static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/agentic-platform-agentic_chat_enhanced"
            + "@sha256:" + "a".repeat(64);

    @Test
    public void validRequestKeepsValuesAndDefaults() {
        EksDeployRequest request = valid().set("replicaCount", "2").build();

        assertThat(request.agent().agent()).isEqualTo("agentic_chat_enhanced");
        assertThat(request.image()).isEqualTo(IMAGE);
        assertThat(request.timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(request.createNamespace()).isTrue();
        assertThat(request.namespace()).isEmpty();
        assertThat(request.iamRoleArn()).isEmpty();
        assertThat(request.overrides()).containsExactly(Map.entry("replicaCount", "2"));
    }

    @Test
    public void missingImageExplainsFix() {
        assertThatThrownBy(() -> valid().image(null).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid image: a value is required. Pass the image to deploy, for example the imageRef that"
                        + " the ECR push returned.");
    }

    @Test
    public void invalidValuesAreRejected() {
        Map<String, UnaryOperator<EksDeployRequest.Builder>> cases = new LinkedHashMap<>();
        cases.put("Invalid image 'Repo/Agent:1'", b -> b.image("Repo/Agent:1"));
        cases.put("Invalid image 'repo': the reference names neither a tag nor a digest", b -> b.image("repo"));
        cases.put("Invalid image 'repo@sha256:abc'", b -> b.image("repo@sha256:abc"));
        cases.put("Invalid image 'repo:tag with space'", b -> b.image("repo:tag with space"));
        cases.put("Invalid values: a values file is required.", b -> b.valuesFile(null));
        cases.put("Invalid cluster access: a kubeconfig, an EKS cluster name or in-cluster access is required.",
                b -> b.clusterAccess(null));
        cases.put("Invalid chart 'chart': a chart and manifest files exclude each other.",
                b -> b.chart(Path.of("chart")).manifests(java.util.List.of(Path.of("m.yaml"))));
        cases.put("Invalid values 'values.yaml': manifest files take no values file.",
                b -> b.manifests(java.util.List.of(Path.of("m.yaml"))));
        cases.put("Invalid restart threshold '0': it must be from 1 to 100 restarts.", b -> b.restartThreshold(0));
        cases.put("Invalid rollback timeout 'PT1S'", b -> b.rollbackTimeout(Duration.ofSeconds(1)));
        cases.put("Invalid namespace 'Agents'", b -> b.namespace("Agents"));
        cases.put("Invalid timeout 'PT5S': the rollout timeout must be from 10 seconds to 6 hours.",
                b -> b.timeout(Duration.ofSeconds(5)));
        cases.put("Invalid timeout 'PT7H'", b -> b.timeout(Duration.ofHours(7)));
        cases.put("Invalid iam role ARN 'arn:aws:iam::123:role/x'", b -> b.iamRoleArn("arn:aws:iam::123:role/x"));
        cases.put("Invalid set override 'a..b'", b -> b.set("a..b", "1"));
        cases.put("Invalid agent: a value is required.", b -> b.agent((io.agentdeploy.naming.AgentNames) null));
        for (Map.Entry<String, UnaryOperator<EksDeployRequest.Builder>> entry : cases.entrySet()) {
            assertThatThrownBy(() -> entry.getValue().apply(valid()).build())
                    .as(entry.getKey())
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith(entry.getKey());
        }
    }

    @Test
    public void renderToExistingFileIsRejected() throws java.io.IOException {
        Path file = java.nio.file.Files.createTempFile("agent-deploy-render", ".yaml");
        try {
            assertThatThrownBy(() -> valid().renderTo(file).build())
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("Invalid render to '" + file + "': it is an existing file, but the manifests are"
                            + " written to a folder (created when it is missing). Pass the path of a folder, or of one to"
                            + " create, or move the file away.");
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    public void renderToBelowFileIsRejected() throws java.io.IOException {
        Path file = java.nio.file.Files.createTempFile("agent-deploy-render", ".yaml");
        try {
            assertThatThrownBy(() -> valid().renderTo(file.resolve("out")).build())
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("Invalid render to '" + file.resolve("out") + "': " + file + " is an existing"
                            + " file, so the folder below it cannot be created;");
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    public void renderToMissingFolderIsAccepted() {
        Path folder = Path.of(System.getProperty("java.io.tmpdir"), "agent-deploy-absent-" + System.nanoTime(), "out");

        assertThat(valid().renderTo(folder).build().renderTo()).contains(folder);
    }

    @Test
    public void imageReferencesAccepted() {
        for (String image : new String[] {"repo:1", "registry.local:5000/team/agent:1.2.3", "agent@sha256:" + "0".repeat(64),
                "127.0.0.1:5000/a/b_c:v1@sha256:" + "f".repeat(64)}) {
            assertThat(valid().image(image).build().image()).as(image).isEqualTo(image);
        }
    }

    @Test
    public void kubeconfigContentNeverPrinted() {
        ClusterAccess access = ClusterAccess.kubeconfigContent("users:\n- user:\n    token: s3cr3t-token\n", "prod");

        assertThat(access.toString()).isEqualTo("kubeconfig content (context 'prod')");
    }

    private static EksDeployRequest.Builder valid() {
        return EksDeployRequest.builder()
                .agent("agentic_chat_enhanced")
                .image(IMAGE)
                .valuesFile(Path.of("values.yaml"))
                .clusterAccess(ClusterAccess.kubeconfigFile(Path.of("kubeconfig"), null));
    }
}
