package io.agentdeploy.naming;

import io.agentdeploy.error.InvalidInputException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Path templates for an agent's files, such as {@code src/agentic_platform/agent/{agent}/Dockerfile}:
 * {@code {agent}} stands for the agent name and {@code {kubernetesName}} for its Kubernetes name
 * (hyphens for underscores). A Jenkins administrator sets them once for every job; the defaults are
 * the layout of the teams' repositories in {@link AgentNames}.
 */
public final class PathConventions {

    /** The agent's Dockerfile, relative to the build context. */
    public static final String DEFAULT_DOCKERFILE = "src/agentic_platform/agent/{agent}/Dockerfile";
    /** The agent's Helm values file, relative to the repository root. */
    public static final String DEFAULT_VALUES = "k8s/helm/values/applications/{kubernetesName}-values.yaml";
    /** The agent's AgentCore settings, relative to the repository root. */
    public static final String DEFAULT_TFVARS = "infrastructure/stacks/agentcore-runtime/{agent}.tfvars";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");

    private PathConventions() {
    }

    /**
     * Replaces the placeholders of {@code template} with the agent's names.
     *
     * @param parameter the setting that holds the template, for messages
     * @return the relative path
     * @throws InvalidInputException when the template is blank, absolute, leaves the repository with
     *     {@code ..}, or names a placeholder other than {@code {agent}} and {@code {kubernetesName}}
     */
    public static Path expand(String parameter, String template, AgentNames agent) {
        if (template == null || template.isBlank()) {
            throw new InvalidInputException(parameter, null, "a path template is required.",
                    "Use a path such as '" + DEFAULT_DOCKERFILE + "'.");
        }
        Matcher matcher = PLACEHOLDER.matcher(template.trim());
        StringBuilder path = new StringBuilder();
        while (matcher.find()) {
            String replacement = switch (matcher.group(1)) {
                case "agent" -> agent.agent();
                case "kubernetesName" -> agent.kubernetesName();
                default -> throw new InvalidInputException(parameter, template, "the placeholder {" + matcher.group(1)
                        + "} is unknown; the placeholders are {agent} and {kubernetesName}.",
                        "Remove or rename the placeholder.");
            };
            matcher.appendReplacement(path, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(path);
        Path result = Path.of(path.toString()).normalize();
        if (result.isAbsolute() || result.startsWith("..")) {
            throw new InvalidInputException(parameter, template, "the path must be relative and stay inside the"
                    + " repository.", "Write the path relative to the repository root, without leading '..'.");
        }
        return result;
    }
}
