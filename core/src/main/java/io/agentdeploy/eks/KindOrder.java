package io.agentdeploy.eks;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The order in which objects are applied, Helm's install order: namespaces and policies first, then
 * service accounts, secrets and config maps the pods need, RBAC, services, workloads, autoscalers,
 * and ingresses last, once their services exist. Unknown kinds go at the end, in input order.
 */
final class KindOrder {

    private static final List<String> ORDER = List.of("Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange",
            "PodDisruptionBudget", "ServiceAccount", "Secret", "ConfigMap", "StorageClass", "PersistentVolume",
            "PersistentVolumeClaim", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding", "Role",
            "RoleBinding", "Service", "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment",
            "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress", "APIService");

    /** Kinds without a namespace; every other kind gets the deployment's namespace when it names none. */
    static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "StorageClass", "PersistentVolume",
            "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding", "IngressClass", "APIService", "PriorityClass");

    static final Comparator<HasMetadata> COMPARATOR = Comparator.comparingInt(KindOrder::rank);

    private KindOrder() {
    }

    private static int rank(HasMetadata object) {
        int index = ORDER.indexOf(object.getKind());
        return index < 0 ? ORDER.size() : index;
    }
}
