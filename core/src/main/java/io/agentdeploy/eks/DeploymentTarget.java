package io.agentdeploy.eks;

import io.agentdeploy.naming.AgentNames;
import io.agentdeploy.naming.NameRules;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * The names an agent's objects get in the cluster, with the labels derived from them.
 *
 * @param namespace the namespace of every object
 * @param name the release name: {@code fullnameOverride}, else {@code nameOverride}, else the agent's Kubernetes name
 * @param nameLabel {@code app.kubernetes.io/name}: {@code nameOverride}, else the agent's Kubernetes name
 * @param agent the agent's own name, for the {@code agent-deploy.io/agent} label
 * @param versionLabel {@code app.kubernetes.io/version}: the image tag, else the digest's first 12 hex digits
 */
record DeploymentTarget(String namespace, String name, String nameLabel, String agent, String versionLabel) {

    /** Resolves the names from the request's agent and image and the values' overrides, checking each as a DNS-1123 label. */
    static DeploymentTarget of(AgentNames agent, String namespace, AgentValues values, String image) {
        String nameLabel = values.nameOverride() != null
                ? NameRules.requireKubernetesName("nameOverride", values.nameOverride())
                : agent.kubernetesName();
        String name = values.fullnameOverride() != null
                ? NameRules.requireKubernetesName("fullnameOverride", values.fullnameOverride())
                : nameLabel;
        return new DeploymentTarget(namespace, name, nameLabel, agent.agent(), versionLabel(image));
    }

    String configMapName() {
        return name + "-config";
    }

    /** {@code namespace/name}, for messages and results. */
    String qualifiedName() {
        return namespace + "/" + name;
    }

    /**
     * Returns the Deployment selector: name and instance only, which stay the same across upgrades because
     * the API server rejects a change to a Deployment's selector.
     */
    Map<String, String> selectorLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", nameLabel);
        labels.put("app.kubernetes.io/instance", name);
        return labels;
    }

    /** Labels on every object: the selector labels, the manager and the agent. */
    Map<String, String> commonLabels() {
        Map<String, String> labels = selectorLabels();
        labels.put("app.kubernetes.io/managed-by", ManifestBuilder.MANAGER);
        labels.put(ManifestBuilder.AGENT_LABEL, agent);
        return labels;
    }

    /** A label value (at most 63 characters, alphanumeric at both ends) that names the image version. */
    static String versionLabel(String image) {
        Matcher matcher = EksDeployRequest.IMAGE.matcher(image);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not an image reference: " + image);
        }
        String version = matcher.group("tag") != null ? matcher.group("tag")
                : matcher.group("digest").substring("sha256:".length(), "sha256:".length() + 12);
        version = version.length() > 63 ? version.substring(0, 63) : version;
        return version.replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
    }
}
