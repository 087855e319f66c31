package io.agentdeploy.testkit.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.Faults;

/**
 * Base for services on the awsJson1.1 protocol (ECR, Secrets Manager): every call is
 * {@code POST /} with the operation in {@code X-Amz-Target: <prefix>.<Operation>}, and errors are
 * a JSON body with {@code __type} and {@code message}.
 */
public abstract class AwsJsonDoubleServer extends AwsDoubleServer {

    public static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private final String targetPrefix;

    /** @param targetPrefix the part of X-Amz-Target before the dot, for example {@code AmazonEC2ContainerRegistry_V20150921} */
    protected AwsJsonDoubleServer(String service, String signingName, String targetPrefix, CallLog callLog, Faults faults) {
        super(service, signingName, callLog, faults);
        this.targetPrefix = targetPrefix;
    }

    @Override
    protected String operation(AwsRequest request) {
        String target = request.header("x-amz-target");
        if (!"POST".equals(request.method()) || target == null || !target.startsWith(targetPrefix + ".")) {
            return null;
        }
        return target.substring(targetPrefix.length() + 1);
    }

    @Override
    protected AwsResponse errorResponse(AwsError error) {
        ObjectNode body = Json.object().put("__type", error.code()).put("message", error.getMessage());
        return AwsResponse.of(error.status(), CONTENT_TYPE, Json.write(body));
    }

    /**
     * Returns InvalidSignatureException with HTTP 400. Services on this protocol return 400 for
     * authentication failures, as ECS does for this code and ECR for UnrecognizedClientException.
     */
    @Override
    protected AwsError signatureMismatchError() {
        // NOTE: the 400 of ECR and Secrets Manager for this code was inferred from those two services, not observed.
        return new AwsError(400, "InvalidSignatureException", SIGNATURE_MISMATCH_MESSAGE);
    }

    /** A 200 response carrying a JSON document. */
    protected static AwsResponse ok(Object body) {
        return AwsResponse.of(200, CONTENT_TYPE, Json.write(body));
    }
}
