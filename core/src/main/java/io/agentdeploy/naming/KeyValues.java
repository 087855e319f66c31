package io.agentdeploy.naming;

import io.agentdeploy.error.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code NAME=VALUE} entries, the form in which Jenkins steps take build arguments, labels,
 * environment variables, tags and values overrides. The name is everything before the first
 * {@code =}, trimmed, and the value everything after it, as written.
 */
public final class KeyValues {

    private KeyValues() {
    }

    /**
     * Parses the entries into a map in their order; a later entry with the same name wins.
     *
     * @param parameter the parameter the entries belong to, for messages
     * @param entries the entries, or {@code null} for none
     * @throws InvalidInputException when an entry has no {@code =} or no name before it; the message
     *     shows the name only, because the value may be secret
     */
    public static Map<String, String> parse(String parameter, List<String> entries) {
        Map<String, String> map = new LinkedHashMap<>();
        if (entries == null) {
            return map;
        }
        for (String entry : entries) {
            int separator = entry == null ? -1 : entry.indexOf('=');
            String name = separator < 0 ? null : entry.substring(0, separator).trim();
            if (name == null || name.isEmpty()) {
                throw new InvalidInputException(parameter, null, "each entry is written NAME=VALUE, with a name"
                        + " before the first '='.", "Write one NAME=VALUE entry per list element.");
            }
            map.put(name, entry.substring(separator + 1));
        }
        return map;
    }
}
