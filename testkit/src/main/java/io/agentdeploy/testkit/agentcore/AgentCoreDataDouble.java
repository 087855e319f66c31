package io.agentdeploy.testkit.agentcore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.Faults;
import io.agentdeploy.testkit.aws.AwsError;
import io.agentdeploy.testkit.aws.AwsRequest;
import io.agentdeploy.testkit.aws.AwsResponse;
import io.agentdeploy.testkit.aws.Json;
import io.agentdeploy.testkit.aws.RestJsonDoubleServer;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the Bedrock AgentCore data plane ({@code bedrock-agentcore}, restJson1, signing name
 * {@code bedrock-agentcore}) serving InvokeAgentRuntime:
 * {@code POST /runtimes/{url-encoded runtime ARN}/invocations?qualifier=...}. The qualifier (an
 * endpoint name or a version, DEFAULT when absent) is resolved against an {@link AgentCoreControlDouble}.
 * By default the response echoes the call as JSON; {@link #invocationHandler(InvocationHandler)}
 * replaces that, for example to forward to a running container.
 */
public final class AgentCoreDataDouble extends RestJsonDoubleServer {

    public static final String SERVICE = "bedrock-agentcore";
    public static final String SIGNING_NAME = "bedrock-agentcore";
    public static final String SESSION_HEADER = "X-Amzn-Bedrock-AgentCore-Runtime-Session-Id";

    /** The ARN is one path segment: the SDK encodes its '/' and ':' characters. */
    private static final Pattern INVOCATIONS = Pattern.compile("/runtimes/([^/]+)/invocations/?");

    private final AgentCoreControlDouble control;
    private volatile InvocationHandler handler = AgentCoreDataDouble::echo;

    public AgentCoreDataDouble(AgentCoreControlDouble control, CallLog callLog, Faults faults) {
        super(SERVICE, SIGNING_NAME, callLog, faults);
        this.control = control;
    }

    /** Replaces the default echo with another way of responding to invocations. */
    public AgentCoreDataDouble invocationHandler(InvocationHandler handler) {
        this.handler = handler;
        return this;
    }

    @Override
    protected String operation(AwsRequest request) {
        boolean invocation = "POST".equals(request.method()) && INVOCATIONS.matcher(request.rawPath()).matches();
        return invocation ? "InvokeAgentRuntime" : null;
    }

    @Override
    protected Set<String> mutatingOperations() {
        return Set.of();
    }

    @Override
    protected AwsResponse dispatch(String operation, AwsRequest request) {
        Matcher path = INVOCATIONS.matcher(request.rawPath());
        if (!path.matches()) {
            throw new IllegalStateException("Not an invocation path: " + request.rawPath());
        }
        String runtimeArn = URLDecoder.decode(path.group(1), StandardCharsets.UTF_8);
        String sessionId = request.header(SESSION_HEADER);
        if (sessionId != null && (sessionId.length() < 33 || sessionId.length() > 256)) {
            throw new AwsError(400, "ValidationException", "1 validation error detected: Value '" + sessionId
                    + "' at 'runtimeSessionId' failed to satisfy constraint: Member must have length between 33 and 256");
        }
        InvocationTarget target = control.resolve(runtimeArn, request.query().get("qualifier"));
        AwsResponse response = handler.invoke(target, sessionId, request);
        return sessionId == null ? response : response.withHeader(SESSION_HEADER, sessionId);
    }

    /** Responds with the resolved target and the payload, parsed when it is JSON. */
    private static AwsResponse echo(InvocationTarget target, String sessionId, AwsRequest request) {
        ObjectNode body = Json.object()
                .put("runtimeArn", target.runtimeArn())
                .put("runtimeVersion", target.version())
                .put("qualifier", target.endpointName() != null ? target.endpointName() : target.version())
                .put("containerUri", target.containerUri());
        if (sessionId != null) {
            body.put("sessionId", sessionId);
        }
        body.set("payload", payload(request.body()));
        return json(200, body);
    }

    private static JsonNode payload(byte[] body) {
        if (body.length == 0) {
            return Json.MAPPER.getNodeFactory().nullNode();
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return Json.MAPPER.getNodeFactory().textNode(new String(body, StandardCharsets.UTF_8));
        }
    }
}
