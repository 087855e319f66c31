package io.agentdeploy.jenkins.remote;

import io.agentdeploy.error.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;

/** Reads drop-down and script values as the engine's enums. */
final class Choices {

    private Choices() {
    }

    /**
     * Returns the constant named by {@code value} (case-insensitive), or {@code null} for none.
     *
     * @throws InvalidInputException naming the parameter and the allowed values
     */
    static <E extends Enum<E>> E parse(String parameter, Class<E> type, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(parameter, value, "the allowed values are "
                    + String.join(", ", Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()) + ".",
                    "Use one of them.");
        }
    }

    /** The first of the two values that is set. */
    static <T> T firstSet(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
