package io.agentdeploy.eks;

import java.util.List;
import java.util.Map;

/**
 * The keys of an agent's Helm values file that the built-in manifests use, typed and with the
 * defaults of the teams' chart filled in. Read with {@link ValuesReader}.
 *
 * @param namespace {@code namespace}, or {@code null} when the file leaves it out
 * @param replicaCount {@code replicaCount}, default 1
 * @param image {@code image.*}
 * @param nameOverride {@code nameOverride}, or {@code null}
 * @param fullnameOverride {@code fullnameOverride}, or {@code null}
 * @param service {@code service.*}
 * @param env {@code env}: a list of name/value pairs (a map is accepted too), in file order
 * @param resources {@code resources.requests} and {@code resources.limits}
 * @param ingress {@code ingress.*}
 * @param serviceAccount {@code serviceAccount.*}
 * @param irsaConfigKey {@code irsaConfigKey}: key of the IRSA role ARN in the shared ConfigMap, or {@code null}
 * @param agentSecret {@code agentSecret.*}
 * @param configDefaults {@code configDefaults}: the agent's ConfigMap data, in file order
 * @param scaffold the keys of the {@code helm create} scaffold and the pod settings passed through as given
 */
public record AgentValues(
        String namespace,
        int replicaCount,
        Image image,
        String nameOverride,
        String fullnameOverride,
        Service service,
        List<EnvVar> env,
        Resources resources,
        Ingress ingress,
        ServiceAccount serviceAccount,
        String irsaConfigKey,
        AgentSecret agentSecret,
        Map<String, String> configDefaults,
        Scaffold scaffold) {

    public AgentValues {
        env = List.copyOf(env);
        configDefaults = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(configDefaults));
    }

    /**
     * The keys of the {@code helm create} scaffold that a values file written for it may carry, plus
     * the step's own Deployment settings. Objects (probes, security contexts, affinity, tolerations,
     * volumes) are plain maps and lists, passed into the manifests as given.
     *
     * @param podAnnotations {@code podAnnotations}
     * @param podLabels {@code podLabels}, added to the pod labels (never to the selector)
     * @param imagePullSecrets {@code imagePullSecrets}: secret names
     * @param podSecurityContext {@code podSecurityContext}, merged over the non-root default
     * @param securityContext {@code securityContext} of the container, merged over the default
     * @param livenessProbe {@code livenessProbe}, replacing the default probe when given
     * @param readinessProbe {@code readinessProbe}, replacing the default probe when given
     * @param startupProbe {@code startupProbe}, none by default
     * @param nodeSelector {@code nodeSelector}
     * @param tolerations {@code tolerations}
     * @param affinity {@code affinity}
     * @param volumes {@code volumes}
     * @param volumeMounts {@code volumeMounts}
     * @param serviceAccountAnnotations {@code serviceAccount.annotations}
     * @param automountServiceAccountToken {@code serviceAccount.automount}, or {@code null} for the cluster default
     * @param ingressClassName {@code ingress.className}, default {@code alb}
     * @param ingressAnnotations {@code ingress.annotations}, merged over the ALB defaults
     * @param probePath {@code probes.path}: the path of the default probes, default {@code /health}
     * @param revisionHistoryLimit {@code revisionHistoryLimit}, default 5, at least 2
     * @param progressDeadlineSeconds {@code progressDeadlineSeconds}, or {@code null} to derive it from the timeout
     * @param autoscaling {@code autoscaling.*}
     */
    public record Scaffold(
            Map<String, String> podAnnotations,
            Map<String, String> podLabels,
            List<String> imagePullSecrets,
            Map<String, Object> podSecurityContext,
            Map<String, Object> securityContext,
            Map<String, Object> livenessProbe,
            Map<String, Object> readinessProbe,
            Map<String, Object> startupProbe,
            Map<String, String> nodeSelector,
            List<Object> tolerations,
            Map<String, Object> affinity,
            List<Object> volumes,
            List<Object> volumeMounts,
            Map<String, String> serviceAccountAnnotations,
            Boolean automountServiceAccountToken,
            String ingressClassName,
            Map<String, String> ingressAnnotations,
            String probePath,
            int revisionHistoryLimit,
            Integer progressDeadlineSeconds,
            Autoscaling autoscaling) {
    }

    /**
     * {@code autoscaling.*} of the scaffold: a HorizontalPodAutoscaler instead of a fixed replica count.
     *
     * @param targetCpu {@code targetCPUUtilizationPercentage}, or {@code null}
     * @param targetMemory {@code targetMemoryUtilizationPercentage}, or {@code null}
     */
    public record Autoscaling(boolean enabled, int minReplicas, int maxReplicas, Integer targetCpu, Integer targetMemory) {
    }

    /**
     * {@code image.*}; the deployed image comes from the request, so only {@code pullPolicy} is used.
     *
     * @param pullPolicy Always, IfNotPresent (default) or Never
     */
    public record Image(String repository, String tag, String pullPolicy) {
    }

    /**
     * {@code service.*}.
     *
     * @param type ClusterIP (default), NodePort or LoadBalancer
     * @param port the Service port, default 80
     * @param targetPort the container port the Service and the probes use, default 8080
     */
    public record Service(String type, int port, int targetPort) {
    }

    /** One entry of {@code env}. */
    public record EnvVar(String name, String value) {
    }

    /** {@code resources}: quantities by resource name, for example {@code cpu: 100m}. */
    public record Resources(Map<String, String> requests, Map<String, String> limits) {

        public Resources {
            requests = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(requests));
            limits = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(limits));
        }
    }

    /**
     * {@code ingress.*}.
     *
     * @param enabled whether an Ingress is created, default false
     * @param path the path after {@code /api}, for example {@code /agentic-chat}, or {@code null}
     */
    public record Ingress(boolean enabled, String path) {
    }

    /**
     * {@code serviceAccount.*}.
     *
     * @param name the ServiceAccount name, or {@code null} for the release name
     * @param create whether the ServiceAccount is created, default true
     * @param irsaConfigKey key of the IRSA role ARN in the shared ConfigMap, or {@code null}
     */
    public record ServiceAccount(String name, boolean create, String irsaConfigKey) {
    }

    /**
     * {@code agentSecret.*}: where the agent finds the ARN of its secret.
     *
     * @param arn the secret's ARN itself, or {@code null}
     * @param configKey key of the ARN in the shared ConfigMap, or {@code null}
     */
    public record AgentSecret(String arn, String configKey) {
    }
}
