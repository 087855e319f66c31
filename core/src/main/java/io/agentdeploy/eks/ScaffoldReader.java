package io.agentdeploy.eks;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentdeploy.error.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code helm create} scaffold's keys of a values file (and the step's own Deployment
 * settings) into {@link AgentValues.Scaffold}, so that a values file written for the scaffold chart
 * drops in. Objects are kept as plain maps and lists and passed into the manifests as given.
 */
final class ScaffoldReader {

    /** Top-level keys this reader handles. */
    static final List<String> KEYS = List.of("podAnnotations", "podLabels", "imagePullSecrets", "podSecurityContext",
            "securityContext", "livenessProbe", "readinessProbe", "startupProbe", "nodeSelector", "tolerations", "affinity",
            "volumes", "volumeMounts", "probes", "revisionHistoryLimit", "progressDeadlineSeconds", "autoscaling");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    ScaffoldReader(Path file) {
        this.file = file;
    }

    AgentValues.Scaffold read(JsonNode root) {
        JsonNode serviceAccount = root.path("serviceAccount");
        JsonNode ingress = root.path("ingress");
        JsonNode autoscaling = root.path("autoscaling");
        return new AgentValues.Scaffold(
                strings(root, "podAnnotations"),
                strings(root, "podLabels"),
                pullSecrets(root.get("imagePullSecrets")),
                object(root, "podSecurityContext"),
                object(root, "securityContext"),
                object(root, "livenessProbe"),
                object(root, "readinessProbe"),
                object(root, "startupProbe"),
                strings(root, "nodeSelector"),
                list(root, "tolerations"),
                object(root, "affinity"),
                list(root, "volumes"),
                list(root, "volumeMounts"),
                strings(serviceAccount, "annotations", "serviceAccount.annotations"),
                serviceAccount.path("automount").isBoolean() ? serviceAccount.get("automount").asBoolean() : null,
                ingress.path("className").isTextual() && !ingress.get("className").asText().isBlank()
                        ? ingress.get("className").asText() : "alb",
                strings(ingress, "annotations", "ingress.annotations"),
                path(root.path("probes").path("path")),
                integer(root.get("revisionHistoryLimit"), "revisionHistoryLimit", 5, 2, 100),
                root.hasNonNull("progressDeadlineSeconds")
                        ? integer(root.get("progressDeadlineSeconds"), "progressDeadlineSeconds", 600, 5, 3600) : null,
                autoscaling(autoscaling));
    }

    /**
     * Reads {@code autoscaling.*}. minReplicas above maxReplicas is rejected whether autoscaling is
     * enabled or not, because the API server rejects such an autoscaler and the values contradict each other.
     */
    private AgentValues.Autoscaling autoscaling(JsonNode autoscaling) {
        int minReplicas = integer(autoscaling.get("minReplicas"), "autoscaling.minReplicas", 1, 1, 1000);
        int maxReplicas = integer(autoscaling.get("maxReplicas"), "autoscaling.maxReplicas", 100, 1, 1000);
        if (minReplicas > maxReplicas) {
            String maxShown = autoscaling.hasNonNull("maxReplicas") ? Integer.toString(maxReplicas)
                    : maxReplicas + " (the default)";
            throw new InvalidInputException("values file", file.toString(), "key 'autoscaling.minReplicas' is "
                    + minReplicas + ", above 'autoscaling.maxReplicas', which is " + maxShown + "; the"
                    + " HorizontalPodAutoscaler needs minReplicas at most maxReplicas.", "Lower autoscaling.minReplicas"
                    + " or raise autoscaling.maxReplicas, in the file or in its --set override.");
        }
        Integer targetCpu = autoscaling.hasNonNull("targetCPUUtilizationPercentage") ? integer(autoscaling
                .get("targetCPUUtilizationPercentage"), "autoscaling.targetCPUUtilizationPercentage", 80, 1, 100) : null;
        Integer targetMemory = autoscaling.hasNonNull("targetMemoryUtilizationPercentage") ? integer(autoscaling
                .get("targetMemoryUtilizationPercentage"), "autoscaling.targetMemoryUtilizationPercentage", 80, 1, 100)
                : null;
        return new AgentValues.Autoscaling(autoscaling.path("enabled").asBoolean(false), minReplicas, maxReplicas,
                targetCpu, targetMemory);
    }

    private String path(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return ManifestBuilder.HEALTH_PATH;
        }
        if (!node.isTextual() || !node.asText().startsWith("/")) {
            throw wrong("probes.path", "a path starting with '/', for example /health");
        }
        return node.asText();
    }

    private Map<String, String> strings(JsonNode parent, String key) {
        return strings(parent, key, key);
    }

    private Map<String, String> strings(JsonNode parent, String key, String label) {
        JsonNode node = parent.get(key);
        Map<String, String> map = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return map;
        }
        if (!node.isObject()) {
            throw wrong(label, "a map of names to values");
        }
        node.fields().forEachRemaining(field -> {
            if (!field.getValue().isValueNode()) {
                throw wrong(label + "." + field.getKey(), "a string");
            }
            map.put(field.getKey(), field.getValue().asText());
        });
        return map;
    }

    private Map<String, Object> object(JsonNode parent, String key) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw wrong(key, "a map");
        }
        return JSON.convertValue(node, new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    private List<Object> list(JsonNode parent, String key) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw wrong(key, "a list");
        }
        return JSON.convertValue(node, new TypeReference<ArrayList<Object>>() { });
    }

    private List<String> pullSecrets(JsonNode node) {
        List<String> names = new ArrayList<>();
        if (node == null || node.isNull()) {
            return names;
        }
        if (!node.isArray()) {
            throw wrong("imagePullSecrets", "a list of {name: secret} entries");
        }
        for (JsonNode item : node) {
            String name = item.isTextual() ? item.asText() : item.path("name").asText("");
            if (name.isBlank()) {
                throw wrong("imagePullSecrets", "a list of {name: secret} entries");
            }
            names.add(name);
        }
        return names;
    }

    private int integer(JsonNode node, String key, int fallback, int min, int max) {
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.canConvertToInt() && !(node.isTextual() && node.asText().matches("\\d{1,9}"))) {
            throw wrong(key, "an integer from " + min + " to " + max);
        }
        int value = node.isTextual() ? Integer.parseInt(node.asText()) : node.asInt();
        if (value < min || value > max) {
            throw new InvalidInputException("values file", file.toString(), "key '" + key + "' must be an integer from "
                    + min + " to " + max + ", but it is " + value + ".", "Fix the key in the file or in its --set override.");
        }
        return value;
    }

    private InvalidInputException wrong(String key, String expected) {
        return new InvalidInputException("values file", file.toString(), "key '" + key + "' must be " + expected + ".",
                "Fix the key in the file or in its --set override.");
    }
}
