package io.agentdeploy.testkit.agentcore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentdeploy.testkit.aws.AwsRequest;
import io.agentdeploy.testkit.aws.AwsResponse;
import io.agentdeploy.testkit.aws.Json;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The idempotency store of the mutating AgentCore calls. A client token seen before with the same
 * parameters returns the first successful response without acting again. With other parameters the
 * call fails with a ValidationException whose reason is IdempotentParameterMismatchException.
 */
final class ClientTokenCache {

    private record Entry(JsonNode parameters, AwsResponse response) { }

    private final Map<String, Entry> entries = new HashMap<>();

    AwsResponse serve(String operation, String token, JsonNode parameters, Supplier<AwsResponse> action) {
        if (token == null) {
            return action.get();
        }
        String key = operation + " " + token;
        Entry entry = entries.get(key);
        if (entry != null) {
            if (entry.parameters().equals(parameters)) {
                return entry.response();
            }
            throw new ValidationFailure(ValidationFailure.IDEMPOTENT_PARAMETER_MISMATCH, "clientToken",
                    "The client token '" + token + "' was already used for " + operation + " with different parameters.");
        }
        AwsResponse response = action.get();
        if (response.status() / 100 == 2) {
            entries.put(key, new Entry(parameters, response));
        }
        return response;
    }

    void clear() {
        entries.clear();
    }

    /** Returns the parameters of a call for comparison: path, query and body, without the client token. */
    static JsonNode fingerprint(AwsRequest request, JsonNode body) {
        ObjectNode parameters = Json.object().put("path", request.path());
        Map<String, String> query = new TreeMap<>(request.query());
        query.remove("clientToken");
        ObjectNode queryNode = parameters.putObject("query");
        query.forEach(queryNode::put);
        JsonNode copy = body.deepCopy();
        if (copy instanceof ObjectNode object) {
            object.remove("clientToken");
        }
        parameters.set("body", copy);
        return parameters;
    }
}
