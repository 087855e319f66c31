package io.agentdeploy.aws;

/**
 * The AWS services the engine calls, with the service identifier that names the standard
 * {@code AWS_ENDPOINT_URL_<ID>} environment variable for an endpoint override.
 */
public enum AwsService {
    ECR("ECR", "Amazon ECR"),
    STS("STS", "AWS STS"),
    EKS("EKS", "Amazon EKS"),
    IAM("IAM", "AWS IAM"),
    SECRETS_MANAGER("SECRETS_MANAGER", "AWS Secrets Manager"),
    AGENTCORE_CONTROL("BEDROCK_AGENTCORE_CONTROL", "AgentCore control plane"),
    AGENTCORE("BEDROCK_AGENTCORE", "AgentCore data plane");

    private final String environmentId;
    private final String displayName;

    AwsService(String environmentId, String displayName) {
        this.environmentId = environmentId;
        this.displayName = displayName;
    }

    /** The environment variable that overrides this service's endpoint, for example {@code AWS_ENDPOINT_URL_ECR}. */
    public String endpointVariable() {
        return "AWS_ENDPOINT_URL_" + environmentId;
    }

    public String displayName() {
        return displayName;
    }
}
