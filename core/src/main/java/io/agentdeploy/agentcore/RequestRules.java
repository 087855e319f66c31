package io.agentdeploy.agentcore;

import io.agentdeploy.error.InvalidInputException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The limits of the bedrock-agentcore-control API (model 2023-06-05 as in SDK 2.40.2) that
 * {@link AgentCoreDeployRequest} checks before any call. The SDK does not check patterns itself, and
 * the service would reject a bad value only after earlier steps ran. Each message states the limit.
 */
final class RequestRules {

    static final int MAX_ROLE_ARN_LENGTH = 2048;
    static final int MAX_DESCRIPTION_LENGTH = 4096;
    static final int MAX_ENVIRONMENT_ENTRIES = 50;
    static final int MAX_ENVIRONMENT_KEY_LENGTH = 100;
    static final int MAX_ENVIRONMENT_VALUE_LENGTH = 5000;
    static final int MAX_VPC_IDS = 16;
    static final int MAX_HEADERS = 20;
    static final int MAX_HEADER_LENGTH = 256;
    static final int MAX_TAGS = 50;
    static final int MAX_TAG_KEY_LENGTH = 128;
    static final int MAX_TAG_VALUE_LENGTH = 256;
    static final Duration MIN_LIFETIME = Duration.ofSeconds(60);
    static final Duration MAX_LIFETIME = Duration.ofSeconds(28800);
    static final int MAX_BUILD_IDENTITY_LENGTH = 1024;

    static final Pattern ROLE_ARN = Pattern.compile("arn:aws(-[^:]+)?:iam::([0-9]{12})?:role/.+");
    static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    static final Pattern SUBNET = Pattern.compile("subnet-[0-9a-zA-Z]{8,17}");
    static final Pattern SECURITY_GROUP = Pattern.compile("sg-[0-9a-zA-Z]{8,17}");
    static final Pattern HEADER = Pattern.compile("Authorization|X-Amzn-Bedrock-AgentCore-Runtime-Custom-[a-zA-Z0-9-]+");
    static final Pattern TAG_TEXT = Pattern.compile("[a-zA-Z0-9\\s._:/=+@-]*");

    private RequestRules() {
    }

    static void roleArn(String roleArn) {
        if (roleArn.length() > MAX_ROLE_ARN_LENGTH || !ROLE_ARN.matcher(roleArn).matches()) {
            throw new InvalidInputException("executionRoleArn", roleArn,
                    "an IAM role ARN looks like 'arn:aws:iam::123456789012:role/name' and has at most "
                            + MAX_ROLE_ARN_LENGTH + " characters.",
                    "Copy the role's ARN from the IAM console or `aws iam get-role`.");
        }
    }

    static void roleName(String name) {
        if (!ROLE_NAME.matcher(name).matches()) {
            throw new InvalidInputException("executionRoleName", name, "an IAM role name has 1 to 64 characters"
                    + " of letters, digits and +=,.@_-.", "Choose a shorter name without other characters.");
        }
    }

