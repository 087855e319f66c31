package io.agentdeploy.testkit.agentcore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentdeploy.testkit.aws.AwsError;
import io.agentdeploy.testkit.aws.AwsRequest;
import io.agentdeploy.testkit.aws.AwsResponse;
import io.agentdeploy.testkit.aws.Json;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * TagResource, UntagResource and ListTagsForResource of {@link AgentCoreControlDouble}, on
 * {@code /tags/{resourceArn}} for runtime ARNs. Tag rules: at most 50 tags, keys 1 to 128 and
 * values 0 to 256 characters of {@code [a-zA-Z0-9\s._:/=+@-]}. Runs under the double's lock.
 */
final class TagOperations {

    static final int MAX_TAGS = 50;
    private static final Pattern TAG_TEXT = Pattern.compile("[a-zA-Z0-9\\s._:/=+@-]*");

    private final AgentCoreControlDouble control;

    TagOperations(AgentCoreControlDouble control) {
        this.control = control;
    }

    AwsResponse dispatch(String operation, String resourceArn, AwsRequest request) {
        RuntimeRecord runtime = control.runtimeByArn(resourceArn);
        return switch (operation) {
            case "ListTagsForResource" -> {
                ObjectNode body = Json.object();
                ObjectNode tags = body.putObject("tags");
                runtime.tags.forEach(tags::put);
                yield AgentCoreControlDouble.jsonResponse(200, body);
            }
            case "TagResource" -> {
                Map<String, String> merged = new TreeMap<>(runtime.tags);
                merged.putAll(check(Json.parse(request.body()).path("tags")));
                if (merged.size() > MAX_TAGS) {
                    throw ValidationFailure.constraint("tags", null,
                            "Member must have length less than or equal to " + MAX_TAGS);
                }
                runtime.tags.clear();
                runtime.tags.putAll(merged);
                yield AwsResponse.empty(204);
            }
            case "UntagResource" -> {
                String keys = request.query().get("tagKeys");
                if (keys != null) {
                    for (String key : keys.split(",")) {
                        runtime.tags.remove(key);
                    }
                }
                yield AwsResponse.empty(204);
            }
            default -> throw new IllegalStateException("Not a tag operation: " + operation);
        };
    }

    /** Checks tags of a create or tag call and returns them as a map. */
    static Map<String, String> check(JsonNode tags) {
        Map<String, String> result = new TreeMap<>();
        if (tags == null || tags.isMissingNode() || tags.isNull()) {
            return result;
        }
        if (!tags.isObject()) {
            throw new AwsError(400, "SerializationException", "tags must be a map of strings.");
        }
        if (tags.size() > MAX_TAGS) {
            throw ValidationFailure.constraint("tags", null, "Member must have length less than or equal to "
                    + MAX_TAGS);
        }
        for (Map.Entry<String, JsonNode> tag : tags.properties()) {
            String key = tag.getKey();
            String value = tag.getValue().asText();
            if (key.isEmpty() || key.length() > 128 || !TAG_TEXT.matcher(key).matches()) {
                throw ValidationFailure.pattern("tags.key", key, TAG_TEXT.pattern());
            }
            if (value.length() > 256 || !TAG_TEXT.matcher(value).matches()) {
                throw ValidationFailure.pattern("tags.value", value, TAG_TEXT.pattern());
            }
            result.put(key, value);
        }
        return result;
    }
}
