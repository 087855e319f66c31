package io.agentdeploy.eks;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.ArrayList;
import java.util.List;

/**
 * The objects of one agent deployment, in apply order: ConfigMap, ServiceAccount (when created),
 * Service, Deployment, HorizontalPodAutoscaler (when autoscaling), Ingress (when enabled). Dependencies come first, so the pods find their
 * ConfigMap and ServiceAccount, and the Ingress finds its Service.
 */
record Manifests(ConfigMap configMap, ServiceAccount serviceAccount, Service service, Deployment deployment,
        Ingress ingress, HorizontalPodAutoscaler autoscaler) {

    List<HasMetadata> inApplyOrder() {
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(configMap);
        if (serviceAccount != null) {
            objects.add(serviceAccount);
        }
        objects.add(service);
        objects.add(deployment);
        if (autoscaler != null) {
            objects.add(autoscaler);
        }
        if (ingress != null) {
            objects.add(ingress);
        }
        return objects;
    }
}
