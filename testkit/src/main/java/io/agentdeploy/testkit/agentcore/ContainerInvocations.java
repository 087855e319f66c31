package io.agentdeploy.testkit.agentcore;

import io.agentdeploy.testkit.aws.AwsError;
import io.agentdeploy.testkit.aws.AwsRequest;
import io.agentdeploy.testkit.aws.AwsResponse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * Answers InvokeAgentRuntime by starting the resolved version's container, sending the payload to
 * {@code POST /invocations}, and stopping the container again. A container that cannot start healthy
 * is a RuntimeClientError (HTTP 424), as the service reports container-side failures.
 */
public final class ContainerInvocations implements InvocationHandler {

    private final AgentContainers containers;

    public ContainerInvocations(AgentContainers containers) {
        this.containers = containers;
    }

    @Override
    public AwsResponse invoke(InvocationTarget target, String sessionId, AwsRequest request) {
        if (!"HTTP".equals(target.protocol())) {
            throw new AwsError(400, "ValidationException", "The test double forwards invocations to HTTP-protocol"
                    + " containers only; version " + target.version() + " serves " + target.protocol() + ".");
        }
        AgentContainers.Running running;
        try {
            running = containers.start(target.containerUri(), target.environment());
        } catch (AgentContainers.StartFailure e) {
            throw new AwsError(424, "RuntimeClientError", e.getMessage());
        }
        try {
            HttpResponse<byte[]> response = send(running, request);
            String contentType = response.headers().firstValue("Content-Type").orElse("application/json");
            return new AwsResponse(response.statusCode(), Map.of("Content-Type", contentType), response.body());
        } catch (IOException e) {
            throw new AwsError(424, "RuntimeClientError", "The agent's container did not answer POST /invocations: "
                    + e.getMessage() + ". " + containers.describeExit(running));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwsError(500, "InternalServerException", "The invocation was interrupted.");
        } finally {
            containers.stop(running);
        }
    }

    /**
     * Sends the payload, and once more when the connection closed without an answer while the
     * container still runs.
     */
    private HttpResponse<byte[]> send(AgentContainers.Running running, AwsRequest request)
            throws IOException, InterruptedException {
        try {
            return containers.send(running, "POST", "/invocations", request.header("content-type"), request.body());
        } catch (IOException e) {
            // NOTE: the end-to-end test once saw the example agent close a connection without an answer
            // right after a healthy /ping, on a loaded machine; the cause is not known, so this retries once.
            if (!containers.isRunning(running)) {
                throw e;
            }
            Thread.sleep(200);
            return containers.send(running, "POST", "/invocations", request.header("content-type"), request.body());
        }
    }
}
