package io.agentdeploy.report;

/** The three deployment layers, in the order a full deployment runs them. */
public enum Layer {
    ECR("ECR"),
    AGENTCORE("AgentCore"),
    EKS("EKS");

    private final String displayName;

    Layer(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }
}
