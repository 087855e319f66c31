package io.agentdeploy.testkit.agentcore;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The field rules of the bedrock-agentcore-control API (model 2023-06-05 as in SDK 2.40.2) that the
 * double enforces, each failing with the service's ValidationException.
 */
final class AgentCoreRules {

    static final String NAME_PATTERN = "[a-zA-Z][a-zA-Z0-9_]{0,47}";
    static final String ID_PATTERN = "[a-zA-Z][a-zA-Z0-9_]{0,99}-[a-zA-Z0-9]{10}";
    static final String ROLE_ARN_PATTERN = "arn:aws(-[^:]+)?:iam::([0-9]{12})?:role/.+";
    static final String CONTAINER_URI_PATTERN = "([0-9]{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com/"
            + "((?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*)(?::([^:@]{1,300}))?(?:@(.+))?";
    static final String CLIENT_TOKEN_PATTERN = "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,256}";
    static final String VERSION_PATTERN = "([1-9][0-9]{0,4})";
    static final String SUBNET_PATTERN = "subnet-[0-9a-zA-Z]{8,17}";
    static final String SECURITY_GROUP_PATTERN = "sg-[0-9a-zA-Z]{8,17}";
    static final String HEADER_PATTERN = "(Authorization|X-Amzn-Bedrock-AgentCore-Runtime-Custom-[a-zA-Z0-9-]+)";
    static final String DISCOVERY_URL_PATTERN = ".+/\\.well-known/openid-configuration";

    private static final Pattern NAME = Pattern.compile(NAME_PATTERN);
    private static final Pattern ID = Pattern.compile(ID_PATTERN);
    private static final Pattern ROLE_ARN = Pattern.compile(ROLE_ARN_PATTERN);
    private static final Pattern CONTAINER_URI = Pattern.compile(CONTAINER_URI_PATTERN);
    private static final Pattern CLIENT_TOKEN = Pattern.compile(CLIENT_TOKEN_PATTERN);
    private static final Pattern VERSION = Pattern.compile(VERSION_PATTERN);
    private static final Pattern SUBNET = Pattern.compile(SUBNET_PATTERN);
    private static final Pattern SECURITY_GROUP = Pattern.compile(SECURITY_GROUP_PATTERN);
    private static final Pattern HEADER = Pattern.compile(HEADER_PATTERN);
    private static final Pattern DISCOVERY_URL = Pattern.compile(DISCOVERY_URL_PATTERN);
    private static final Set<String> NETWORK_MODES = Set.of("PUBLIC", "VPC");
    private static final Set<String> PROTOCOLS = Set.of("HTTP", "MCP", "A2A");
    private static final int MIN_LIFETIME_SECONDS = 60;
    private static final int MAX_LIFETIME_SECONDS = 28800;
    /** The lifecycle members' defaults when a request leaves them out. */
    static final int DEFAULT_IDLE_SECONDS = 900;
    static final int DEFAULT_MAX_LIFETIME_SECONDS = 28800;

    private AgentCoreRules() {
    }

    static String name(String field, String value) {
        if (value == null) {
            throw ValidationFailure.missing(field);
        }
        if (!NAME.matcher(value).matches()) {
            throw ValidationFailure.pattern(field, value, NAME_PATTERN);
        }
        return value;
    }

    static String id(String field, String value) {
        if (!ID.matcher(value).matches()) {
            throw ValidationFailure.pattern(field, value, ID_PATTERN);
        }
        return value;
    }

    static String version(String field, String value) {
        if (value != null && !VERSION.matcher(value).matches()) {
            throw ValidationFailure.pattern(field, value, VERSION_PATTERN);
        }
        return value;
    }

    /** Checks a client token when one is sent; the SDK sends a random one when the caller sets none. */
    static void clientToken(String token) {
        if (token == null) {
            return;
        }
        if (token.length() < 33 || token.length() > 256) {
            throw ValidationFailure.length("clientToken", token, 33, 256);
        }
        if (!CLIENT_TOKEN.matcher(token).matches()) {
            throw ValidationFailure.pattern("clientToken", token, CLIENT_TOKEN_PATTERN);
        }
    }

