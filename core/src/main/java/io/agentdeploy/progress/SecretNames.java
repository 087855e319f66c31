package io.agentdeploy.progress;

import java.util.Locale;
import java.util.Set;

/**
 * The rule for names (environment variables, build arguments, configuration keys) whose values are
 * likely secrets, shared by every layer so they warn about the same names.
 */
public final class SecretNames {

    /** Name parts that mark a secret, compared whole so that names such as MONKEY_URL do not match. */
    private static final Set<String> SECRET_PARTS = Set.of("KEY", "KEYS", "APIKEY", "SECRET", "SECRETS", "TOKEN",
            "TOKENS", "PASSWORD", "PASSWORDS", "PASSWD", "CREDENTIAL", "CREDENTIALS");

    private SecretNames() {
    }

    /**
     * Returns true when a part of the name, split at non-alphanumeric characters and camelCase boundaries, is
     * KEY, SECRET, TOKEN, PASSWORD or CREDENTIAL (or a plural, APIKEY or PASSWD).
     */
    public static boolean looksSecret(String name) {
        String spaced = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2");
        for (String part : spaced.split("[^A-Za-z0-9]+")) {
            if (SECRET_PARTS.contains(part.toUpperCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
