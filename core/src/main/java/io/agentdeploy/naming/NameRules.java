package io.agentdeploy.naming;

import io.agentdeploy.error.InvalidInputException;
import java.util.regex.Pattern;

/**
 * The name rules of each target, checked before any call so a bad name fails with the rule in the
 * message instead of a service error halfway through a deployment.
 */
public final class NameRules {

    /** Agent names as the teams write them: snake_case, letter first, at most 48 characters. */
    static final Pattern AGENT = Pattern.compile("[a-z][a-z0-9]*(?:_[a-z0-9]+)*");
    static final int AGENT_MAX = 48;

    /** Amazon ECR repository names (API shape RepositoryName), 2 to 256 characters. */
    static final Pattern ECR_REPOSITORY =
            Pattern.compile("(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*");

    /** AgentCore runtime and endpoint names: letter first, letters, digits and underscores, 1 to 48. */
    static final Pattern AGENTCORE_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]{0,47}");

    /** Kubernetes DNS-1123 label: lowercase alphanumerics and '-', alphanumeric at both ends, 1 to 63. */
    static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?");

    /** Image tags as Docker and OCI clients accept them (stricter than the ECR API's 300 characters). */
    static final Pattern IMAGE_TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    private NameRules() {
    }

    public static String requireAgentName(String parameter, String value) {
        requirePresent(parameter, value);
        if (value.length() > AGENT_MAX || !AGENT.matcher(value).matches()) {
            throw new InvalidInputException(parameter, value,
                    "an agent name is snake_case: a lowercase letter first, then lowercase letters, digits and"
                            + " single underscores, at most " + AGENT_MAX + " characters (it is also the AgentCore"
                            + " runtime name).",
                    "Use a name such as 'agentic_chat_enhanced'.");
        }
        return value;
    }

    public static String requireEcrRepositoryName(String parameter, String value) {
        return requireEcrRepositoryName(parameter, value, "Lowercase the name and remove other characters.");
    }

    /** As above, with the fix to suggest, for example for a name derived from other values. */
    static String requireEcrRepositoryName(String parameter, String value, String fix) {
        requirePresent(parameter, value);
        if (value.length() < 2 || value.length() > 256 || !ECR_REPOSITORY.matcher(value).matches()) {
            throw new InvalidInputException(parameter, value,
                    "an ECR repository name has 2 to 256 characters: lowercase letters and digits, separated by"
                            + " single '.', '_', '-' or '/' characters.",
                    fix);
        }
        return value;
    }

    public static String requireAgentCoreName(String parameter, String value) {
        requirePresent(parameter, value);
        if (!AGENTCORE_NAME.matcher(value).matches()) {
            throw new InvalidInputException(parameter, value,
                    "an AgentCore name matches [a-zA-Z][a-zA-Z0-9_]{0,47}: a letter first, then letters, digits"
                            + " and underscores, at most 48 characters, no hyphens.",
                    value.length() > 48 ? "Shorten the name to at most 48 characters."
                            : "Replace hyphens with underscores.");
        }
        return value;
    }

    public static String requireKubernetesName(String parameter, String value) {
        requirePresent(parameter, value);
        if (value.length() > 63 || !DNS_1123_LABEL.matcher(value).matches()) {
            throw new InvalidInputException(parameter, value,
                    "a Kubernetes name is a DNS-1123 label: at most 63 lowercase letters, digits and '-',"
                            + " starting and ending with a letter or digit.",
                    "Lowercase the name and replace other characters with '-'.");
        }
        return value;
    }

    public static String requireImageTag(String parameter, String value) {
        requirePresent(parameter, value);
        if (!IMAGE_TAG.matcher(value).matches()) {
            throw new InvalidInputException(parameter, value,
                    "an image tag matches [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}: at most 128 letters, digits, '_', '.'"
                            + " and '-', not starting with '.' or '-'.",
                    value.length() > 128 ? "Shorten the tag to at most 128 characters."
                            : "Remove other characters such as '/', ':' or '+'.");
        }
        return value;
    }

    private static void requirePresent(String parameter, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(parameter, null, "a value is required.", "Set " + parameter + ".");
        }
    }
}
