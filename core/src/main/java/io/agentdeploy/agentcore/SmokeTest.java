package io.agentdeploy.agentcore;

import io.agentdeploy.error.InvalidInputException;
import java.nio.charset.StandardCharsets;

/**
 * One invocation of the deployed version through the AgentCore data plane, and what its reply must
 * contain. The reply must have a 2xx status; when given, it must also contain {@code expectedText}
 * and have the JSON field {@code expectedField} (with {@code expectedValue}, when given).
 *
 * @param payload the request body sent to the agent, typically JSON such as {@code {"prompt":"ping"}}
 * @param expectedText text the reply body must contain, or {@code null}
 * @param expectedField a JSON field the reply must have, as a dotted path ({@code result.status},
 *     {@code items.0.id}) or a JSON Pointer ({@code /result/status}), or {@code null}
 * @param expectedValue the text value that field must have, or {@code null} when any value will do
 */
public record SmokeTest(String payload, String expectedText, String expectedField, String expectedValue) {

    /** InvokeAgentRuntime accepts payloads up to 100,000,000 bytes. */
    static final int MAX_PAYLOAD_BYTES = 100_000_000;

    /**
     * Parses a field expectation of the form {@code path=value} or {@code path}.
     *
     * @return a smoke test with that field expectation
     */
    public SmokeTest withField(String expectation) {
        if (expectation == null || expectation.isBlank()) {
            return new SmokeTest(payload, expectedText, null, null);
        }
        int equals = expectation.indexOf('=');
        return equals < 0 ? new SmokeTest(payload, expectedText, expectation.strip(), null)
                : new SmokeTest(payload, expectedText, expectation.substring(0, equals).strip(),
                        expectation.substring(equals + 1));
    }

    /** The field path as a JSON Pointer. */
    String fieldPointer() {
        if (expectedField == null) {
            return null;
        }
        if (expectedField.startsWith("/")) {
            return expectedField;
        }
        return "/" + expectedField.replace("~", "~0").replace("/", "~1").replace('.', '/');
    }

    void check() {
        if (payload == null || payload.isEmpty()) {
            throw new InvalidInputException("smokeTestPayload", null, "a smoke test needs a payload to send.",
                    "Pass the request body, for example '{\"prompt\": \"ping\"}'.");
        }
        int bytes = payload.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PAYLOAD_BYTES) {
            throw new InvalidInputException("smokeTestPayload", null, "the payload has " + bytes
                    + " bytes; InvokeAgentRuntime accepts at most " + MAX_PAYLOAD_BYTES + ".", "Send a smaller payload.");
        }
        if (expectedField != null && (expectedField.isBlank() || expectedField.equals("/"))) {
            throw new InvalidInputException("smokeTestExpectField", expectedField, "the field path is empty.",
                    "Name a field such as 'status' or 'result.message'.");
        }
    }
}
