package io.agentdeploy.naming;

import java.nio.file.Path;

/**
 * An agent's validated name and every name derived from it by the conventions of the agent
 * repositories: the ECR repository, the Kubernetes name, the AgentCore runtime name and the paths
 * of the agent's Dockerfile, values file and tfvars file relative to the repository root.
 */
public final class AgentNames {

    /** Repository prefix used when none is configured. */
    public static final String DEFAULT_REPOSITORY_PREFIX = "agentic-platform-";

    private final String agent;

    private AgentNames(String agent) {
        this.agent = agent;
    }

    /**
     * Validates an agent name and returns its derived names.
     *
     * @throws io.agentdeploy.error.InvalidInputException when the name breaks the agent name rule
     */
    public static AgentNames of(String agent) {
        return new AgentNames(NameRules.requireAgentName("agent", agent));
    }

    public String agent() {
        return agent;
    }

    /** The ECR repository {@code <prefix><agent>}, checked against the repository name rule. */
    public String ecrRepository(String prefix) {
        String repository = (prefix == null ? DEFAULT_REPOSITORY_PREFIX : prefix) + agent;
        return NameRules.requireEcrRepositoryName("repository (prefix + agent)", repository,
                "Lowercase the prefix and remove other characters, or set the repository explicitly.");
    }

    /** The agent with hyphens for underscores, as a DNS-1123 label. */
    public String kubernetesName() {
        return NameRules.requireKubernetesName("Kubernetes name", agent.replace('_', '-'));
    }

    /** The AgentCore runtime name, which is the agent name itself. */
    public String runtimeName() {
        return NameRules.requireAgentCoreName("AgentCore runtime name", agent);
    }

    /** {@code src/agentic_platform/agent/<agent>}, which holds the Dockerfile and the server. */
    public Path sourceDirectory() {
        return Path.of("src", "agentic_platform", "agent", agent);
    }

    public Path dockerfile() {
        return sourceDirectory().resolve("Dockerfile");
    }

    /** {@code k8s/helm/values/applications/<kubernetes-name>-values.yaml}. */
    public Path valuesFile() {
        return Path.of("k8s", "helm", "values", "applications", kubernetesName() + "-values.yaml");
    }

    /** {@code infrastructure/stacks/agentcore-runtime/<agent>.tfvars}. */
    public Path tfvarsFile() {
        return Path.of("infrastructure", "stacks", "agentcore-runtime", agent + ".tfvars");
    }

    @Override
    public String toString() {
        return agent;
    }
}
