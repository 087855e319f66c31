package io.agentdeploy.eks;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Optional;

/** Reads single objects by API version, kind, namespace and name, for the chart's lookup calls. */
final class ClusterObjects {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final KubernetesClient client;
    private final KubernetesErrors errors;

    ClusterObjects(KubernetesClient client, KubernetesErrors errors) {
        this.client = client;
        this.errors = errors;
    }

    /** Returns the object as JSON, or empty when it does not exist or may not be read (as Helm's lookup treats both). */
    Optional<String> read(String apiVersion, String kind, String namespace, String name) {
        String reference = "{\"apiVersion\":\"" + json(apiVersion) + "\",\"kind\":\"" + json(kind) + "\",\"metadata\":{\"name\":\""
                + json(name) + "\",\"namespace\":\"" + json(namespace) + "\"}}";
        HasMetadata wanted = SERIALIZATION.unmarshal(reference, HasMetadata.class);
        try {
            HasMetadata live = client.resource(wanted).get();
            return Optional.ofNullable(live).map(SERIALIZATION::asJson);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403 || e.getCode() == 404) {
                return Optional.empty();
            }
            throw errors.translate(new KubernetesErrors.Call("get", kind.toLowerCase(java.util.Locale.ROOT) + "s", namespace,
                    name, "reading " + kind + " '" + name + "' for the chart's lookup"), e);
        }
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
