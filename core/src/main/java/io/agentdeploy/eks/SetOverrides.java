package io.agentdeploy.eks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentdeploy.error.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies {@code --set KEY=VALUE} overrides to a values tree with Helm's rules: dots separate map
 * keys ({@code \.} is a literal dot, as in {@code eks\.amazonaws\.com/role-arn}), {@code [N]}
 * indexes a list ({@code env[0].value}), and the value becomes a boolean for {@code true}/{@code false},
 * an integer for digits, null for {@code null}, and a string otherwise.
 */
final class SetOverrides {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern SEGMENT = Pattern.compile("([^\\[\\]]*)((?:\\[\\d+])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");
    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9]\\d{0,17})");
    /** Lists grow to at most this size through an index, so a typo cannot allocate a huge list. */
    private static final int MAX_INDEX = 1000;

    private SetOverrides() {
    }

    /** Applies every override to {@code root} in map order. */
    static void apply(ObjectNode root, Map<String, String> overrides) {
        overrides.forEach((key, value) -> apply(root, key, value));
    }

    private static void apply(ObjectNode root, String key, String value) {
        List<Object> path = parse(key);
        JsonNode parent = root;
        for (int i = 0; i < path.size() - 1; i++) {
            parent = child(parent, path.get(i), path.get(i + 1) instanceof Integer, key);
        }
        set(parent, path.get(path.size() - 1), typed(value), key);
    }

    /** Splits a key into map keys (String) and list indexes (Integer). */
    static List<Object> parse(String key) {
        if (key == null || key.isBlank()) {
            throw invalid(key, "the key is empty.");
        }
        List<Object> path = new ArrayList<>();
        for (String part : splitOnUnescapedDots(key)) {
            Matcher matcher = SEGMENT.matcher(part);
            if (!matcher.matches() || matcher.group(1).isEmpty()) {
                throw invalid(key, "each dot-separated part needs a name, optionally followed by [N] list indexes.");
            }
            path.add(matcher.group(1));
            Matcher index = INDEX.matcher(matcher.group(2));
            while (index.find()) {
                int position = Integer.parseInt(index.group(1));
                if (position > MAX_INDEX) {
                    throw invalid(key, "list indexes go up to " + MAX_INDEX + ".");
                }
                path.add(position);
            }
        }
        return path;
    }

    private static List<String> splitOnUnescapedDots(String key) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '\\' && i + 1 < key.length() && key.charAt(i + 1) == '.') {
                current.append('.');
                i++;
            } else if (c == '.') {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static JsonNode child(JsonNode parent, Object step, boolean nextIsIndex, String key) {
        JsonNode existing = get(parent, step);
        if (existing != null && (nextIsIndex ? existing.isArray() : existing.isObject())) {
            return existing;
        }
        JsonNode created = nextIsIndex ? NODES.arrayNode() : NODES.objectNode();
        set(parent, step, created, key);
        return created;
    }

    private static JsonNode get(JsonNode parent, Object step) {
        return step instanceof Integer index ? parent.get(index) : parent.get((String) step);
    }

    private static void set(JsonNode parent, Object step, JsonNode value, String key) {
        if (step instanceof Integer index) {
            if (!parent.isArray()) {
                throw invalid(key, "an index [" + index + "] needs a list.");
            }
            ArrayNode list = (ArrayNode) parent;
            while (list.size() <= index) {
                list.addNull();
            }
            list.set(index, value);
        } else {
            if (!parent.isObject()) {
                throw invalid(key, "'" + step + "' needs a map.");
            }
            ((ObjectNode) parent).set((String) step, value);
        }
    }

    private static JsonNode typed(String value) {
        if (value == null || value.equals("null")) {
            return NODES.nullNode();
        }
        if (value.equals("true") || value.equals("false")) {
            return NODES.booleanNode(Boolean.parseBoolean(value));
        }
        if (INTEGER.matcher(value).matches()) {
            return NODES.numberNode(Long.parseLong(value));
        }
        return NODES.textNode(value);
    }

    private static InvalidInputException invalid(String key, String problem) {
        return new InvalidInputException("set override", key, problem,
                "Write keys as in Helm's --set, for example service.port=8080 or env[0].value=x.");
    }
}
