package io.agentdeploy.jenkins;

import hudson.Util;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;

/**
 * Binds list parameters. In Pipeline scripts they are Groovy lists; in the Snippet Generator form
 * they are text areas with one entry per line, turned into JSON arrays before data binding.
 */
public final class Lines {

    private Lines() {
    }

    /** Replaces each named text field of a submitted form by the array of its non-blank lines. */
    public static void toArrays(JSONObject formData, Collection<String> fields) {
        for (String field : fields) {
            if (!formData.has(field) || formData.get(field) instanceof JSONArray) {
                continue;
            }
            List<String> lines = split(formData.optString(field, ""));
            if (lines.isEmpty()) {
                formData.remove(field);
            } else {
                formData.put(field, JSONArray.fromObject(lines));
            }
        }
    }

    /** Splits text into trimmed, non-blank lines. */
    public static List<String> split(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\\r?\\n")) {
            String trimmed = Util.fixEmptyAndTrim(line);
            if (trimmed != null) {
                lines.add(trimmed);
            }
        }
        return lines;
    }

    /** Joins a list for a text area; {@code null} gives an empty text. */
    public static String join(List<String> lines) {
        return lines == null ? "" : String.join("\n", lines);
    }

    /** Copies a list, dropping blank entries; an empty result is {@code null} ("not set"). */
    public static List<String> clean(List<String> values) {
        if (values == null) {
            return null;
        }
        List<String> cleaned = new ArrayList<>();
        for (String value : values) {
            String trimmed = Util.fixEmptyAndTrim(value);
            if (trimmed != null) {
                cleaned.add(trimmed);
            }
        }
        return cleaned.isEmpty() ? null : cleaned;
    }
}
