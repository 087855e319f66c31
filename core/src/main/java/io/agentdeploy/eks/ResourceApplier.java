package io.agentdeploy.eks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * Applies objects with server-side apply (field manager {@value ManifestBuilder#MANAGER}) unless the
 * live object already matches, so that a rerun makes no mutating call. Fields another manager owns
 * are a conflict (409) unless {@code forceConflicts} takes them over.
 *
 * <p>An object matches when the live one carries the same {@value #DESIRED_HASH_ANNOTATION} (a hash
 * of the whole desired object, which catches removed fields) and contains every desired field with
 * the same value (which catches changes made by others). Fields the server adds, such as defaults,
 * do not count.
 */
final class ResourceApplier {

    /** Annotation with a hash of the desired object as last applied by this tool. */
    static final String DESIRED_HASH_ANNOTATION = "agent-deploy.io/desired-hash";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The effect of applying one object. */
    enum Outcome { CREATED, UPDATED, UNCHANGED }

    /** The object as the API server returned it, and what changed. */
    record Applied(HasMetadata object, Outcome outcome) {

        String kindAndName() {
            return object.getKind() + "/" + object.getMetadata().getName();
        }
    }

    private final KubernetesClient client;
    private final KubernetesErrors errors;
    private final boolean forceConflicts;

    ResourceApplier(KubernetesClient client, KubernetesErrors errors, boolean forceConflicts) {
        this.client = client;
        this.errors = errors;
        this.forceConflicts = forceConflicts;
    }

    /** Applies the object (stamped with its desired hash) unless the live one matches. */
    Applied apply(HasMetadata desired) {
        String namespace = desired.getMetadata().getNamespace();
        String name = desired.getMetadata().getName();
        String resource = HasMetadata.getPlural(desired.getClass());
        String description = desired.getKind() + " '" + name + "'";

        HasMetadata live = errors.call(new KubernetesErrors.Call("get", resource, namespace, name, "reading " + description),
                () -> client.resource(desired).get());
        if (live != null && matches(live, desired)) {
            return new Applied(live, Outcome.UNCHANGED);
        }
        HasMetadata applied = errors.call(new KubernetesErrors.Call("patch", resource, namespace, name, "applying " + description),
                () -> forceConflicts
                        ? client.resource(desired).fieldManager(ManifestBuilder.MANAGER).forceConflicts().serverSideApply()
                        : client.resource(desired).fieldManager(ManifestBuilder.MANAGER).serverSideApply());
        if (live == null) {
            return new Applied(applied, Outcome.CREATED);
        }
        boolean same = Objects.equals(live.getMetadata().getResourceVersion(), applied.getMetadata().getResourceVersion());
        return new Applied(applied, same ? Outcome.UNCHANGED : Outcome.UPDATED);
    }

    /** True when the live object contains every field of the desired one with an equal value. */
    boolean matches(HasMetadata live, HasMetadata desired) {
        return contains(tree(live), tree(desired), false);
    }

    private JsonNode tree(HasMetadata object) {
        try {
            return JSON.readTree(client.getKubernetesSerialization().asJson(object));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("fabric8 wrote JSON that Jackson cannot read", e);
        }
    }

    /**
     * Compares recursively: maps by their desired keys, lists by size and element, scalars by text
     * (so 8080 equals "8080"), and resource quantities by amount (so "0.5" equals "500m").
     */
    private static boolean contains(JsonNode live, JsonNode desired, boolean inResources) {
        if (desired.isObject()) {
            if (!live.isObject()) {
                return false;
            }
            Iterator<Map.Entry<String, JsonNode>> fields = desired.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode liveValue = live.get(field.getKey());
                boolean resources = inResources || field.getKey().equals("resources");
                if (field.getValue().isNull() || field.getValue().isContainerNode() && field.getValue().isEmpty()) {
                    // The API server leaves out null and empty fields.
                    if (liveValue != null && !liveValue.isNull() && !(liveValue.isContainerNode() && liveValue.isEmpty())) {
                        return false;
                    }
                } else if (liveValue == null || !contains(liveValue, field.getValue(), resources)) {
                    return false;
                }
            }
            return true;
        }
        if (desired.isArray()) {
            if (!live.isArray() || live.size() != desired.size()) {
                return false;
            }
            for (int i = 0; i < desired.size(); i++) {
                if (!contains(live.get(i), desired.get(i), inResources)) {
                    return false;
                }
            }
            return true;
        }
        if (live.isContainerNode()) {
            return false;
        }
        if (live.asText().equals(desired.asText())) {
            return true;
        }
        return inResources && sameQuantity(live.asText(), desired.asText());
    }

    private static boolean sameQuantity(String live, String desired) {
        try {
            return Quantity.getAmountInBytes(new Quantity(live)).compareTo(Quantity.getAmountInBytes(new Quantity(desired))) == 0;
        } catch (IllegalArgumentException | ArithmeticException e) {
            return false;
        }
    }
}
