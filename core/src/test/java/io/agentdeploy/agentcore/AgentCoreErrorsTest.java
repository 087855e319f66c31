package io.agentdeploy.agentcore;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeploy.error.DeployException;
import io.agentdeploy.progress.Redactor;
import org.junit.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.ValidationException;

public class AgentCoreErrorsTest {

    private static final AgentCoreErrors.Target TARGET = new AgentCoreErrors.Target("us-east-1", "agentic_chat", null,
            AgentCoreDeployRequestTest.ROLE);

    @Test
    public void accessDeniedNamesPermissions() {
        AccessDeniedException denied = AccessDeniedException.builder()
                .statusCode(403)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException")
                        .errorMessage("User is not authorized to perform: bedrock-agentcore:CreateAgentRuntime").build())
                .build();

        DeployException translated = AgentCoreErrors.translate(denied, "CreateAgentRuntime", TARGET, new Redactor());

        assertThat(translated).isInstanceOf(AgentCoreException.class).hasCause(denied);
        assertThat(translated.getMessage()).isEqualTo("AgentCore CreateAgentRuntime for runtime 'agentic_chat' failed"
                + " in us-east-1: AccessDeniedException (HTTP 403): User is not authorized to perform:"
                + " bedrock-agentcore:CreateAgentRuntime The credentials need bedrock-agentcore:CreateAgentRuntime and"
                + " iam:PassRole on 'arn:aws:iam::123456789012:role/agentcore-runtime'.");
        AgentCoreException agentCore = (AgentCoreException) translated;
        assertThat(agentCore.region()).isEqualTo("us-east-1");
        assertThat(agentCore.runtimeName()).isEqualTo("agentic_chat");
        assertThat(agentCore.reason()).isEqualTo("AccessDeniedException");
    }

    @Test
    public void accessDeniedOnReadNamesOnlyThatPermission() {
        AccessDeniedException denied = AccessDeniedException.builder().statusCode(403)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException").errorMessage("no").build())
                .build();

        DeployException translated = AgentCoreErrors.translate(denied, "GetAgentRuntime",
                TARGET.withRuntimeId("agentic_chat-AAAAAAAAAA"), new Redactor());

        assertThat(translated.getMessage()).endsWith("The credentials need bedrock-agentcore:GetAgentRuntime.")
                .contains("'agentic_chat' (agentic_chat-AAAAAAAAAA)");
    }

    @Test
    public void roleValidationGetsPropagationAdvice() {
        ValidationException invalid = ValidationException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ValidationException")
                        .errorMessage("Access denied while validating ECR URI 'x'.").build())
                .build();

        DeployException translated = AgentCoreErrors.translate(invalid, "CreateAgentRuntime", TARGET, new Redactor());

        assertThat(translated.getMessage()).contains("a role created moments ago can take a minute to become usable.");
    }

    @Test
    public void connectionFailureNamesEndpointVariable() {
        SdkClientException failure = SdkClientException.create("Unable to execute HTTP request: Connection refused");

        DeployException translated = AgentCoreErrors.translate(failure, "ListAgentRuntimes", TARGET, new Redactor());

        assertThat(translated.getMessage()).isEqualTo("AgentCore ListAgentRuntimes for runtime 'agentic_chat' failed"
                + " in us-east-1: Unable to execute HTTP request: Connection refused Check the network path to the"
                + " AgentCore control plane, or the endpoint override in AWS_ENDPOINT_URL_BEDROCK_AGENTCORE_CONTROL.");
    }

    @Test
    public void messageIsRedacted() {
        Redactor redactor = new Redactor();
        redactor.register("tok-very-secret");
        ValidationException invalid = ValidationException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ValidationException")
                        .errorMessage("Value 'tok-very-secret' is invalid").build())
                .build();

        DeployException translated = AgentCoreErrors.translate(invalid, "UpdateAgentRuntime", TARGET, redactor);

        assertThat(translated.getMessage()).doesNotContain("tok-very-secret").contains("Value '****' is invalid");
    }
}
