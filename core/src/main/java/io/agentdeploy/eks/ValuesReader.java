package io.agentdeploy.eks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.agentdeploy.error.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an agent's Helm values file into {@link AgentValues}: applies {@code --set} overrides,
 * checks each known key's type, fills in defaults and lists keys it does not know. Malformed YAML
 * and wrong types are {@link InvalidInputException}s that name the file, the key and the expected type.
 */
public final class ValuesReader {

    /** The result of a read: the typed values and the dotted paths of keys that were ignored. */
    public record Result(AgentValues values, List<String> unknownKeys) {

        public Result {
            unknownKeys = List.copyOf(unknownKeys);
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Resource quantities as the API server accepts them, for example {@code 100m}, {@code 0.5}, {@code 256Mi}, {@code 1e3}. */
    private static final Pattern QUANTITY = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+|[numkMGTPE]|[KMGTPE]i)?");
    /** ConfigMap keys: letters, digits, '-', '_' and '.'. */
    private static final Pattern CONFIG_MAP_KEY = Pattern.compile("[-._a-zA-Z0-9]{1,253}");
    /** Names a container accepts for environment variables (the C identifier rule, which every runtime honours). */
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Path file;
    private final List<String> unknownKeys = new ArrayList<>();

    private ValuesReader(Path file) {
        this.file = file;
    }

    /**
     * Reads the file and applies the overrides.
     *
     * @throws InvalidInputException when the file is missing, is not YAML, or a key has the wrong type
     */
    public static Result read(Path file, Map<String, String> overrides) {
        ValuesReader reader = new ValuesReader(file);
        ObjectNode root = reader.parse();
        SetOverrides.apply(root, overrides);
        AgentValues values = reader.values(root);
        return new Result(values, reader.unknownKeys);
    }

