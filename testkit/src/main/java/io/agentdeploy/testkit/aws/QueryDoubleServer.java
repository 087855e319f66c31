package io.agentdeploy.testkit.aws;

import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.Faults;
import java.util.Map;
import java.util.UUID;

/**
 * Base for services on the AWS query protocol (STS, IAM): the operation is the {@code Action}
 * parameter of a form-encoded POST body (or of the query string of a presigned GET), and responses
 * and errors are XML in the service's namespace.
 */
public abstract class QueryDoubleServer extends AwsDoubleServer {

    private final String xmlNamespace;

    protected QueryDoubleServer(String service, String signingName, String xmlNamespace, CallLog callLog, Faults faults) {
        super(service, signingName, callLog, faults);
        this.xmlNamespace = xmlNamespace;
    }

    /** The request's parameters: the form body of a POST merged over the query string. */
    protected static Map<String, String> parameters(AwsRequest request) {
        Map<String, String> parameters = new java.util.LinkedHashMap<>(request.query());
        if ("POST".equals(request.method())) {
            parameters.putAll(AwsRequest.parseForm(request.bodyText()));
        }
        return parameters;
    }

    @Override
    protected String operation(AwsRequest request) {
        if (!"/".equals(request.path()) || !("POST".equals(request.method()) || "GET".equals(request.method()))) {
            return null;
        }
        return parameters(request).get("Action");
    }

    @Override
    protected AwsResponse errorResponse(AwsError error) {
        String type = error.status() >= 500 ? "Receiver" : "Sender";
        String body = "<ErrorResponse xmlns=\"" + xmlNamespace + "\"><Error><Type>" + type + "</Type><Code>"
                + escape(error.code()) + "</Code><Message>" + escape(error.getMessage()) + "</Message></Error><RequestId>"
                + UUID.randomUUID() + "</RequestId></ErrorResponse>";
        return AwsResponse.of(error.status(), "text/xml", body);
    }

    @Override
    protected AwsError throttlingError() {
        return new AwsError(400, "Throttling", "Rate exceeded");
    }

    @Override
    protected AwsError serverError() {
        return new AwsError(500, "InternalFailure", "The test double was told to fail this call.");
    }

    @Override
    protected AwsError unknownAccessKeyError() {
        return new AwsError(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
    }

    @Override
    protected AwsError signatureMismatchError() {
        return new AwsError(403, "SignatureDoesNotMatch", SIGNATURE_MISMATCH_MESSAGE);
    }

    /** Wraps a result element in {@code <Action>Response><Action>Result>} with response metadata. */
    protected AwsResponse result(String action, String resultXml) {
        String body = "<" + action + "Response xmlns=\"" + xmlNamespace + "\"><" + action + "Result>" + resultXml + "</"
                + action + "Result><ResponseMetadata><RequestId>" + UUID.randomUUID()
                + "</RequestId></ResponseMetadata></" + action + "Response>";
        return AwsResponse.of(200, "text/xml", body);
    }

    /** Escapes text for an XML element. */
    protected static String escape(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
