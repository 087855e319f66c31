package io.agentdeploy.eks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.agentdeploy.naming.AgentNames;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import java.nio.file.Path;
import java.util.Map;
import org.junit.Test;

public class ManifestBuilderTest {

    private static final Path EXAMPLE = Path.of("..", "examples", "agentic-platform", "k8s", "helm", "values",
            "applications", "agentic-chat-enhanced-values.yaml");
    private static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/agentic-platform-agentic_chat_enhanced"
            + "@sha256:0123456789abcdef" + "0".repeat(48);
    private static final String ROLE = "arn:aws:iam::123456789012:role/agent";

    private final AgentValues values = ValuesReader.read(EXAMPLE, Map.of()).values();

    @Test
    public void objectsComeInApplyOrder() {
        Manifests manifests = build(values, ROLE);

        assertThat(manifests.inApplyOrder()).extracting(HasMetadata::getKind, o -> o.getMetadata().getName())
                .containsExactly(
                        tuple("ConfigMap", "agentic-chat-enhanced-config"),
                        tuple("ServiceAccount", "agentic-chat-enhanced-agent-sa"),
                        tuple("Service", "agentic-chat-enhanced"),
                        tuple("Deployment", "agentic-chat-enhanced"),
                        tuple("Ingress", "agentic-chat-enhanced"));
        assertThat(manifests.inApplyOrder()).allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("agents"));
    }

    @Test
    public void deploymentSelectsByNameAndInstanceOnly() {
        Deployment deployment = build(values, ROLE).deployment();

        assertThat(deployment.getSpec().getSelector().getMatchLabels()).containsExactly(
                Map.entry("app.kubernetes.io/name", "agentic-chat-enhanced"),
                Map.entry("app.kubernetes.io/instance", "agentic-chat-enhanced"));
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsExactly(
                Map.entry("app.kubernetes.io/name", "agentic-chat-enhanced"),
                Map.entry("app.kubernetes.io/instance", "agentic-chat-enhanced"),
                Map.entry("app.kubernetes.io/managed-by", "agent-deploy"),
                Map.entry("agent-deploy.io/agent", "agentic_chat_enhanced"),
                Map.entry("app.kubernetes.io/version", "0123456789ab"));
        assertThat(deployment.getMetadata().getLabels()).containsEntry("app.kubernetes.io/version", "0123456789ab");
    }

    @Test
    public void deploymentRunsNonRootWithProbes() {
        Deployment deployment = build(values, ROLE).deployment();

        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getImage()).isEqualTo(IMAGE);
        assertThat(container.getImagePullPolicy()).isEqualTo("IfNotPresent");
        assertThat(container.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getContainerPort()).isEqualTo(8080);
        });
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(container.getReadinessProbe().getHttpGet().getPort()).isEqualTo(new IntOrString(8080));
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(container.getLivenessProbe().getHttpGet().getPort()).isEqualTo(new IntOrString(8080));
        assertThat(container.getResources().getRequests()).containsEntry("cpu", new Quantity("100m"))
                .containsEntry("memory", new Quantity("128Mi"));
        assertThat(container.getResources().getLimits()).containsOnlyKeys("memory");
        assertThat(pod.getServiceAccountName()).isEqualTo("agentic-chat-enhanced-agent-sa");
    }

    @Test
    public void deploymentKeepsHistoryAndDeadlineBelowTimeout() {
        Deployment deployment = build(values, ROLE).deployment();

        assertThat(deployment.getSpec().getRevisionHistoryLimit()).isGreaterThanOrEqualTo(2);
        assertThat(deployment.getSpec().getProgressDeadlineSeconds()).isEqualTo(540);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    }

    @Test
    public void progressDeadlineStaysBelowTimeout() {
        assertThat(EksDeployService.progressDeadlineSeconds(java.time.Duration.ofMinutes(10))).as("10m").isEqualTo(540);
        assertThat(EksDeployService.progressDeadlineSeconds(java.time.Duration.ofMinutes(30))).as("30m").isEqualTo(600);
        assertThat(EksDeployService.progressDeadlineSeconds(java.time.Duration.ofSeconds(60))).as("60s").isEqualTo(54);
        assertThat(EksDeployService.progressDeadlineSeconds(java.time.Duration.ofSeconds(10))).as("10s").isEqualTo(5);
    }

    @Test
    public void environmentComesFromValuesAndConfigMaps() {
        Container container = build(values, ROLE).deployment().getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(container.getEnv()).extracting(EnvVar::getName).containsExactly("PYTHONPATH", "AGENT_SECRET_ARN");
        assertThat(container.getEnv().get(0).getValue()).isEqualTo("/app");
        var secretRef = container.getEnv().get(1).getValueFrom().getConfigMapKeyRef();
        assertThat(secretRef.getName()).isEqualTo("agentic-platform-config");
        assertThat(secretRef.getKey()).isEqualTo("AGENT_LITELLM_SECRET_ARN");
        assertThat(secretRef.getOptional()).isTrue();
        assertThat(container.getEnvFrom()).extracting(e -> e.getConfigMapRef().getName())
                .containsExactly("agentic-chat-enhanced-config", "agentic-platform-config");
        assertThat(container.getEnvFrom().get(0).getConfigMapRef().getOptional()).isNull();
        assertThat(container.getEnvFrom().get(1).getConfigMapRef().getOptional()).isTrue();
    }

    @Test
    public void configMapHoldsConfigDefaults() {
        Manifests manifests = build(values, ROLE);

        assertThat(manifests.configMap().getData()).containsExactly(
                Map.entry("LITELLM_API_ENDPOINT", "http://litellm.default.svc.cluster.local:80"),
                Map.entry("RETRIEVAL_GATEWAY_ENDPOINT",
                        "http://retrieval-gateway.default.svc.cluster.local:80/api/retrieval-gateway"),
                Map.entry("MEMORY_GATEWAY_ENDPOINT", "http://memory-gateway.default.svc.cluster.local:80/api/memory-gateway"));
        assertThat(manifests.deployment().getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry(ManifestBuilder.CONFIG_HASH_ANNOTATION, ManifestBuilder.hash(values.configDefaults()));
    }

    @Test
    public void configChangeChangesPodTemplate() {
        AgentValues changed = ValuesReader.read(EXAMPLE, Map.of("configDefaults.LITELLM_API_ENDPOINT", "http://other")).values();

        String before = build(values, ROLE).deployment().getSpec().getTemplate().getMetadata().getAnnotations()
                .get(ManifestBuilder.CONFIG_HASH_ANNOTATION);
        String after = build(changed, ROLE).deployment().getSpec().getTemplate().getMetadata().getAnnotations()
                .get(ManifestBuilder.CONFIG_HASH_ANNOTATION);

        assertThat(after).isNotEqualTo(before);
    }

    @Test
    public void serviceAccountCarriesRoleWhenKnown() {
        assertThat(build(values, ROLE).serviceAccount().getMetadata().getAnnotations())
                .containsExactly(Map.entry("eks.amazonaws.com/role-arn", ROLE));
        assertThat(build(values, null).serviceAccount().getMetadata().getAnnotations()).isNullOrEmpty();
    }

    @Test
    public void serviceAccountLeftOutWhenNotCreated() {
        AgentValues noAccount = ValuesReader.read(EXAMPLE, Map.of("serviceAccount.create", "false",
                "serviceAccount.name", "null")).values();

        Manifests manifests = build(noAccount, ROLE);

        assertThat(manifests.serviceAccount()).isNull();
        assertThat(manifests.deployment().getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("default");
    }

    @Test
    public void serviceMapsPortToTargetPort() {
        var service = build(values, ROLE).service();

        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getSelector()).containsOnlyKeys("app.kubernetes.io/name", "app.kubernetes.io/instance");
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getPort()).isEqualTo(80);
            assertThat(port.getTargetPort()).isEqualTo(new IntOrString(8080));
        });
    }

    @Test
    public void ingressServesApiPathOnAlb() {
        var ingress = build(values, ROLE).ingress();

        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("alb");
        HTTPIngressPath path = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0);
        assertThat(path.getPath()).isEqualTo("/api/agentic-chat-enhanced");
        assertThat(path.getPathType()).isEqualTo("Prefix");
        assertThat(path.getBackend().getService().getName()).isEqualTo("agentic-chat-enhanced");
        assertThat(path.getBackend().getService().getPort().getNumber()).isEqualTo(80);
        assertThat(ingress.getMetadata().getAnnotations()).containsEntry("alb.ingress.kubernetes.io/target-type", "ip");
    }

    @Test
    public void ingressLeftOutWhenDisabled() {
        AgentValues disabled = ValuesReader.read(EXAMPLE, Map.of("ingress.enabled", "false")).values();

        assertThat(build(disabled, ROLE).ingress()).isNull();
        assertThat(build(disabled, ROLE).inApplyOrder()).hasSize(4);
    }

    @Test
    public void namesFollowOverrides() {
        AgentValues plain = ValuesReader.read(EXAMPLE, Map.of("nameOverride", "null", "fullnameOverride", "chat")).values();

        DeploymentTarget target = DeploymentTarget.of(AgentNames.of("agentic_chat_enhanced"), "agents", plain, IMAGE);

        assertThat(target.name()).isEqualTo("chat");
        assertThat(target.nameLabel()).isEqualTo("agentic-chat-enhanced");
        assertThat(target.configMapName()).isEqualTo("chat-config");
    }

    @Test
    public void versionLabelPrefersTag() {
        assertThat(DeploymentTarget.versionLabel("repo:1.2.3")).isEqualTo("1.2.3");
        assertThat(DeploymentTarget.versionLabel("repo:42@sha256:" + "a".repeat(64))).isEqualTo("42");
        assertThat(DeploymentTarget.versionLabel("repo@sha256:" + "b".repeat(64))).isEqualTo("bbbbbbbbbbbb");
        assertThat(DeploymentTarget.versionLabel("repo:" + "x".repeat(100))).hasSize(63);
    }

    @Test
    public void scaffoldValuesDropIn() {
        ValuesReader.Result read = ValuesReader.read(Path.of("src/test/resources/values/scaffold-values.yaml"), Map.of());

        Manifests manifests = build(read.values(), null);

        assertThat(read.unknownKeys()).isEmpty();
        Deployment deployment = manifests.deployment();
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        assertThat(deployment.getSpec().getReplicas()).as("replicas left to the autoscaler").isNull();
        assertThat(deployment.getSpec().getRevisionHistoryLimit()).isEqualTo(3);
        assertThat(deployment.getSpec().getSelector().getMatchLabels()).doesNotContainKey("tier");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("tier", "agent");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/scrape", "true");
        assertThat(pod.getImagePullSecrets()).extracting(r -> r.getName()).containsExactly("registry-pull");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(2000L);
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/live");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
        assertThat(container.getVolumeMounts()).extracting(m -> m.getMountPath()).containsExactly("/tmp");
        assertThat(pod.getNodeSelector()).containsEntry("kubernetes.io/arch", "arm64");
        assertThat(pod.getTolerations()).extracting(t -> t.getKey()).containsExactly("dedicated");
        assertThat(manifests.serviceAccount().getAutomountServiceAccountToken()).isFalse();
        assertThat(manifests.serviceAccount().getMetadata().getAnnotations()).containsEntry("team", "agents");
        assertThat(manifests.ingress().getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(manifests.ingress().getMetadata().getAnnotations())
                .containsEntry("nginx.ingress.kubernetes.io/rewrite-target", "/");
        assertThat(manifests.autoscaler().getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(manifests.autoscaler().getSpec().getMetrics()).singleElement()
                .satisfies(m -> assertThat(m.getResource().getTarget().getAverageUtilization()).isEqualTo(70));
    }

    @Test
    public void probesFollowConfiguredPath() {
        AgentValues custom = ValuesReader.read(EXAMPLE, Map.of("probes.path", "/ping", "service.targetPort", "9000"))
                .values();

        Container container = build(custom, ROLE).deployment().getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ping");
        assertThat(container.getLivenessProbe().getHttpGet().getPort()).isEqualTo(new IntOrString(9000));
    }

    @Test
    public void revisionHistoryBelowTwoIsRejected() {
        assertThatThrownBy(() -> ValuesReader.read(EXAMPLE, Map.of("revisionHistoryLimit", "1")))
                .isInstanceOf(io.agentdeploy.error.InvalidInputException.class)
                .hasMessageEndingWith("key 'revisionHistoryLimit' must be an integer from 2 to 100, but it is 1. Fix the key"
                        + " in the file or in its --set override.");
    }

    private static Manifests build(AgentValues values, String roleArn) {
        DeploymentTarget target = DeploymentTarget.of(AgentNames.of("agentic_chat_enhanced"), "agents", values, IMAGE);
        return ManifestBuilder.build(target, IMAGE, values, roleArn, EksDeployService.progressDeadlineSeconds(
                EksDeployRequest.DEFAULT_TIMEOUT));
    }
}
