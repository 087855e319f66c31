package io.agentdeploy.eks;

import io.agentdeploy.progress.Redactor;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Opens a Kubernetes client for a cluster access. The engine's own implementation reads the
 * kubeconfig; tests pass another to count or break connections.
 */
@FunctionalInterface
interface KubernetesClientSource {

    /**
     * Opens a client; the caller closes it. Registers every credential it reads with the redactor.
     *
     * @throws io.agentdeploy.error.InvalidInputException when the access cannot be turned into a client
     */
    KubernetesClient open(ClusterAccess access, Redactor redactor);
}
