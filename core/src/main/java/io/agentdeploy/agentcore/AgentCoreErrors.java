package io.agentdeploy.agentcore;

import io.agentdeploy.aws.AwsService;
import io.agentdeploy.error.DeployException;
import io.agentdeploy.error.DeploymentCancelledException;
import io.agentdeploy.progress.Redactor;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns an SDK exception from the AgentCore control plane into an {@link AgentCoreException} whose
 * message names the call, the runtime, the region, the service's error and what to do about it.
 */
final class AgentCoreErrors {

    private AgentCoreErrors() {
    }

    /**
     * The runtime a failed call was about.
     *
     * @param region the AWS region
     * @param runtimeName the runtime name
     * @param runtimeId the runtime id, or {@code null} before it exists
     * @param roleArn the execution role passed to the call, or {@code null} when none is passed
     */
    record Target(String region, String runtimeName, String runtimeId, String roleArn) {

        Target withRuntimeId(String id) {
            return new Target(region, runtimeName, id, roleArn);
        }

        Target withRole(String role) {
            return new Target(region, runtimeName, runtimeId, role);
        }
    }

    /** Translates {@code e}, thrown by {@code operation}; the message is redacted. */
    static DeployException translate(SdkException e, String operation, Target target, Redactor redactor) {
        if (e instanceof AbortedException || Thread.currentThread().isInterrupted()) {
            return DeploymentCancelledException.interrupted("calling AgentCore " + operation);
        }
        String subject = "AgentCore " + operation + " for runtime '" + target.runtimeName() + "'"
                + (target.runtimeId() == null ? "" : " (" + target.runtimeId() + ")") + " failed in " + target.region();
        if (!(e instanceof AwsServiceException service)) {
            String message = subject + ": " + e.getMessage() + " Check the network path to the AgentCore control plane,"
                    + " or the endpoint override in " + AwsService.AGENTCORE_CONTROL.endpointVariable() + ".";
            return new AgentCoreException(redactor.redact(message), e, target.region(), target.runtimeName(),
                    target.runtimeId(), null, null);
        }
        String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
        String serviceMessage = service.awsErrorDetails() == null || service.awsErrorDetails().errorMessage() == null
                ? e.getMessage() : service.awsErrorDetails().errorMessage();
        String error = code == null ? "HTTP " + service.statusCode() : code + " (HTTP " + service.statusCode() + ")";
        String message = subject + ": " + error + ": " + serviceMessage
                + advice(code, service.statusCode(), serviceMessage, operation, target);
        return new AgentCoreException(redactor.redact(message), e, target.region(), target.runtimeName(),
                target.runtimeId(), null, code);
    }

    private static String advice(String code, int status, String serviceMessage, String operation, Target target) {
        if (code == null) {
            return "";
        }
        switch (code) {
            case "AccessDeniedException":
                boolean passesRole = operation.equals("CreateAgentRuntime") || operation.equals("UpdateAgentRuntime");
                return " The credentials need bedrock-agentcore:" + operation
                        + (passesRole && target.roleArn() != null ? " and iam:PassRole on '" + target.roleArn() + "'" : "")
                        + ".";
            case "ValidationException":
                if (serviceMessage != null && (serviceMessage.contains("Role validation failed")
                        || serviceMessage.contains("validating ECR URI"))) {
                    return " The execution role must trust bedrock-agentcore.amazonaws.com and allow"
                            + " ecr:GetAuthorizationToken, ecr:BatchGetImage and ecr:GetDownloadUrlForLayer; a role"
                            + " created moments ago can take a minute to become usable.";
                }
                return " Fix the value the message names and deploy again.";
            case "ConflictException":
                return " Another change to this runtime is in progress; wait until it is READY and deploy again.";
            case "ServiceQuotaExceededException":
                return " An AgentCore quota (runtimes, versions or endpoints) is used up; delete unused ones or"
                        + " request a quota increase.";
            case "ResourceNotFoundException":
                return " It was deleted while this deployment ran; deploy again to recreate it.";
            default:
                return status == 429 || status >= 500 ? " The SDK's retries were used up; deploy again later." : "";
        }
    }
}
