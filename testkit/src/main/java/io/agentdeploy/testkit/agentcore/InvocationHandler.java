package io.agentdeploy.testkit.agentcore;

import io.agentdeploy.testkit.aws.AwsRequest;
import io.agentdeploy.testkit.aws.AwsResponse;

/** Responds to an InvokeAgentRuntime call that reached a READY runtime version. */
@FunctionalInterface
public interface InvocationHandler {

    /**
     * @param target the runtime version the ARN and qualifier resolved to
     * @param sessionId the runtime session id header, or {@code null}
     * @param request the whole request; its body is the payload
     * @return the response: status, content type and body as the container would send them
     */
    AwsResponse invoke(InvocationTarget target, String sessionId, AwsRequest request);
}