    static void description(JsonNode body, int max) {
        JsonNode description = body.get("description");
        if (description != null && (description.asText().isEmpty() || description.asText().length() > max)) {
            throw ValidationFailure.sensitive("description", "Member must have length between 1 and " + max);
        }
    }

    /**
     * Checks the settings that Create and Update share: artifact, role, network, protocol, environment,
     * description, lifecycle, request headers and JWT authorizer. The container image must be in the double's region, as the service requires.
     */
    static void runtimeSpec(JsonNode body, String region) {
        containerUri(body.path("agentRuntimeArtifact"), region);
        String roleArn = text(body, "roleArn");
        if (roleArn == null) {
            throw ValidationFailure.missing("roleArn");
        }
        if (roleArn.length() > 2048 || !ROLE_ARN.matcher(roleArn).matches()) {
            throw ValidationFailure.pattern("roleArn", roleArn, ROLE_ARN_PATTERN);
        }
        network(body.get("networkConfiguration"));
        JsonNode protocol = body.get("protocolConfiguration");
        if (protocol != null && !PROTOCOLS.contains(protocol.path("serverProtocol").asText())) {
            throw ValidationFailure.constraint("protocolConfiguration.serverProtocol",
                    protocol.path("serverProtocol").asText(null), "Member must satisfy enum value set: [MCP, HTTP, A2A]");
        }
        environment(body.get("environmentVariables"));
        description(body, 4096);
        lifecycle(body.get("lifecycleConfiguration"));
        requestHeaders(body.get("requestHeaderConfiguration"));
        authorizer(body.get("authorizerConfiguration"));
    }

    private static void requestHeaders(JsonNode configuration) {
        if (configuration == null || configuration.isNull()) {
            return;
        }
        JsonNode headers = configuration.get("requestHeaderAllowlist");
        if (headers == null || !headers.isArray() || headers.isEmpty() || headers.size() > 20) {
            throw ValidationFailure.constraint("requestHeaderConfiguration.requestHeaderAllowlist", null,
                    "Member must have length between 1 and 20");
        }
        for (JsonNode header : headers) {
            if (header.asText().length() > 256 || !HEADER.matcher(header.asText()).matches()) {
                throw ValidationFailure.pattern("requestHeaderConfiguration.requestHeaderAllowlist.member",
                        header.asText(), HEADER_PATTERN);
            }
        }
    }

    private static void authorizer(JsonNode configuration) {
        if (configuration == null || configuration.isNull()) {
            return;
        }
        JsonNode jwt = configuration.path("customJWTAuthorizer");
        String url = text(jwt, "discoveryUrl");
        if (url == null) {
            throw ValidationFailure.missing("authorizerConfiguration.customJWTAuthorizer.discoveryUrl");
        }
        if (!DISCOVERY_URL.matcher(url).matches()) {
            throw ValidationFailure.pattern("authorizerConfiguration.customJWTAuthorizer.discoveryUrl", url,
                    DISCOVERY_URL_PATTERN);
        }
        for (String list : new String[] {"allowedAudience", "allowedClients"}) {
            JsonNode values = jwt.get(list);
            if (values != null && (!values.isArray() || values.isEmpty())) {
                throw ValidationFailure.constraint("authorizerConfiguration.customJWTAuthorizer." + list, null,
                        "Member must have length greater than or equal to 1");
            }
        }
    }

    private static void containerUri(JsonNode artifact, String region) {
        if (artifact.isMissingNode() || artifact.isNull()) {
            throw ValidationFailure.missing("agentRuntimeArtifact");
        }
        if (artifact.has("codeConfiguration")) {
            throw ValidationFailure.other("agentRuntimeArtifact.codeConfiguration",
                    "The AgentCore test double serves container artifacts only, not codeConfiguration.");
        }
        String uri = text(artifact.path("containerConfiguration"), "containerUri");
        if (uri == null) {
            throw ValidationFailure.missing("agentRuntimeArtifact.containerConfiguration.containerUri");
        }
        Matcher matcher = CONTAINER_URI.matcher(uri);
        if (uri.length() > 1024 || !matcher.matches()) {
            throw ValidationFailure.pattern("agentRuntimeArtifact.containerConfiguration.containerUri", uri,
                    CONTAINER_URI_PATTERN);
        }
        if (!matcher.group(2).equals(region)) {
            throw ValidationFailure.other("agentRuntimeArtifact.containerConfiguration.containerUri", "Ecr uri region "
                    + matcher.group(2) + " does not match the region of the agent runtime " + region + ".");
        }
    }

