package io.agentdeploy.eks;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.Optional;

/**
 * The shared ConfigMap {@value ManifestBuilder#SHARED_CONFIG_MAP} of the agentic platform, which the
 * teams' chart reads with {@code lookup}: the account ({@code AWS_ACCOUNT_ID}) and region
 * ({@code AWS_DEFAULT_REGION}) of the image registry, and IAM role ARNs under keys that the values
 * name ({@code irsaConfigKey}). The built-in manifests honour the same keys by reading it here.
 *
 * @param data the ConfigMap's data, empty when it is missing or could not be read
 * @param problem what went wrong, worded to follow the ConfigMap's name ("does not exist in namespace 'x'"),
 *        or {@code null}
 */
record SharedConfig(Map<String, String> data, String problem) {

    static final String ACCOUNT_KEY = "AWS_ACCOUNT_ID";
    static final String REGION_KEY = "AWS_DEFAULT_REGION";

    SharedConfig {
        data = Map.copyOf(data);
    }

    /** Reads the ConfigMap; a missing one is empty, a forbidden one is empty with a problem. */
    static SharedConfig read(KubernetesClient client, KubernetesErrors errors, String namespace) {
        if (client == null) {
            return new SharedConfig(Map.of(), "was not read: no cluster was consulted (render only)");
        }
        ConfigMap configMap;
        try {
            configMap = client.configMaps().inNamespace(namespace).withName(ManifestBuilder.SHARED_CONFIG_MAP).get();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 403) {
                throw errors.translate(new KubernetesErrors.Call("get", "configmaps", namespace,
                        ManifestBuilder.SHARED_CONFIG_MAP, "reading ConfigMap '" + ManifestBuilder.SHARED_CONFIG_MAP + "'"), e);
            }
            return new SharedConfig(Map.of(), "may not be read (403 Forbidden on get configmaps)");
        }
        if (configMap == null) {
            return new SharedConfig(Map.of(), "does not exist in namespace '" + namespace + "'");
        }
        return new SharedConfig(configMap.getData() == null ? Map.of() : configMap.getData(), null);
    }

    Optional<String> get(String key) {
        String value = key == null ? null : data.get(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** Returns the ECR registry host of the platform's account and region, when both keys are set. */
    Optional<String> registry() {
        Optional<String> account = get(ACCOUNT_KEY);
        Optional<String> region = get(REGION_KEY);
        if (account.isEmpty() || region.isEmpty()) {
            return Optional.empty();
        }
        String suffix = region.get().startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
        return Optional.of(account.get() + ".dkr.ecr." + region.get() + "." + suffix);
    }

    /** Says why a key is not available, for warnings. */
    String whyMissing(String key) {
        return "ConfigMap '" + ManifestBuilder.SHARED_CONFIG_MAP + "' " + (problem != null ? problem : "has no key '" + key + "'");
    }
}