    static void description(String description) {
        if (description != null && description.isBlank()) {
            throw new InvalidInputException("description", description, "the description is empty; AgentCore"
                    + " accepts 1 to " + MAX_DESCRIPTION_LENGTH + " characters.", "Pass a description, or leave the"
                    + " parameter out to use agent_description of the tfvars file (or no description).");
        }
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            throw new InvalidInputException("description", null, "the description has " + description.length()
                    + " characters; AgentCore accepts at most " + MAX_DESCRIPTION_LENGTH + ".",
                    "Shorten the description.");
        }
    }

    /** Checks plain and secret variables together: the service limits the whole map. */
    static void environment(Map<String, String> plain, Map<String, SecretSource> secret) {
        int total = plain.size() + secret.size();
        if (total > MAX_ENVIRONMENT_ENTRIES) {
            String split = secret.isEmpty() ? "" : " (" + plain.size() + " plain, " + secret.size() + " secret)";
            throw new InvalidInputException("environment", null, total + " variables are set" + split
                    + "; AgentCore accepts at most " + MAX_ENVIRONMENT_ENTRIES + ".",
                    "Remove variables, or combine related settings into one variable.");
        }
        for (Map.Entry<String, String> entry : plain.entrySet()) {
            variableName(entry.getKey());
            String value = entry.getValue();
            // Values are left out of these messages because they may be secret.
            if (value == null) {
                throw new InvalidInputException("environment variable '" + entry.getKey() + "'", null,
                        "the value is missing.", "Set a value, or an empty string.");
            }
            variableValueLength(entry.getKey(), value);
        }
        for (Map.Entry<String, SecretSource> entry : secret.entrySet()) {
            variableName(entry.getKey());
            if (entry.getValue() == null) {
                throw new InvalidInputException("secret environment variable '" + entry.getKey() + "'", null,
                        "no source is given.", "Name a credential, environment variable or Secrets Manager secret.");
            }
            if (!entry.getValue().fromSecretsManager()) {
                secretValue(entry.getKey(), entry.getValue());
            }
            if (plain.containsKey(entry.getKey())) {
                throw new InvalidInputException("environment variable '" + entry.getKey() + "'", null,
                        "it is set both as plain text and as a secret.", "Keep only the secret.");
            }
        }
    }

    /** Checks a resolved secret value without ever putting it into the message. */
    static void secretValue(String name, SecretSource source) {
        if (source.value() == null) {
            throw new InvalidInputException("secret environment variable '" + name + "'", null,
                    "the " + source.origin() + " has no value.", "Set it, or pass another source.");
        }
        variableValueLength(name, source.value());
    }

    private static void variableName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_ENVIRONMENT_KEY_LENGTH) {
            throw new InvalidInputException("environment variable name", name,
                    "a name has 1 to " + MAX_ENVIRONMENT_KEY_LENGTH + " characters.", "Rename the variable.");
        }
    }

    private static void variableValueLength(String name, String value) {
        if (value.length() > MAX_ENVIRONMENT_VALUE_LENGTH) {
            throw new InvalidInputException("environment variable '" + name + "'", null, "the value has "
                    + value.length() + " characters; AgentCore accepts at most " + MAX_ENVIRONMENT_VALUE_LENGTH
                    + ".", "Shorten the value or pass a reference to where the agent can read it.");
        }
    }

    static void network(AgentCoreDeployRequest.NetworkMode mode, List<String> subnets, List<String> securityGroups) {
        if (mode == AgentCoreDeployRequest.NetworkMode.PUBLIC) {
            if (!subnets.isEmpty() || !securityGroups.isEmpty()) {
                throw new InvalidInputException("networkMode", "PUBLIC",
                        "subnets and security groups apply only to the VPC network mode.",
                        "Set networkMode to VPC, or remove the subnets and security groups.");
            }
            return;
        }
        vpcIds("subnets", subnets, SUBNET, "subnet-0123456789abcdef0");
        vpcIds("securityGroups", securityGroups, SECURITY_GROUP, "sg-0123456789abcdef0");
    }

    private static void vpcIds(String parameter, List<String> ids, Pattern pattern, String example) {
        if (ids.isEmpty() || ids.size() > MAX_VPC_IDS) {
            throw new InvalidInputException(parameter, ids.isEmpty() ? null : String.join(",", ids),
                    "the VPC network mode needs 1 to " + MAX_VPC_IDS + " " + parameter + "; " + ids.size()
                            + " are set.", "Pass ids such as '" + example + "'.");
        }
        for (String id : ids) {
            if (id == null || !pattern.matcher(id).matches()) {
                throw new InvalidInputException(parameter, id,
                        "an id matches " + pattern.pattern() + ".", "Pass ids such as '" + example + "'.");
            }
        }
    }

    static void lifecycle(String parameter, Duration value) {
        if (value == null) {
            return;
        }
        if (value.getNano() != 0 || value.compareTo(MIN_LIFETIME) < 0 || value.compareTo(MAX_LIFETIME) > 0) {
            throw new InvalidInputException(parameter, value.toString(), "AgentCore accepts whole seconds from "
                    + MIN_LIFETIME.toSeconds() + " to " + MAX_LIFETIME.toSeconds() + " (1 minute to 8 hours).",
                    "Use a value such as 15m or 8h.");
        }
    }

    /**
     * Checks that sessions cannot idle longer than they may live: AgentCore requires
     * idleRuntimeSessionTimeout &le; maxLifetime (Amazon Bedrock AgentCore Developer Guide,
     * "Configure Amazon Bedrock AgentCore lifecycle settings", Constraints).
     */
    static void lifecycleOrder(Duration idleSessionTimeout, Duration maxLifetime) {
        if (idleSessionTimeout == null || maxLifetime == null || idleSessionTimeout.compareTo(maxLifetime) <= 0) {
            return;
        }
        throw new InvalidInputException("idleSessionTimeout", idleSessionTimeout.toSeconds() + "s", "AgentCore"
                + " requires the idle session timeout to be at most the maximum session lifetime, which is "
                + maxLifetime.toSeconds() + "s.", "Lower the idle timeout or raise the maximum lifetime:"
                + " --idle-timeout and --max-lifetime on the command line, idleSessionTimeout and maxLifetime in"
                + " Jenkins, idle_runtime_session_timeout and max_lifetime in the tfvars file.");
    }

    static void requestHeaders(List<String> headers) {
        if (headers.size() > MAX_HEADERS) {
            throw new InvalidInputException("requestHeaders", null, headers.size() + " headers are set; AgentCore"
                    + " accepts at most " + MAX_HEADERS + ".", "Remove headers.");
        }
        for (String header : headers) {
            if (header == null || header.length() > MAX_HEADER_LENGTH || !HEADER.matcher(header).matches()) {
                throw new InvalidInputException("requestHeaders", header, "AgentCore passes only 'Authorization'"
                        + " and headers named 'X-Amzn-Bedrock-AgentCore-Runtime-Custom-<letters, digits, ->', at most "
                        + MAX_HEADER_LENGTH + " characters, to the agent.",
                        "Rename the header, for example to 'X-Amzn-Bedrock-AgentCore-Runtime-Custom-Tenant'.");
            }
        }
    }

    static void tags(Map<String, String> tags) {
        if (tags.size() > MAX_TAGS) {
            throw new InvalidInputException("tags", null, tags.size() + " tags are set; AgentCore accepts at most "
                    + MAX_TAGS + ".", "Remove tags.");
        }
        tags.forEach((key, value) -> {
            if (key == null || key.isEmpty() || key.length() > MAX_TAG_KEY_LENGTH || !TAG_TEXT.matcher(key).matches()) {
                throw new InvalidInputException("tags", key, "a tag key has 1 to " + MAX_TAG_KEY_LENGTH
                        + " characters of letters, digits, spaces and ._:/=+@-.", "Rename the tag.");
            }
            if (key.regionMatches(true, 0, "aws:", 0, 4)) {
                throw new InvalidInputException("tag key", key, "keys that start with 'aws:' are reserved for AWS's"
                        + " own tags, and AWS rejects them.", "Rename the tag without the 'aws:' prefix.");
            }
            if (value == null || value.length() > MAX_TAG_VALUE_LENGTH || !TAG_TEXT.matcher(value).matches()) {
                throw new InvalidInputException("tags", key + "=" + value, "a tag value has 0 to "
                        + MAX_TAG_VALUE_LENGTH + " characters of letters, digits, spaces and ._:/=+@-.",
                        "Change the value of tag '" + key + "'.");
            }
        });
    }

    static void timeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(AgentCoreDeployRequest.MAX_TIMEOUT) > 0) {
            throw new InvalidInputException("timeout", timeout.toString(),
                    "the timeout must be more than zero and at most 24 hours.", "Use a value such as 15m.");
        }
    }

    static void buildIdentity(String identity) {
        if (identity != null && identity.length() > MAX_BUILD_IDENTITY_LENGTH) {
            throw new InvalidInputException("buildIdentity", null, "the build identity has " + identity.length()
                    + " characters; at most " + MAX_BUILD_IDENTITY_LENGTH + " are accepted.",
                    "Use an identity such as '<job>#<build number>'.");
        }
    }
}