    private static void network(JsonNode network) {
        if (network == null || network.isNull()) {
            throw ValidationFailure.missing("networkConfiguration");
        }
        String mode = text(network, "networkMode");
        if (mode == null) {
            throw ValidationFailure.missing("networkConfiguration.networkMode");
        }
        if (!NETWORK_MODES.contains(mode)) {
            throw ValidationFailure.constraint("networkConfiguration.networkMode", mode,
                    "Member must satisfy enum value set: [PUBLIC, VPC]");
        }
        if (mode.equals("VPC")) {
            JsonNode config = network.path("networkModeConfig");
            ids("networkConfiguration.networkModeConfig.subnets", config.get("subnets"), SUBNET, SUBNET_PATTERN);
            ids("networkConfiguration.networkModeConfig.securityGroups", config.get("securityGroups"), SECURITY_GROUP,
                    SECURITY_GROUP_PATTERN);
        }
    }

    private static void ids(String field, JsonNode ids, Pattern pattern, String patternText) {
        if (ids == null || !ids.isArray() || ids.isEmpty() || ids.size() > 16) {
            throw ValidationFailure.constraint(field, null, "Member must have length between 1 and 16");
        }
        for (JsonNode id : ids) {
            if (!pattern.matcher(id.asText()).matches()) {
                throw ValidationFailure.pattern(field + ".member", id.asText(), patternText);
            }
        }
    }

    private static void environment(JsonNode environment) {
        if (environment == null || environment.isNull()) {
            return;
        }
        if (environment.size() > 50) {
            throw ValidationFailure.sensitive("environmentVariables", "Member must have length less than or equal to 50");
        }
        for (Map.Entry<String, JsonNode> field : environment.properties()) {
            if (field.getKey().isEmpty() || field.getKey().length() > 100) {
                throw ValidationFailure.sensitive("environmentVariables",
                        "Map keys must satisfy constraint: [Member must have length between 1 and 100]");
            }
            if (field.getValue().asText().length() > 5000) {
                throw ValidationFailure.sensitive("environmentVariables",
                        "Map value must satisfy constraint: [Member must have length less than or equal to 5000]");
            }
        }
    }

    /**
     * Checks lifecycleConfiguration as AgentCore does. Each member is 60 to 28800 seconds, the range
     * of the SDK 2.40.2 model and of the API reference page LifecycleConfiguration
     * (https://docs.aws.amazon.com/bedrock-agentcore-control/latest/APIReference/API_LifecycleConfiguration.html).
     * The idle timeout must be at most maxLifetime, a constraint listed in the Developer Guide
     * (https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/runtime-lifecycle-settings.html).
     * A missing member takes its default, which never breaks that order.
     */
    private static void lifecycle(JsonNode lifecycle) {
        if (lifecycle == null || lifecycle.isNull()) {
            return;
        }
        for (String field : new String[] {"idleRuntimeSessionTimeout", "maxLifetime"}) {
            JsonNode value = lifecycle.get(field);
            if (value != null && !value.isNull() && (value.asInt() < MIN_LIFETIME_SECONDS
                    || value.asInt() > MAX_LIFETIME_SECONDS)) {
                throw ValidationFailure.constraint("lifecycleConfiguration." + field, value.asText(),
                        "Member must have value between " + MIN_LIFETIME_SECONDS + " and " + MAX_LIFETIME_SECONDS);
            }
        }
        JsonNode idle = lifecycle.get("idleRuntimeSessionTimeout");
        JsonNode max = lifecycle.get("maxLifetime");
        if (idle != null && !idle.isNull() && max != null && !max.isNull() && idle.asInt() > max.asInt()) {
            // NOTE: the status, reason and fieldList follow the service's ValidationException, but the wording
            // of the real service's message for this rule was not checked.
            throw ValidationFailure.constraint("lifecycleConfiguration.idleRuntimeSessionTimeout", idle.asText(),
                    "Member must be less than or equal to maxLifetime (" + max.asText() + ")");
        }
    }

    /** Returns a text member, or {@code null} when it is absent or JSON null. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
