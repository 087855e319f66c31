package io.agentdeploy.eks;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the built-in manifests of an agent from its values, following the teams' chart: ConfigMap
 * {@code <name>-config} from {@code configDefaults}, a ServiceAccount with the IRSA annotation, a
 * non-root Deployment with {@code /health} probes, a Service and an ALB Ingress under {@code /api}.
 */
final class ManifestBuilder {

    /** Value of {@code app.kubernetes.io/managed-by} on every object, and the server-side apply field manager. */
    static final String MANAGER = "agent-deploy";

    /** Pod template annotation with a hash of the ConfigMap data, so a configuration change rolls the pods. */
    static final String CONFIG_HASH_ANNOTATION = "agent-deploy.io/config-hash";

    /** Label with the agent's own (snake_case) name on every object. */
    static final String AGENT_LABEL = "agent-deploy.io/agent";

    /** The shared ConfigMap of the agentic platform: image registry, account, region and IRSA role ARNs. */
    static final String SHARED_CONFIG_MAP = "agentic-platform-config";

    /** Environment variable that carries the ARN of the agent's secret ({@code agentSecret.*}). */
    static final String AGENT_SECRET_ENV = "AGENT_SECRET_ARN";

    static final String ROLE_ARN_ANNOTATION = "eks.amazonaws.com/role-arn";
    static final String CONTAINER_NAME = "agent";
    static final String HEALTH_PATH = "/health";

    private ManifestBuilder() {
    }

    /**
     * @param target the names and namespace the objects get
     * @param image the image reference the Deployment runs
     * @param values the agent's values
     * @param roleArn the IRSA role ARN, or {@code null} when none is known
     * @param progressDeadlineSeconds the Deployment's progress deadline, below the rollout timeout
     */
    static Manifests build(DeploymentTarget target, String image, AgentValues values, String roleArn,
            int progressDeadlineSeconds) {
        ConfigMap configMap = configMap(target, values);
        Integer wanted = values.scaffold().progressDeadlineSeconds();
        int deadline = wanted == null ? progressDeadlineSeconds : Math.min(wanted, progressDeadlineSeconds);
        Deployment deployment = deployment(target, image, values, deadline, hash(configMap.getData()));
        ScaffoldManifests.apply(deployment, values.scaffold());
        return new Manifests(
                configMap,
                values.serviceAccount().create() ? serviceAccount(target, values, roleArn) : null,
                service(target, values),
                deployment,
                values.ingress().enabled() ? ingress(target, values) : null,
                values.scaffold().autoscaling().enabled() ? ScaffoldManifests.autoscaler(target, values.scaffold().autoscaling())
                        : null);
    }

    /** Returns the name of the ServiceAccount the pods run as: {@code serviceAccount.name}, else the release name when created, else {@code default}. */
    static String serviceAccountName(DeploymentTarget target, AgentValues values) {
        if (values.serviceAccount().name() != null) {
            return values.serviceAccount().name();
        }
        return values.serviceAccount().create() ? target.name() : "default";
    }

