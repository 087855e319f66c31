package io.agentdeploy.testkit.kubernetes;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The API writes of the simulated controller and kubelet: whole-status replacements, revision
 * annotations and events. Every write names only the fields it changes, so it cannot conflict
 * with a concurrent server-side apply of the same object.
 */
final class ControllerWrites {

    private final KubernetesClient client;
    private final Clock clock;

    ControllerWrites(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /**
     * Replaces the object's {@code status} through the status subresource. A JSON patch "add"
     * replaces the whole stanza, so counts that dropped to zero disappear instead of lingering as
     * a merge patch would leave them.
     */
    void replaceStatus(HasMetadata object, Object status) {
        String json = client.getKubernetesSerialization().asJson(status);
        client.resource(object).subresource("status")
                .patch(PatchContext.of(PatchType.JSON), "[{\"op\":\"add\",\"path\":\"/status\",\"value\":" + json + "}]");
    }

    /** Sets the {@code deployment.kubernetes.io/revision} annotation unless the object already has it. */
    void annotateRevision(HasMetadata object, long revision) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        if (annotations != null && Long.toString(revision).equals(annotations.get(DeploymentController.REVISION_ANNOTATION))) {
            return;
        }
        String patch = "{\"metadata\":{\"annotations\":{\"" + DeploymentController.REVISION_ANNOTATION + "\":\"" + revision
                + "\"}}}";
        client.resource(object).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        if (annotations != null) {
            annotations.put(DeploymentController.REVISION_ANNOTATION, Long.toString(revision));
        }
    }

    /** Records an event about a pod, as the kubelet or the scheduler does. */
    void podEvent(SimulatedPod pod, SimulatedPod.PodEvent event) {
        createEvent(pod.namespace, "Pod", pod.name, pod.uid, "v1", event.type(), event.reason(), event.message(),
                event.component());
    }

    /** Records an event about any object, for example a Deployment's ScalingReplicaSet. */
    void objectEvent(HasMetadata object, String type, String reason, String message, String component) {
        createEvent(object.getMetadata().getNamespace(), object.getKind(), object.getMetadata().getName(),
                object.getMetadata().getUid(), object.getApiVersion(), type, reason, message, component);
    }

    private void createEvent(String namespace, String kind, String name, String uid, String apiVersion, String type,
            String reason, String message, String component) {
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        client.v1().events().inNamespace(namespace).resource(new EventBuilder()
                .withNewMetadata().withName(name + "." + Long.toHexString(System.nanoTime())).withNamespace(namespace).endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(apiVersion).withKind(kind)
                        .withNamespace(namespace).withName(name).withUid(uid).build())
                .withType(type)
                .withReason(reason)
                .withMessage(message)
                .withNewSource().withComponent(component).endSource()
                .withReportingComponent(component)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .build()).create();
    }
}
