package io.agentdeploy.eks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeploy.error.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ValuesReaderTest {

    private static final Path EXAMPLE = Path.of("..", "examples", "agentic-platform", "k8s", "helm", "values",
            "applications", "agentic-chat-enhanced-values.yaml");

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void exampleFileReadsEveryKey() {
        ValuesReader.Result result = ValuesReader.read(EXAMPLE, Map.of());

        AgentValues values = result.values();
        assertThat(result.unknownKeys()).isEmpty();
        assertThat(values.namespace()).isEqualTo("default");
        assertThat(values.replicaCount()).isEqualTo(1);
        assertThat(values.image()).isEqualTo(new AgentValues.Image("agentic-platform-agentic_chat_enhanced", "latest",
                "IfNotPresent"));
        assertThat(values.nameOverride()).isEqualTo("agentic-chat-enhanced");
        assertThat(values.fullnameOverride()).isEqualTo("agentic-chat-enhanced");
        assertThat(values.service()).isEqualTo(new AgentValues.Service("ClusterIP", 80, 8080));
        assertThat(values.env()).containsExactly(new AgentValues.EnvVar("PYTHONPATH", "/app"));
        assertThat(values.resources().requests()).containsExactly(Map.entry("cpu", "100m"), Map.entry("memory", "128Mi"));
        assertThat(values.resources().limits()).containsExactly(Map.entry("memory", "256Mi"));
        assertThat(values.ingress()).isEqualTo(new AgentValues.Ingress(true, "/agentic-chat-enhanced"));
        assertThat(values.serviceAccount()).isEqualTo(new AgentValues.ServiceAccount("agentic-chat-enhanced-agent-sa", true,
                "AGENT_ROLE_ARN"));
        assertThat(values.irsaConfigKey()).isEqualTo("AGENT_ROLE_ARN");
        assertThat(values.agentSecret()).isEqualTo(new AgentValues.AgentSecret(null, "AGENT_LITELLM_SECRET_ARN"));
        assertThat(values.configDefaults()).containsOnlyKeys("LITELLM_API_ENDPOINT", "RETRIEVAL_GATEWAY_ENDPOINT",
                "MEMORY_GATEWAY_ENDPOINT");
    }

    @Test
    public void emptyFileGivesDefaults() throws IOException {
        AgentValues values = ValuesReader.read(write(""), Map.of()).values();

        assertThat(values.namespace()).isNull();
        assertThat(values.replicaCount()).isEqualTo(1);
        assertThat(values.image().pullPolicy()).isEqualTo("IfNotPresent");
        assertThat(values.service()).isEqualTo(new AgentValues.Service("ClusterIP", 80, 8080));
        assertThat(values.ingress()).isEqualTo(new AgentValues.Ingress(false, null));
        assertThat(values.serviceAccount()).isEqualTo(new AgentValues.ServiceAccount(null, true, null));
        assertThat(values.env()).isEmpty();
        assertThat(values.configDefaults()).isEmpty();
    }

    @Test
    public void unknownKeysAreListedNotRejected() throws IOException {
        Path file = write("""
                replicaCount: 2
                podDisruptionBudget:
                  enabled: true
                service:
                  port: 80
                  nodePort: 30080
                env:
                  - name: A
                    value: b
                    valueFrom: {}
                """);

        ValuesReader.Result result = ValuesReader.read(file, Map.of());

        assertThat(result.unknownKeys()).containsExactly("podDisruptionBudget", "service.nodePort", "env[0].valueFrom");
        assertThat(result.values().replicaCount()).isEqualTo(2);
    }

    @Test
    public void wrongTypeNamesFileKeyAndType() throws IOException {
        Path file = write("service:\n  port: eighty\n");

        assertThatThrownBy(() -> ValuesReader.read(file, Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid values file '" + file + "': key 'service.port' must be an integer from 1 to 65535,"
                        + " but it is the string 'eighty'. Fix the key in the file or in its --set override.");
    }

    @Test
    public void wrongTypesAreRejected() throws IOException {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("replicaCount: {a: 1}\n", "key 'replicaCount' must be an integer from 0 to 1000, but it is a map.");
        cases.put("replicaCount: 5000\n", "key 'replicaCount' must be an integer from 0 to 1000, but it is '5000'.");
        cases.put("ingress:\n  enabled: yes please\n", "key 'ingress.enabled' must be true or false, but it is the"
                + " string 'yes please'.");
        cases.put("ingress:\n  path: api\n", "key 'ingress.path' must be a path starting with '/', for example"
                + " /agentic-chat, but it is 'api'.");
        cases.put("image: nginx\n", "key 'image' must be a map, but it is the string 'nginx'.");
        cases.put("image:\n  pullPolicy: Sometimes\n", "key 'image.pullPolicy' must be one of Always, IfNotPresent,"
                + " Never, but it is 'Sometimes'.");
        cases.put("service:\n  type: ExternalName\n", "key 'service.type' must be one of ClusterIP, NodePort,"
                + " LoadBalancer, but it is 'ExternalName'.");
        cases.put("env: PYTHONPATH\n", "key 'env' must be a list of name/value entries, but it is the string 'PYTHONPATH'.");
        cases.put("env:\n  - value: x\n", "key 'env[0].name' must be the variable's name, but it is missing.");
        cases.put("env:\n  - name: 1ABC\n", "key 'env[0].name' must be an environment variable name: a letter or '_'"
                + " first, then letters, digits and '_', but it is '1ABC'.");
        cases.put("resources:\n  limits:\n    memory: lots\n", "key 'resources.limits.memory' must be a Kubernetes"
                + " quantity such as 100m, 0.5, 256Mi or 1Gi, but it is 'lots'.");
        cases.put("configDefaults:\n  A: [1, 2]\n", "key 'configDefaults.A' must be a string, but it is a list.");
        cases.put("namespace: [a]\n", "key 'namespace' must be a string, but it is a list.");
        for (Map.Entry<String, String> entry : cases.entrySet()) {
            Path file = write(entry.getKey());

            assertThatThrownBy(() -> ValuesReader.read(file, Map.of()))
                    .as(entry.getKey())
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(entry.getValue());
        }
    }

    @Test
    public void malformedYamlNamesLine() throws IOException {
        Path file = write("service:\n  port: 80\n   type: [\n");

        assertThatThrownBy(() -> ValuesReader.read(file, Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("Invalid values file '" + file + "': it is not valid YAML at line 3");
    }

    @Test
    public void missingFileIsInvalidInput() {
        Path file = folder.getRoot().toPath().resolve("absent.yaml");

        assertThatThrownBy(() -> ValuesReader.read(file, Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid values file '" + file + "': the file does not exist. Pass the path of the agent's"
                        + " values file, or create it at the conventional path.");
    }

    @Test
    public void overridesApplyWithHelmTypes() throws IOException {
        Path file = write("env:\n  - name: A\n    value: one\n");
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("replicaCount", "3");
        overrides.put("service.port", "8080");
        overrides.put("ingress.enabled", "true");
        overrides.put("env[0].value", "two");
        overrides.put("env[1].name", "B");
        overrides.put("configDefaults.my\\.key", "x");

        AgentValues values = ValuesReader.read(file, overrides).values();

        assertThat(values.replicaCount()).isEqualTo(3);
        assertThat(values.service().port()).isEqualTo(8080);
        assertThat(values.ingress().enabled()).isTrue();
        assertThat(values.env()).containsExactly(new AgentValues.EnvVar("A", "two"), new AgentValues.EnvVar("B", ""));
        assertThat(values.configDefaults()).containsExactly(Map.entry("my.key", "x"));
    }

    @Test
    public void overrideWithWrongTypeIsRejected() throws IOException {
        Path file = write("");

        assertThatThrownBy(() -> ValuesReader.read(file, Map.of("service.port", "http")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("key 'service.port' must be an integer from 1 to 65535, but it is the string 'http'.");
    }

    @Test
    public void autoscalingMinAboveMaxIsRejected() throws IOException {
        Path file = write("autoscaling:\n  enabled: true\n  minReplicas: 5\n  maxReplicas: 2\n");

        assertThatThrownBy(() -> ValuesReader.read(file, Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid values file '" + file + "': key 'autoscaling.minReplicas' is 5, above"
                        + " 'autoscaling.maxReplicas', which is 2; the HorizontalPodAutoscaler needs minReplicas at most"
                        + " maxReplicas. Lower autoscaling.minReplicas or raise autoscaling.maxReplicas, in the file or"
                        + " in its --set override.");
    }

    @Test
    public void autoscalingOverrideAboveDefaultMaxIsRejected() throws IOException {
        Path file = write("autoscaling:\n  enabled: true\n");

        assertThatThrownBy(() -> ValuesReader.read(file, Map.of("autoscaling.minReplicas", "200")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("key 'autoscaling.minReplicas' is 200, above 'autoscaling.maxReplicas', which is"
                        + " 100 (the default);");
    }

    @Test
    public void autoscalingEqualBoundsAreAccepted() throws IOException {
        Path file = write("autoscaling:\n  enabled: true\n  minReplicas: 3\n  maxReplicas: 3\n");

        AgentValues.Autoscaling autoscaling = ValuesReader.read(file, Map.of()).values().scaffold().autoscaling();

        assertThat(autoscaling.minReplicas()).isEqualTo(3);
        assertThat(autoscaling.maxReplicas()).isEqualTo(3);
    }

    @Test
    public void envMapFormIsAccepted() throws IOException {
        AgentValues values = ValuesReader.read(write("env:\n  A: 1\n  B: x\n"), Map.of()).values();

        assertThat(values.env()).containsExactly(new AgentValues.EnvVar("A", "1"), new AgentValues.EnvVar("B", "x"));
    }

    @Test
    public void malformedOverrideKeyIsRejected() {
        for (String key : List.of("", "a..b", "a[x]", "[0]", "env[5000].name")) {
            assertThatThrownBy(() -> SetOverrides.parse(key))
                    .as("key '%s'", key)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("Invalid set override");
        }
    }

    private Path write(String yaml) throws IOException {
        Path file = folder.newFile().toPath();
        Files.writeString(file, yaml);
        return file;
    }
}
