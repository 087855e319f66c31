package io.agentdeploy.agentcore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentdeploy.aws.AwsClients;
import io.agentdeploy.error.DeploymentCancelledException;
import io.agentdeploy.progress.ProgressListener;
import io.agentdeploy.progress.Redactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.bedrockagentcore.BedrockAgentCoreClient;
import software.amazon.awssdk.services.bedrockagentcore.model.InvokeAgentRuntimeResponse;

/**
 * Invokes the deployed version once through the AgentCore data plane (InvokeAgentRuntime with the
 * endpoint as qualifier) and checks the reply: a 2xx status, then the expected text and JSON field.
 */
final class SmokeTester {

    /** How much of a reply a failure message quotes. */
    static final int EXCERPT_LENGTH = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AwsClients clients;
    private final ProgressListener listener;
    private final Redactor redactor;
    private final Clock clock;

    SmokeTester(AwsClients clients, ProgressListener listener, Redactor redactor, Clock clock) {
        this.clients = clients;
        this.listener = listener;
        this.redactor = redactor;
        this.clock = clock;
    }

    /**
     * @throws AgentCoreException with status {@code SMOKE_TEST_FAILED} when the call fails or the reply does not match
     */
    SmokeTestResult run(AgentCoreErrors.Target target, String runtimeArn, String endpoint, String version,
            SmokeTest test) {
        listener.lifecycle("Smoke-testing endpoint " + endpoint + " of AgentCore runtime '" + target.runtimeName()
                + "' (version " + version + ").");
        Instant started = clock.instant();
        ResponseBytes<InvokeAgentRuntimeResponse> reply;
        try (BedrockAgentCoreClient client = clients.agentCore()) {
            reply = client.invokeAgentRuntimeAsBytes(r -> r.agentRuntimeArn(runtimeArn).qualifier(endpoint)
                    .contentType("application/json").accept("application/json")
                    .payload(SdkBytes.fromUtf8String(test.payload())));
        } catch (SdkException e) {
            throw callFailure(target, endpoint, version, e);
        }
        long millis = Duration.between(started, clock.instant()).toMillis();
        Integer reported = reply.response().statusCode();
        int status = reported == null ? reply.response().sdkHttpResponse().statusCode() : reported;
        String body = reply.asString(StandardCharsets.UTF_8);
        String problem = problem(test, status, body);
        if (problem != null) {
            throw failure(target, endpoint, version, problem + " The reply began: '" + excerpt(body) + "'.");
        }
        listener.lifecycle("Smoke test passed: endpoint " + endpoint + " answered HTTP " + status + " in " + millis
                + " ms.");
        return new SmokeTestResult(endpoint, version, status, millis);
    }

    /** Returns what is wrong with the reply, or {@code null} when it passes. */
    static String problem(SmokeTest test, int status, String body) {
        if (status / 100 != 2) {
            return "the reply had HTTP status " + status + ".";
        }
        if (test.expectedText() != null && !body.contains(test.expectedText())) {
            return "the reply does not contain '" + test.expectedText() + "'.";
        }
        if (test.expectedField() == null) {
            return null;
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            return "the reply is not JSON, so it has no field '" + test.expectedField() + "'.";
        }
        JsonNode field = json == null ? null : json.at(test.fieldPointer());
        if (field == null || field.isMissingNode() || field.isNull()) {
            return "the reply has no field '" + test.expectedField() + "'.";
        }
        if (test.expectedValue() != null && !test.expectedValue().equals(field.isValueNode() ? field.asText()
                : field.toString())) {
            return "the field '" + test.expectedField() + "' is '" + (field.isValueNode() ? field.asText()
                    : field.toString()) + "', not '" + test.expectedValue() + "'.";
        }
        return null;
    }

    private AgentCoreException callFailure(AgentCoreErrors.Target target, String endpoint, String version,
            SdkException e) {
        if (e instanceof AbortedException || Thread.currentThread().isInterrupted()) {
            throw DeploymentCancelledException.interrupted("invoking the smoke test");
        }
        String detail;
        if (e instanceof AwsServiceException service) {
            detail = "InvokeAgentRuntime failed with " + serviceError(service)
                    + (service.statusCode() == 424 ? " The agent's container failed; see its logs in CloudWatch"
                            + " (/aws/bedrock-agentcore/runtimes/" + target.runtimeId() + "-" + endpoint + ")." : "")
                    + (service.statusCode() == 403 ? " The credentials need bedrock-agentcore:InvokeAgentRuntime." : "");
        } else {
            detail = "InvokeAgentRuntime failed: " + e.getMessage();
        }
        return failure(target, endpoint, version, detail);
    }

    /**
     * Describes a service error as "code (HTTP status): message.", leaving out what the service did
     * not send: a reply without an error body (an HTTP 400 with an empty body, for example) has
     * neither code nor message.
     */
    static String serviceError(AwsServiceException service) {
        String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
        String message = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorMessage();
        String status = "HTTP " + service.statusCode();
        String error = code == null || code.isBlank() ? status : code + " (" + status + ")";
        if (message == null || message.isBlank()) {
            return error + " and no error message.";
        }
        String trimmed = message.strip();
        return error + ": " + trimmed + (trimmed.endsWith(".") ? "" : ".");
    }

    private AgentCoreException failure(AgentCoreErrors.Target target, String endpoint, String version, String detail) {
        return new AgentCoreException(redactor.redact("Smoke test of AgentCore runtime '" + target.runtimeName()
                + "' (" + target.runtimeId() + ") version " + version + " through endpoint " + endpoint + " failed in "
                + target.region() + ": " + detail), null, target.region(), target.runtimeName(), target.runtimeId(),
                "SMOKE_TEST_FAILED", null);
    }

    private String excerpt(String body) {
        String text = redactor.redact(body).replaceAll("\\s+", " ").strip();
        return text.length() <= EXCERPT_LENGTH ? text : text.substring(0, EXCERPT_LENGTH) + "...";
    }
}
