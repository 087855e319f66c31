package io.agentdeploy.jenkins;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies result values into {@link LinkedHashMap}, {@link ArrayList}, String, Number and Boolean only:
 * types the agent channel's class filter, the Pipeline program state and the script sandbox all accept.
 * Anything else becomes its string form.
 */
public final class PlainValues {

    private PlainValues() {
    }

    public static Map<String, Object> copyMap(Map<String, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<String, ?> entry : map.entrySet()) {
            copy.put(entry.getKey(), copy(entry.getValue()));
        }
        return copy;
    }

    @SuppressWarnings("unchecked")
    public static Object copy(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Double) {
            return value;
        }
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                copy.put(String.valueOf(entry.getKey()), copy(entry.getValue()));
            }
            return copy;
        }
        if (value instanceof Collection<?> collection) {
            List<Object> copy = new ArrayList<>();
            for (Object element : collection) {
                copy.add(copy(element));
            }
            return copy;
        }
        return value.toString();
    }
}