    private ObjectNode parse() {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("values file", file.toString(), "the file does not exist.",
                    "Pass the path of the agent's values file, or create it at the conventional path.");
        } catch (IOException e) {
            throw new InvalidInputException("values file", file.toString(), "the file could not be read: " + e.getMessage(),
                    "Check the path and its permissions.");
        }
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new InvalidInputException("values file", file.toString(), "it is not valid YAML" + where + ": "
                    + e.getOriginalMessage(), "Fix the YAML syntax.");
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!root.isObject()) {
            throw wrongType("(top level)", root, "a map of keys to values");
        }
        return (ObjectNode) root;
    }

    private AgentValues values(ObjectNode root) {
        Set<String> known = new java.util.HashSet<>(Set.of("namespace", "replicaCount", "image", "nameOverride",
                "fullnameOverride", "service", "env", "resources", "ingress", "serviceAccount", "irsaConfigKey", "agentSecret",
                "configDefaults"));
        known.addAll(ScaffoldReader.KEYS);
        collectUnknown(root, "", known);
        JsonNode image = map(root, "image");
        JsonNode service = map(root, "service");
        JsonNode ingress = map(root, "ingress");
        JsonNode serviceAccount = map(root, "serviceAccount");
        JsonNode agentSecret = map(root, "agentSecret");
        JsonNode resources = map(root, "resources");
        collectUnknown(image, "image.", Set.of("repository", "tag", "pullPolicy"));
        collectUnknown(service, "service.", Set.of("type", "port", "targetPort"));
        collectUnknown(ingress, "ingress.", Set.of("enabled", "path", "className", "annotations"));
        collectUnknown(serviceAccount, "serviceAccount.", Set.of("name", "create", "irsaConfigKey", "annotations", "automount"));
        collectUnknown(agentSecret, "agentSecret.", Set.of("arn", "configKey"));
        collectUnknown(resources, "resources.", Set.of("requests", "limits"));

        String ingressPath = string(ingress, "ingress.path", null);
        if (ingressPath != null && !ingressPath.startsWith("/")) {
            throw invalid("ingress.path", ingressPath, "a path starting with '/', for example /agentic-chat");
        }
        return new AgentValues(
                string(root, "namespace", null),
                integer(root, "replicaCount", 1, 0, 1000),
                new AgentValues.Image(string(image, "image.repository", null), string(image, "image.tag", null),
                        oneOf(image, "image.pullPolicy", "IfNotPresent", "Always", "IfNotPresent", "Never")),
                string(root, "nameOverride", null),
                string(root, "fullnameOverride", null),
                new AgentValues.Service(oneOf(service, "service.type", "ClusterIP", "ClusterIP", "NodePort", "LoadBalancer"),
                        integer(service, "service.port", 80, 1, 65535),
                        integer(service, "service.targetPort", 8080, 1, 65535)),
                env(root.get("env")),
                new AgentValues.Resources(quantities(resources, "resources.requests"),
                        quantities(resources, "resources.limits")),
                new AgentValues.Ingress(bool(ingress, "ingress.enabled", false), ingressPath),
                new AgentValues.ServiceAccount(string(serviceAccount, "serviceAccount.name", null),
                        bool(serviceAccount, "serviceAccount.create", true),
                        string(serviceAccount, "serviceAccount.irsaConfigKey", null)),
                string(root, "irsaConfigKey", null),
                new AgentValues.AgentSecret(string(agentSecret, "agentSecret.arn", null),
                        string(agentSecret, "agentSecret.configKey", null)),
                configDefaults(root.get("configDefaults")),
                new ScaffoldReader(file).read(root));
    }

    private List<AgentValues.EnvVar> env(JsonNode node) {
        List<AgentValues.EnvVar> env = new ArrayList<>();
        if (node == null || node.isNull()) {
            return env;
        }
        if (node.isObject()) {
            // The map form (NAME: value) is friendlier for --set env.NAME=value.
            node.fields().forEachRemaining(field -> env.add(envVar("env." + field.getKey(), field.getKey(),
                    scalar(field.getValue(), "env." + field.getKey()))));
            return env;
        }
        if (!node.isArray()) {
            throw wrongType("env", node, "a list of name/value entries");
        }
        for (int i = 0; i < node.size(); i++) {
            String key = "env[" + i + "]";
            JsonNode item = node.get(i);
            if (item == null || !item.isObject()) {
                throw wrongType(key, item, "a map with 'name' and 'value'");
            }
            collectUnknown(item, key + ".", Set.of("name", "value"));
            String name = string(item, key + ".name", null);
            if (name == null) {
                throw invalid(key + ".name", null, "the variable's name");
            }
            env.add(envVar(key + ".name", name, string(item, key + ".value", "")));
        }
        return env;
    }

    private AgentValues.EnvVar envVar(String key, String name, String value) {
        if (!ENV_NAME.matcher(name).matches()) {
            throw invalid(key, name, "an environment variable name: a letter or '_' first, then letters, digits and '_'");
        }
        return new AgentValues.EnvVar(name, value);
    }

    private Map<String, String> configDefaults(JsonNode node) {
        Map<String, String> data = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return data;
        }
        if (!node.isObject()) {
            throw wrongType("configDefaults", node, "a map of names to values");
        }
        node.fields().forEachRemaining(field -> {
            String key = "configDefaults." + field.getKey();
            if (!CONFIG_MAP_KEY.matcher(field.getKey()).matches()) {
                throw invalid(key, field.getKey(), "a ConfigMap key: letters, digits, '-', '_' and '.'");
            }
            data.put(field.getKey(), scalar(field.getValue(), key));
        });
        return data;
    }

    private Map<String, String> quantities(JsonNode resources, String key) {
        JsonNode node = resources.get(key.substring(key.indexOf('.') + 1));
        Map<String, String> quantities = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return quantities;
        }
        if (!node.isObject()) {
            throw wrongType(key, node, "a map of resource names to quantities");
        }
        node.fields().forEachRemaining(field -> {
            String fieldKey = key + "." + field.getKey();
            String quantity = scalar(field.getValue(), fieldKey);
            if (!QUANTITY.matcher(quantity).matches()) {
                throw invalid(fieldKey, quantity, "a Kubernetes quantity such as 100m, 0.5, 256Mi or 1Gi");
            }
            quantities.put(field.getKey(), quantity);
        });
        return quantities;
    }

    /** Returns the map at {@code key} of {@code parent}, or an empty map when it is missing or null. */
    private JsonNode map(JsonNode parent, String key) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!node.isObject()) {
            throw wrongType(key, node, "a map");
        }
        return node;
    }

    private String string(JsonNode parent, String key, String fallback) {
        JsonNode node = parent.get(lastPart(key));
        if (node == null || node.isNull()) {
            return fallback;
        }
        String value = scalar(node, key);
        return value.isEmpty() ? fallback : value;
    }

    /** Returns a scalar as text: numbers and booleans are accepted where a string is expected, as Helm templates do. */
    private String scalar(JsonNode node, String key) {
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isValueNode()) {
            throw wrongType(key, node, "a string");
        }
        return node.asText();
    }

    private int integer(JsonNode parent, String key, int fallback, int min, int max) {
        JsonNode node = parent.get(lastPart(key));
        if (node == null || node.isNull()) {
            return fallback;
        }
        long value;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            value = node.asLong();
        } else if (node.isTextual() && node.asText().matches("-?\\d{1,9}")) {
            value = Long.parseLong(node.asText());
        } else {
            throw wrongType(key, node, "an integer from " + min + " to " + max);
        }
        if (value < min || value > max) {
            throw invalid(key, Long.toString(value), "an integer from " + min + " to " + max);
        }
        return (int) value;
    }

    private boolean bool(JsonNode parent, String key, boolean fallback) {
        JsonNode node = parent.get(lastPart(key));
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isTextual() && (node.asText().equals("true") || node.asText().equals("false"))) {
            return Boolean.parseBoolean(node.asText());
        }
        throw wrongType(key, node, "true or false");
    }

    private String oneOf(JsonNode parent, String key, String fallback, String... allowed) {
        String value = string(parent, key, fallback);
        for (String candidate : allowed) {
            if (candidate.equals(value)) {
                return value;
            }
        }
        throw invalid(key, value, "one of " + String.join(", ", allowed));
    }

    private void collectUnknown(JsonNode node, String prefix, Set<String> known) {
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                unknownKeys.add(prefix + name);
            }
        });
    }

    private static String lastPart(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    private InvalidInputException wrongType(String key, JsonNode found, String expected) {
        return new InvalidInputException("values file", file.toString(), "key '" + key + "' must be " + expected
                + ", but it is " + describe(found) + ".", "Fix the key in the file or in its --set override.");
    }

    private InvalidInputException invalid(String key, String value, String expected) {
        String found = value == null ? "missing" : "'" + value + "'";
        return new InvalidInputException("values file", file.toString(), "key '" + key + "' must be " + expected
                + ", but it is " + found + ".", "Fix the key in the file or in its --set override.");
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isNull()) {
            return "empty";
        }
        if (node.isObject()) {
            return "a map";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isBoolean()) {
            return "the boolean " + node.asText();
        }
        if (node.isNumber()) {
            return "the number " + node.asText();
        }
        return "the string '" + node.asText() + "'";
    }
}
