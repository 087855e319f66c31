package io.agentdeploy.eks;

import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.progress.ProgressListener;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * The deployment's namespace: whether it exists, and its creation. An apply calls
 * {@link #mustCreate} before it makes the objects and {@link #create} only after they were made,
 * so that input found invalid while making them (such as a chart's custom kind) leaves the cluster
 * unchanged.
 */
final class NamespaceSetup {

    private final KubernetesClient client;
    private final KubernetesErrors errors;
    private final ProgressListener listener;

    NamespaceSetup(KubernetesClient client, KubernetesErrors errors, ProgressListener listener) {
        this.client = client;
        this.errors = errors;
        this.listener = listener;
    }

    /** Returns whether the namespace exists; {@code true} also when the identity may not read Namespace objects. */
    static boolean exists(KubernetesClient client, KubernetesErrors errors, String namespace) {
        try {
            return client.namespaces().withName(namespace).get() != null;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                return true;
            }
            throw errors.translate(new KubernetesErrors.Call("get", "namespaces", null, namespace,
                    "reading Namespace '" + namespace + "'"), e);
        }
    }

    /**
     * Returns whether the namespace is missing and is to be created. An identity that may not read
     * Namespace objects gets {@code false}: the namespace is assumed to exist.
     *
     * @throws InvalidInputException when the namespace is missing and {@code create} is off
     */
    boolean mustCreate(String namespace, boolean create) {
        HasMetadata existing;
        try {
            existing = client.namespaces().withName(namespace).get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                // Identities limited to one namespace often may not read Namespace objects; the applies will tell.
                listener.debug("Not allowed to read Namespace '" + namespace + "'; assuming it exists.");
                return false;
            }
            throw errors.translate(new KubernetesErrors.Call("get", "namespaces", null, namespace,
                    "reading Namespace '" + namespace + "'"), e);
        }
        if (existing != null) {
            return false;
        }
        if (!create) {
            throw EksDeployService.missingNamespace(namespace);
        }
        return true;
    }

    void create(String namespace) {
        errors.call(new KubernetesErrors.Call("patch", "namespaces", null, namespace, "creating Namespace '" + namespace + "'"),
                () -> client.resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                        .addToLabels("app.kubernetes.io/managed-by", ManifestBuilder.MANAGER).endMetadata().build())
                        .fieldManager(ManifestBuilder.MANAGER).forceConflicts().serverSideApply());
        listener.lifecycle("Created Namespace '" + namespace + "'");
    }
}
