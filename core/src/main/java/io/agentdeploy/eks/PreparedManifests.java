package io.agentdeploy.eks;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;

/**
 * The exact objects a deployment applies, in apply order, each stamped with the hash of its desired
 * state; the same objects that a render-only run writes out.
 *
 * @param namespace the deployment's namespace
 * @param objects the objects in apply order
 * @param deployment the Deployment whose rollout is watched (one of {@code objects})
 * @param image the image deployed
 */
record PreparedManifests(String namespace, List<HasMetadata> objects, Deployment deployment, String image) {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    PreparedManifests {
        objects = List.copyOf(objects);
    }

    String deploymentName() {
        return deployment.getMetadata().getName();
    }

    String qualifiedName() {
        return namespace + "/" + deploymentName();
    }

    List<String> resources() {
        return objects.stream().map(PreparedManifests::kindAndName).toList();
    }

    /** Returns a hash of every object's desired state, to tell whether a revision record contains the same set. */
    String contentHash() {
        StringBuilder text = new StringBuilder();
        objects.forEach(object -> text.append(SERIALIZATION.asJson(object)).append('\n'));
        return ManifestBuilder.sha256(text.toString()).substring(0, 32);
    }

    /** Returns the Deployment's selector labels. */
    Map<String, String> selector() {
        return deployment.getSpec().getSelector() == null || deployment.getSpec().getSelector().getMatchLabels() == null
                ? Map.of() : deployment.getSpec().getSelector().getMatchLabels();
    }

    static String kindAndName(HasMetadata object) {
        return object.getKind() + "/" + object.getMetadata().getName();
    }

    /** {@code apps/v1/Deployment/name}: enough to find the object again for a delete. */
    static String reference(HasMetadata object) {
        return object.getApiVersion() + "/" + object.getKind() + "/" + object.getMetadata().getName();
    }

    /** Stamps {@value ResourceApplier#DESIRED_HASH_ANNOTATION} with a hash of the object without it. */
    static void stampHash(HasMetadata desired) {
        Map<String, String> annotations = desired.getMetadata().getAnnotations();
        if (annotations != null) {
            annotations.remove(ResourceApplier.DESIRED_HASH_ANNOTATION);
        }
        String hash = ManifestBuilder.sha256(SERIALIZATION.asJson(desired)).substring(0, 16);
        if (desired.getMetadata().getAnnotations() == null) {
            desired.getMetadata().setAnnotations(new java.util.LinkedHashMap<>());
        }
        desired.getMetadata().getAnnotations().put(ResourceApplier.DESIRED_HASH_ANNOTATION, hash);
    }
}
