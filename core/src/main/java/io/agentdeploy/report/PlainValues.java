package io.agentdeploy.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deep copies of result values into the few types that every store of a record accepts: String,
 * Boolean, Integer, Long, Double, {@link ArrayList} and {@link LinkedHashMap}. The JDK's immutable
 * collections ({@code List.of}, {@code Collections.unmodifiableMap}) are not among them, because
 * Jenkins refuses to write JDK classes outside its allow-list into build records and Pipeline
 * program state. Other numbers become Long, and any other object its string form.
 */
public final class PlainValues {

    private PlainValues() {
    }

    /** Copies a map with string keys; {@code null} gives an empty map. */
    public static Map<String, Object> copyMap(Map<String, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        if (map != null) {
            map.forEach((key, value) -> copy.put(key, copy(value)));
        }
        return copy;
    }

    /** Copies one value; maps get string keys and collections become lists. */
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
            map.forEach((key, element) -> copy.put(String.valueOf(key), copy(element)));
            return copy;
        }
        if (value instanceof Collection<?> collection) {
            List<Object> copy = new ArrayList<>();
            collection.forEach(element -> copy.add(copy(element)));
            return copy;
        }
        return value.toString();
    }
}
