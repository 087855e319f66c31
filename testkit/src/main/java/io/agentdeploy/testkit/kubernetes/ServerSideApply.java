package io.agentdeploy.testkit.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The merge rules of server-side apply, reduced to what a single field manager sending its whole
 * desired state needs: the applied fields are merged into the live object, fields the manager
 * applied last time and leaves out now are removed, other managers' fields and {@code status} stay,
 * and the manager's field set is recorded in {@code metadata.managedFields} as {@code FieldsV1}.
 *
 * <p>A field that another manager's entry owns and that the applied configuration sets to another
 * value is a conflict: without {@code force} the apply fails, with {@code force} the field changes
 * owner, as on the API server.
 *
 * <p>NOTE: every list is treated as atomic (replaced whole). The real API server merges lists such
 * as {@code containers}, {@code env} and {@code ports} by key, which matters only when two managers
 * own items of the same list.
 */
final class ServerSideApply {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Top-level fields that are not part of an applied configuration's field set. */
    private static final Set<String> UNTRACKED_TOP_LEVEL = Set.of("apiVersion", "kind", "status");

    /** Metadata the server owns; an applied value for them is ignored. */
    private static final Set<String> SERVER_METADATA = Set.of("name", "namespace", "uid", "resourceVersion",
            "generation", "creationTimestamp", "managedFields", "deletionTimestamp", "selfLink");

    /** A field owned by another manager that the apply would change. */
    record Conflict(String manager, String apiVersion, String field) {
    }

    /** Thrown when an apply without force would change other managers' fields. */
    static final class ConflictException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final transient List<Conflict> conflicts;

        ConflictException(List<Conflict> conflicts) {
            super("conflicts: " + conflicts);
            this.conflicts = List.copyOf(conflicts);
        }

