package io.agentdeploy.agentcore;

import io.agentdeploy.error.InvalidInputException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The AgentCore settings of a team's Terraform variables file
 * ({@code infrastructure/stacks/agentcore-runtime/<agent>.tfvars}), read with the hcl4j HCL
 * parser after {@link TfvarsParser} checked the file strictly. Explicit request parameters override them; see
 * {@link AgentCoreDeployRequest.Builder#settingsFile}.
 *
 * <p>Keys read: {@code agent_name}, {@code agent_description}, {@code environment_variables},
 * {@code network_mode}, {@code image_tag} and {@code authorizer_configuration} (as the teams write
 * them), and also {@code subnets}, {@code security_groups}, {@code protocol},
 * {@code idle_runtime_session_timeout}, {@code max_lifetime} (or both inside
 * {@code lifecycle_configuration}), {@code request_header_allowlist} and {@code tags}. Other keys
 * are not read; {@link #ignoredKeys} lists them so that the deployment can warn about them. Every
 * field is {@code null} or empty when the file does not set it or sets it to {@code null}.
 *
 * @param file the file read
 * @param agentName the runtime name ({@code agent_name})
 * @param description the runtime description
 * @param environment plain-text environment variables
 * @param networkMode PUBLIC or VPC
 * @param subnets VPC subnet ids
 * @param securityGroups VPC security group ids
 * @param imageTag the tag to deploy when the image reference has none
 * @param protocol HTTP, MCP or A2A
 * @param jwtAuthorizer the custom JWT authorizer
 * @param idleSessionTimeout the idle runtime session timeout
 * @param maxLifetime the maximum session lifetime
 * @param requestHeaders the request header allow-list
 * @param tags the runtime's tags
 * @param ignoredKeys keys of the file that this layer does not read
 */
public record TfvarsSettings(
        Path file,
        String agentName,
        String description,
        Map<String, String> environment,
        String networkMode,
        List<String> subnets,
        List<String> securityGroups,
        String imageTag,
        String protocol,
        JwtAuthorizer jwtAuthorizer,
        Duration idleSessionTimeout,
        Duration maxLifetime,
        List<String> requestHeaders,
        Map<String, String> tags,
        Set<String> ignoredKeys) {

    private static final Set<String> KNOWN = Set.of("agent_name", "agent_description", "environment_variables",
            "network_mode", "image_tag", "authorizer_configuration", "subnets", "security_groups", "protocol",
            "idle_runtime_session_timeout", "max_lifetime", "lifecycle_configuration", "request_header_allowlist",
            "tags");

    public TfvarsSettings {
        environment = environment == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        subnets = subnets == null ? List.of() : List.copyOf(subnets);
        securityGroups = securityGroups == null ? List.of() : List.copyOf(securityGroups);
        requestHeaders = requestHeaders == null ? List.of() : List.copyOf(requestHeaders);
        tags = tags == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        ignoredKeys = ignoredKeys == null ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(ignoredKeys));
    }

    /**
     * Reads a tfvars file.
     *
     * @throws InvalidInputException when the file is missing or unreadable, is not a valid variables
     *     file (the message names the line and column), or a key has the wrong type
     */
    public static TfvarsSettings read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("tfvars", file.toString(), "the file does not exist.",
                    "Pass the path of the agent's .tfvars file, for example"
                            + " infrastructure/stacks/agentcore-runtime/<agent>.tfvars.");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("tfvars", file.toString(), "the file is not UTF-8 text.",
                    "Pass the agent's .tfvars file, saved as UTF-8.");
        } catch (IOException e) {
            throw new InvalidInputException("tfvars", file.toString(), "the file could not be read: "
                    + e.getMessage(), "Check the file's permissions.");
        }
        TfvarsParser.Parsed checked = TfvarsParser.parse(file, text);
        Map<String, Object> values = HclValues.read(file, text, checked);
        return fromValues(file, new TfvarsParser.Parsed(values, checked.lines()));
    }

    static TfvarsSettings fromValues(Path file, TfvarsParser.Parsed parsed) {
        Map<String, Object> values = parsed.values();
        Values reader = new Values(file, values, parsed.lines());
        Map<String, Object> lifecycle = reader.map("lifecycle_configuration");
        Set<String> ignored = new TreeSet<>(values.keySet());
        ignored.removeAll(KNOWN);
        return new TfvarsSettings(file,
                reader.string("agent_name"),
                reader.string("agent_description"),
                reader.stringMap("environment_variables"),
                reader.choice("network_mode", AgentCoreDeployRequest.NetworkMode.class),
                reader.stringList("subnets"),
                reader.stringList("security_groups"),
                reader.string("image_tag"),
                reader.choice("protocol", AgentCoreDeployRequest.Protocol.class),
                reader.authorizer("authorizer_configuration"),
                reader.seconds("idle_runtime_session_timeout", lifecycle),
                reader.seconds("max_lifetime", lifecycle),
                reader.stringList("request_header_allowlist"),
                reader.stringMap("tags"),
                ignored);
    }

    /**
     * Returns the key this layer reads that {@code key} is most likely a misspelling of: at most two
     * letters added, removed or changed. Returns {@code null} when none is that close.
     */
    static String suggestion(String key) {
        String best = null;
        int bestDistance = 3;
        for (String known : new TreeSet<>(KNOWN)) {
            int distance = editDistance(key, known);
            if (distance < bestDistance) {
                best = known;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** Returns the Levenshtein distance, written out because no dependency of this module offers it. */
    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** Typed access to the parsed values, failing with the file, the key's line, the key and the expected type. */
    private record Values(Path file, Map<String, Object> values, Map<String, Integer> lines) {

        /** Reads an enumeration's constant name, in any case, and returns it in upper case. */
        <E extends Enum<E>> String choice(String key, Class<E> type) {
            String value = string(key);
            if (value == null) {
                return null;
            }
            String upper = value.toUpperCase(Locale.ROOT);
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equals(upper)) {
                    return upper;
                }
            }
            throw problem(key, "'" + key + "' is '" + value + "'; allowed are "
                    + Arrays.toString(type.getEnumConstants()) + ".");
        }

        String string(String key) {
            Object value = values.get(key);
            if (value == null || value instanceof String) {
                return (String) value;
            }
            throw wrongType(key, value, "a string");
        }

        Map<String, Object> map(String key) {
            Object value = values.get(key);
            if (value == null) {
                return Map.of();
            }
            if (!(value instanceof Map<?, ?> map)) {
                throw wrongType(key, value, "a map");
            }
            Map<String, Object> result = new LinkedHashMap<>();
            map.forEach((name, item) -> result.put(String.valueOf(name), item));
            return result;
        }

        Map<String, String> stringMap(String key) {
            Map<String, String> result = new LinkedHashMap<>();
            map(key).forEach((name, item) -> {
                if (!(item instanceof String) && !(item instanceof Number) && !(item instanceof Boolean)) {
                    throw wrongType(key + "." + name, item, "a string");
                }
                result.put(name, scalar(item));
            });
            return result;
        }

        List<String> stringList(String key) {
            return list(key, values.get(key));
        }

        List<String> list(String key, Object value) {
            if (value == null) {
                return List.of();
            }
            if (!(value instanceof List<?> list)) {
                throw wrongType(key, value, "a list of strings");
            }
            List<String> result = new ArrayList<>();
            for (Object item : list) {
                if (!(item instanceof String)) {
                    throw wrongType(key, value, "a list of strings");
                }
                result.add((String) item);
            }
            return result;
        }

        Duration seconds(String key, Map<String, Object> lifecycle) {
            Object value = values.containsKey(key) ? values.get(key) : lifecycle.get(key);
            if (value == null) {
                return null;
            }
            if (!(value instanceof BigDecimal number) || number.stripTrailingZeros().scale() > 0) {
                throw wrongType(key, value, "a whole number of seconds");
            }
            try {
                return Duration.ofSeconds(number.longValueExact());
            } catch (ArithmeticException e) {
                throw wrongType(key, value, "a whole number of seconds from " + RequestRules.MIN_LIFETIME.toSeconds()
                        + " to " + RequestRules.MAX_LIFETIME.toSeconds());
            }
        }

        /**
         * Reads the authorizer in either shape the teams' modules use: the JWT fields directly, or
         * nested in {@code custom_jwt_authorizer} as in the Terraform provider's block.
         */
        JwtAuthorizer authorizer(String key) {
            Map<String, Object> outer = map(key);
            if (outer.isEmpty()) {
                return null;
            }
            Object nested = outer.get("custom_jwt_authorizer");
            Map<String, Object> fields = outer;
            if (nested != null) {
                if (!(nested instanceof Map<?, ?>)) {
                    throw wrongType(key + ".custom_jwt_authorizer", nested, "a map");
                }
                Map<String, Object> wrapped = new LinkedHashMap<>();
                wrapped.put(key, nested);
                fields = new Values(file, wrapped, lines).map(key);
            }
            Object url = fields.get("discovery_url");
            if (!(url instanceof String)) {
                throw wrongType(key + ".discovery_url", url, "a string");
            }
            Object audiences = fields.containsKey("allowed_audience") ? fields.get("allowed_audience")
                    : fields.get("allowed_audiences");
            return new JwtAuthorizer((String) url, list(key + ".allowed_audience", audiences),
                    list(key + ".allowed_clients", fields.get("allowed_clients")));
        }

        private InvalidInputException wrongType(String key, Object value, String expected) {
            String found = value == null ? "not set" : value instanceof Map ? "a map" : value instanceof List ? "a list"
                    : value instanceof String ? "a string" : value instanceof Number ? "a number" : "a boolean";
            return problem(key, "'" + key + "' must be " + expected + " but is " + found + ".");
        }

        /** Names the line of the key's top-level attribute, when known. */
        private InvalidInputException problem(String key, String sentence) {
            Integer line = lines.get(key.contains(".") ? key.substring(0, key.indexOf('.')) : key);
            return new InvalidInputException("tfvars", file.toString(), (line == null ? "" : "line " + line + ": ")
                    + sentence, "Fix the value in the file.");
        }

        /** Turns a number or boolean into text as Terraform converts it for a map of strings. */
        private static String scalar(Object value) {
            if (value instanceof BigDecimal number) {
                return number.stripTrailingZeros().toPlainString();
            }
            return String.valueOf(value);
        }
    }
}
