package io.agentdeploy.testkit.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.Faults;

/**
 * Base for services on the restJson1 protocol (AgentCore, EKS): the operation is named by method and
 * path, and errors carry the code in the {@code x-amzn-ErrorType} header and a {@code message} body.
 */
public abstract class RestJsonDoubleServer extends AwsDoubleServer {

    public static final String CONTENT_TYPE = "application/json";

    protected RestJsonDoubleServer(String service, String signingName, CallLog callLog, Faults faults) {
        super(service, signingName, callLog, faults);
    }

    @Override
    protected AwsResponse errorResponse(AwsError error) {
        ObjectNode body = Json.object().put("message", error.getMessage());
        return AwsResponse.of(error.status(), CONTENT_TYPE, Json.write(body)).withHeader("x-amzn-ErrorType", error.code());
    }

    @Override
    protected AwsError throttlingError() {
        return new AwsError(429, "ThrottlingException", "Rate exceeded");
    }

    /** A response with a JSON document and the given status. */
    protected static AwsResponse json(int status, Object body) {
        return AwsResponse.of(status, CONTENT_TYPE, Json.write(body));
    }
}
