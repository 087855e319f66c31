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
        Map<String, String> configDefaults) {

    public AgentValues {
        env = List.copyOf(env);
        configDefaults = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(configDefaults));
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
