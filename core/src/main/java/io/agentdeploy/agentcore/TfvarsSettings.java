package io.agentdeploy.agentcore;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.bertramlabs.plugins.hcl4j.HCLParserException;
import io.agentdeploy.error.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The AgentCore settings of a team's Terraform variables file
 * ({@code infrastructure/stacks/agentcore-runtime/<agent>.tfvars}), read with the hcl4j HCL parser.
 * Explicit request parameters override them; see {@link AgentCoreDeployRequest.Builder#settingsFile}.
 *
 * <p>Keys read: {@code agent_name}, {@code agent_description}, {@code environment_variables},
 * {@code network_mode}, {@code image_tag} and {@code authorizer_configuration} (as the teams write
 * them), and also {@code subnets}, {@code security_groups}, {@code protocol},
 * {@code idle_runtime_session_timeout}, {@code max_lifetime} (or both inside
 * {@code lifecycle_configuration}), {@code request_header_allowlist} and {@code tags}. Other keys
 * belong to the rest of the Terraform stack and are ignored. Every field is {@code null} or empty
 * when the file does not set it.
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
     * @throws InvalidInputException when the file is missing or unreadable, is not HCL, or a key has the wrong type
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
        } catch (IOException e) {
            throw new InvalidInputException("tfvars", file.toString(), "the file could not be read: "
                    + e.getMessage(), "Check the file's permissions.");
        }
        // hcl4j drops what it cannot read without an error, so the structure is checked first.
        HclStructure.check(file, text);
        Map<String, Object> values;
        try {
            values = new HCLParser().parse(new java.io.StringReader(text));
        } catch (HCLParserException | IOException | RuntimeException e) {
            // hcl4j reports lexer errors as RuntimeExceptions that wrap HCLParserException.
            Throwable cause = e.getCause() instanceof HCLParserException ? e.getCause() : e;
            throw new InvalidInputException("tfvars", file.toString(), "the file is not valid HCL: "
                    + cause.getMessage().strip(), "Fix the syntax; `terraform fmt` shows where it breaks.");
        }
        return fromValues(file, values);
    }

    static TfvarsSettings fromValues(Path file, Map<String, Object> values) {
        Values reader = new Values(file, values);
        Map<String, Object> lifecycle = reader.map("lifecycle_configuration");
        Set<String> ignored = new TreeSet<>(values.keySet());
        ignored.removeAll(KNOWN);
        return new TfvarsSettings(file,
                reader.string("agent_name"),
                reader.string("agent_description"),
                reader.stringMap("environment_variables"),
                upper(reader.string("network_mode")),
                reader.stringList("subnets"),
                reader.stringList("security_groups"),
                reader.string("image_tag"),
                upper(reader.string("protocol")),
                reader.authorizer("authorizer_configuration"),
                reader.seconds("idle_runtime_session_timeout", lifecycle),
                reader.seconds("max_lifetime", lifecycle),
                reader.stringList("request_header_allowlist"),
                reader.stringMap("tags"),
                ignored);
    }

    private static String upper(String value) {
        return value == null ? null : value.toUpperCase(Locale.ROOT);
    }

    /** Typed access to the parsed values, failing with the file, the key and the expected type. */
    private record Values(Path file, Map<String, Object> values) {

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
            if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
                throw wrongType(key, value, "a whole number of seconds");
            }
            return Duration.ofSeconds(number.longValue());
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
                fields = new Values(file, Map.of("jwt", nested)).map("jwt");
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
            String found = value == null ? "nothing" : value instanceof Map ? "a map" : value instanceof List ? "a list"
                    : value instanceof String ? "a string" : value instanceof Number ? "a number"
                    : value instanceof Boolean ? "a boolean" : "an expression";
            return new InvalidInputException("tfvars", file.toString(), "'" + key + "' must be " + expected
                    + " but is " + found + ".", "Fix the value in the file.");
        }

        private static String scalar(Object value) {
            if (value instanceof Double number && number == Math.rint(number) && !Double.isInfinite(number)) {
                return String.valueOf(number.longValue());
            }
            return String.valueOf(value);
        }
    }
}