        List<Conflict> conflicts() {
            return conflicts;
        }
    }

    private ServerSideApply() {
    }

    /** Returns the object to create from an applied configuration: the configuration plus its managed fields. */
    static ObjectNode create(JsonNode applied, String manager, Instant now) {
        ObjectNode created = applied.deepCopy();
        created.remove("status");
        ObjectNode metadata = metadata(created);
        metadata.remove(List.of("uid", "resourceVersion", "generation", "creationTimestamp", "managedFields"));
        setManagedFields(created, List.of(), manager, fieldSet(applied), applied.path("apiVersion").asText(), now);
        return created;
    }

    /**
     * Returns the live object after {@code manager} applies {@code applied} to it; {@code current} is not changed.
     *
     * @throws ConflictException when the apply would change other managers' fields and {@code force} is false
     */
    static ObjectNode apply(ObjectNode current, JsonNode applied, String manager, Instant now, boolean force) {
        ObjectNode result = current.deepCopy();
        ObjectNode cleaned = withoutServerFields(applied);
        ObjectNode newSet = fieldSet(applied);
        JsonNode previousSet = managerEntry(current, manager).path("fieldsV1");
        List<JsonNode> others = managedFields(current);
        List<Conflict> conflicts = new ArrayList<>();
        for (JsonNode entry : others) {
            if (!manager.equals(entry.path("manager").asText())) {
                collectConflicts(entry, entry.path("fieldsV1"), newSet, current, applied, "", conflicts);
            }
        }
        if (!conflicts.isEmpty()) {
            if (!force) {
                throw new ConflictException(conflicts);
            }
            // Forcing moves the fields to this manager: they leave the other managers' sets.
            for (JsonNode entry : others) {
                for (Conflict conflict : conflicts) {
                    if (conflict.manager().equals(entry.path("manager").asText())) {
                        removePath((ObjectNode) entry.path("fieldsV1"), conflict.field());
                    }
                }
            }
            metadata(result).set("managedFields", NODES.arrayNode().addAll(others));
        }

        removeNoLongerApplied(result, previousSet, newSet);
        merge(result, cleaned);
        if (newSet.equals(previousSet) && withoutManagedFields(result).equals(withoutManagedFields(current))) {
            return result;
        }
        setManagedFields(result, managedFields(result), manager, newSet, applied.path("apiVersion").asText(), now);
        return result;
    }

    /** Finds the leaf fields in both sets whose applied value differs from the live one. */
    private static void collectConflicts(JsonNode entry, JsonNode owned, JsonNode applying, JsonNode live, JsonNode applied,
            String path, List<Conflict> conflicts) {
        if (!owned.isObject() || !applying.isObject()) {
            return;
        }
        applying.fieldNames().forEachRemaining(key -> {
            if (!owned.has(key) || !key.startsWith("f:")) {
                return;
            }
            String field = key.substring(2);
            JsonNode liveValue = live == null ? null : live.get(field);
            JsonNode appliedValue = applied == null ? null : applied.get(field);
            // An empty set under a map owns nothing in it, as for metadata with only a name. Under a
            // scalar or a list it owns the value.
            boolean ownedLeaf = owned.get(key).isEmpty() && (liveValue == null || !liveValue.isObject());
            boolean appliedLeaf = applying.get(key).isEmpty() && (appliedValue == null || !appliedValue.isObject());
            if (owned.get(key).isEmpty() && !ownedLeaf || applying.get(key).isEmpty() && !appliedLeaf) {
                return;
            }
            if (ownedLeaf || appliedLeaf) {
                if (appliedValue != null && !appliedValue.equals(liveValue)) {
                    conflicts.add(new Conflict(entry.path("manager").asText(), entry.path("apiVersion").asText(),
                            path + "." + field));
                }
            } else {
                collectConflicts(entry, owned.get(key), applying.get(key), liveValue, appliedValue, path + "." + field,
                        conflicts);
            }
        });
    }

    private static void removePath(ObjectNode set, String field) {
        String[] parts = field.substring(1).split("\\.");
        ObjectNode node = set;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get("f:" + parts[i]);
            if (child == null || !child.isObject()) {
                return;
            }
            node = (ObjectNode) child;
        }
        node.remove("f:" + parts[parts.length - 1]);
    }

    /**
     * Returns the field set of an applied configuration in {@code FieldsV1} form: {@code "f:name"}
     * for each field, nested for objects, an empty object for scalars and (atomic) lists.
     */
    static ObjectNode fieldSet(JsonNode applied) {
        ObjectNode set = NODES.objectNode();
        applied.fields().forEachRemaining(field -> {
            if (UNTRACKED_TOP_LEVEL.contains(field.getKey())) {
                return;
            }
            ObjectNode child = field.getKey().equals("metadata") ? metadataFieldSet(field.getValue()) : subtree(field.getValue());
            set.set("f:" + field.getKey(), child);
        });
        return set;
    }

    private static ObjectNode metadataFieldSet(JsonNode metadata) {
        ObjectNode set = NODES.objectNode();
        metadata.fields().forEachRemaining(field -> {
            if (!SERVER_METADATA.contains(field.getKey())) {
                set.set("f:" + field.getKey(), subtree(field.getValue()));
            }
        });
        return set;
    }

    private static ObjectNode subtree(JsonNode value) {
        ObjectNode set = NODES.objectNode();
        if (value.isObject()) {
            value.fields().forEachRemaining(field -> set.set("f:" + field.getKey(), subtree(field.getValue())));
        }
        return set;
    }

    /** Removes the fields named in {@code previous} but not in {@code next} from {@code target}. */
    private static void removeNoLongerApplied(JsonNode target, JsonNode previous, JsonNode next) {
        if (!target.isObject() || !previous.isObject()) {
            return;
        }
        ObjectNode object = (ObjectNode) target;
        List<String> keys = new ArrayList<>();
        previous.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            String field = key.substring(2);
            if (!next.has(key)) {
                object.remove(field);
            } else if (object.has(field) && previous.get(key).size() > 0) {
                removeNoLongerApplied(object.get(field), previous.get(key), next.get(key));
            }
        }
    }

    /** Merges maps recursively; lists and scalars from {@code source} replace those in {@code target}. */
    private static void merge(ObjectNode target, JsonNode source) {
        source.fields().forEachRemaining(field -> {
            JsonNode existing = target.get(field.getKey());
            if (existing != null && existing.isObject() && field.getValue().isObject()) {
                merge((ObjectNode) existing, field.getValue());
            } else if (!field.getValue().isNull()) {
                target.set(field.getKey(), field.getValue().deepCopy());
            }
        });
    }

    private static ObjectNode withoutServerFields(JsonNode applied) {
        ObjectNode cleaned = applied.deepCopy();
        cleaned.remove("status");
        metadata(cleaned).remove(SERVER_METADATA);
        return cleaned;
    }

    private static JsonNode withoutManagedFields(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        metadata(copy).remove("managedFields");
        return copy;
    }

    private static ObjectNode metadata(ObjectNode object) {
        JsonNode metadata = object.get("metadata");
        if (metadata == null || !metadata.isObject()) {
            return object.putObject("metadata");
        }
        return (ObjectNode) metadata;
    }

    private static List<JsonNode> managedFields(ObjectNode object) {
        List<JsonNode> entries = new ArrayList<>();
        object.path("metadata").path("managedFields").forEach(entries::add);
        return entries;
    }

    private static JsonNode managerEntry(ObjectNode object, String manager) {
        for (JsonNode entry : managedFields(object)) {
            if (manager.equals(entry.path("manager").asText()) && "Apply".equals(entry.path("operation").asText())) {
                return entry;
            }
        }
        return NODES.missingNode();
    }

    private static void setManagedFields(ObjectNode object, List<JsonNode> existing, String manager, ObjectNode fields,
            String apiVersion, Instant now) {
        ArrayNode entries = NODES.arrayNode();
        for (JsonNode entry : existing) {
            boolean sameManager = manager.equals(entry.path("manager").asText())
                    && "Apply".equals(entry.path("operation").asText());
            if (!sameManager) {
                entries.add(entry);
            }
        }
        ObjectNode entry = entries.addObject();
        entry.put("manager", manager);
        entry.put("operation", "Apply");
        entry.put("apiVersion", apiVersion);
        entry.put("time", now.truncatedTo(ChronoUnit.SECONDS).toString());
        entry.put("fieldsType", "FieldsV1");
        entry.set("fieldsV1", fields);
        metadata(object).set("managedFields", entries);
    }
}