    private static ConfigMap configMap(DeploymentTarget target, AgentValues values) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                    .withName(target.configMapName())
                    .withNamespace(target.namespace())
                    .withLabels(target.commonLabels())
                .endMetadata()
                .withData(new LinkedHashMap<>(values.configDefaults()))
                .build();
    }

    private static ServiceAccount serviceAccount(DeploymentTarget target, AgentValues values, String roleArn) {
        ServiceAccountBuilder serviceAccount = new ServiceAccountBuilder()
                .withNewMetadata()
                    .withName(serviceAccountName(target, values))
                    .withNamespace(target.namespace())
                    .withLabels(target.commonLabels())
                .endMetadata();
        values.scaffold().serviceAccountAnnotations().forEach((key, value) ->
                serviceAccount.editMetadata().addToAnnotations(key, value).endMetadata());
        if (roleArn != null) {
            serviceAccount.editMetadata().addToAnnotations(ROLE_ARN_ANNOTATION, roleArn).endMetadata();
        }
        serviceAccount.withAutomountServiceAccountToken(values.scaffold().automountServiceAccountToken());
        return serviceAccount.build();
    }

    private static Service service(DeploymentTarget target, AgentValues values) {
        return new ServiceBuilder()
                .withNewMetadata()
                    .withName(target.name())
                    .withNamespace(target.namespace())
                    .withLabels(target.commonLabels())
                .endMetadata()
                .withNewSpec()
                    .withType(values.service().type())
                    .withSelector(target.selectorLabels())
                    .addNewPort()
                        .withName("http")
                        .withProtocol("TCP")
                        .withPort(values.service().port())
                        .withTargetPort(new IntOrString(values.service().targetPort()))
                    .endPort()
                .endSpec()
                .build();
    }

    private static Deployment deployment(DeploymentTarget target, String image, AgentValues values,
            int progressDeadlineSeconds, String configHash) {
        Map<String, String> labels = new LinkedHashMap<>(target.commonLabels());
        labels.put("app.kubernetes.io/version", target.versionLabel());
        return new DeploymentBuilder()
                .withNewMetadata()
                    .withName(target.name())
                    .withNamespace(target.namespace())
                    .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                    .withReplicas(values.scaffold().autoscaling().enabled() ? null : values.replicaCount())
                    .withRevisionHistoryLimit(values.scaffold().revisionHistoryLimit())
                    .withProgressDeadlineSeconds(progressDeadlineSeconds)
                    .withNewSelector().withMatchLabels(target.selectorLabels()).endSelector()
                    .withNewTemplate()
                        .withNewMetadata()
                            .withLabels(labels)
                            .addToAnnotations(CONFIG_HASH_ANNOTATION, configHash)
                        .endMetadata()
                        .withNewSpec()
                            .withServiceAccountName(serviceAccountName(target, values))
                            .withNewSecurityContext()
                                .withRunAsNonRoot(true)
                                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                            .endSecurityContext()
                            .addNewContainer()
                                .withName(CONTAINER_NAME)
                                .withImage(image)
                                .withImagePullPolicy(values.image().pullPolicy())
                                .addNewPort()
                                    .withName("http")
                                    .withContainerPort(values.service().targetPort())
                                    .withProtocol("TCP")
                                .endPort()
                                .withEnv(env(values))
                                .withEnvFrom(envFrom(target))
                                .withResources(resources(values.resources()))
                                .withReadinessProbe(probe(values.scaffold().probePath(), values.service().targetPort(), 5, 10))
                                .withLivenessProbe(probe(values.scaffold().probePath(), values.service().targetPort(), 15, 20))
                                .withNewSecurityContext()
                                    .withAllowPrivilegeEscalation(false)
                                    .withNewCapabilities().withDrop("ALL").endCapabilities()
                                .endSecurityContext()
                            .endContainer()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    private static Ingress ingress(DeploymentTarget target, AgentValues values) {
        String path = "/api" + (values.ingress().path() != null ? values.ingress().path() : "/" + target.name());
        return new IngressBuilder()
                .withNewMetadata()
                    .withName(target.name())
                    .withNamespace(target.namespace())
                    .withLabels(target.commonLabels())
                    // The Service is ClusterIP, which the AWS Load Balancer Controller reaches only with IP targets.
                    .addToAnnotations("alb.ingress.kubernetes.io/target-type", "ip")
                    .addToAnnotations("alb.ingress.kubernetes.io/healthcheck-path", values.scaffold().probePath())
                    .addToAnnotations(values.scaffold().ingressAnnotations())
                .endMetadata()
                .withNewSpec()
                    .withIngressClassName(values.scaffold().ingressClassName())
                    .addNewRule()
                        .withNewHttp()
                            .addNewPath()
                                .withPath(path)
                                .withPathType("Prefix")
                                .withNewBackend()
                                    .withNewService()
                                        .withName(target.name())
                                        .withNewPort().withNumber(values.service().port()).endPort()
                                    .endService()
                                .endBackend()
                            .endPath()
                        .endHttp()
                    .endRule()
                .endSpec()
                .build();
    }

    private static List<EnvVar> env(AgentValues values) {
        List<EnvVar> env = new ArrayList<>();
        for (AgentValues.EnvVar variable : values.env()) {
            env.add(new EnvVarBuilder().withName(variable.name()).withValue(variable.value()).build());
        }
        AgentValues.AgentSecret secret = values.agentSecret();
        boolean listed = values.env().stream().anyMatch(v -> v.name().equals(AGENT_SECRET_ENV));
        if (!listed && secret.arn() != null) {
            env.add(new EnvVarBuilder().withName(AGENT_SECRET_ENV).withValue(secret.arn()).build());
        } else if (!listed && secret.configKey() != null) {
            env.add(new EnvVarBuilder().withName(AGENT_SECRET_ENV).withNewValueFrom().withNewConfigMapKeyRef()
                    .withName(SHARED_CONFIG_MAP).withKey(secret.configKey()).withOptional(true)
                    .endConfigMapKeyRef().endValueFrom().build());
        }
        return env;
    }

    /** Lists the agent's ConfigMap before the shared one, because for a key in both the later source wins. */
    private static List<EnvFromSource> envFrom(DeploymentTarget target) {
        return List.of(
                new EnvFromSourceBuilder().withNewConfigMapRef().withName(target.configMapName()).endConfigMapRef().build(),
                new EnvFromSourceBuilder().withNewConfigMapRef().withName(SHARED_CONFIG_MAP).withOptional(true)
                        .endConfigMapRef().build());
    }

    private static ResourceRequirements resources(AgentValues.Resources resources) {
        ResourceRequirementsBuilder builder = new ResourceRequirementsBuilder();
        resources.requests().forEach((name, quantity) -> builder.addToRequests(name, new Quantity(quantity)));
        resources.limits().forEach((name, quantity) -> builder.addToLimits(name, new Quantity(quantity)));
        return builder.build();
    }

    private static Probe probe(String path, int port, int initialDelaySeconds, int periodSeconds) {
        return new ProbeBuilder()
                .withNewHttpGet().withPath(path).withPort(new IntOrString(port)).endHttpGet()
                .withInitialDelaySeconds(initialDelaySeconds)
                .withPeriodSeconds(periodSeconds)
                .withTimeoutSeconds(3)
                .withFailureThreshold(3)
                .build();
    }

    /** Hashes a map's entries in key order. Each part is prefixed with its length, so no two maps share an encoding. */
    static String hash(Map<String, String> data) {
        StringBuilder text = new StringBuilder();
        new java.util.TreeMap<>(data).forEach((key, value) -> text.append(key.length()).append(':').append(key)
                .append(value.length()).append(':').append(value));
        return sha256(text.toString()).substring(0, 16);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
