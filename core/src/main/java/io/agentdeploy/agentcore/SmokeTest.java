package io.agentdeploy.agentcore;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.agentdeploy.error.InvalidInputException;
import java.nio.charset.StandardCharsets;

/**
 * One invocation of the deployed version through the AgentCore data plane, and what its reply must
 * contain. The reply must have a 2xx status; when given, it must also contain {@code expectedText}
 * and have the JSON field {@code expectedField} (with {@code expectedValue}, when given).
 *
 * @param payload the request body sent to the agent as {@code application/json}, such as {@code {"prompt":"ping"}}
 * @param expectedText text the reply body must contain, or {@code null}
 * @param expectedField a JSON field the reply must have, as a dotted path ({@code result.status},
 *     {@code items.0.id}) or a JSON Pointer ({@code /result/status}), or {@code null}
 * @param expectedValue the text value that field must have, or {@code null} when any value will do
 */
public record SmokeTest(String payload, String expectedText, String expectedField, String expectedValue) {

    /** InvokeAgentRuntime accepts payloads up to 100,000,000 bytes. */
    static final int MAX_PAYLOAD_BYTES = 100_000_000;
    /** How long a payload may be to be quoted in full in a message. */
    static final int QUOTED_PAYLOAD_LENGTH = 200;
    /** Fails on text after the first JSON value, which the agent would read as a broken payload. */
    private static final ObjectReader JSON = new ObjectMapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * Parses a field expectation of the form {@code path=value} or {@code path}. An empty or blank
     * path is kept, so that {@code check()} rejects it.
     *
     * @param expectation the expectation, or {@code null} for none
     * @return a smoke test with that field expectation
     */
    public SmokeTest withField(String expectation) {
        if (expectation == null) {
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
        checkJson();
        if (expectedText != null && expectedText.isEmpty()) {
            throw new InvalidInputException("smokeTestExpect", expectedText, "the expected text is empty, so every"
                    + " reply would contain it.", "Name text the reply must contain, or leave the expectation out.");
        }
        if (expectedField != null && (expectedField.isBlank() || expectedField.equals("/"))) {
            throw new InvalidInputException("smokeTestExpectField", expectedField, "the field path is empty.",
                    "Name a field such as 'status' or 'result.message', or leave the expectation out.");
        }
    }

    /** Rejects a payload that is not one JSON value, because the smoke test sends it as {@code application/json}. */
    private void checkJson() {
        JsonNode parsed;
        try {
            parsed = JSON.readTree(payload);
        } catch (MismatchedInputException e) {
            throw invalidJson("text follows the JSON value" + position(e.getLocation()) + ".");
        } catch (JsonProcessingException e) {
            throw invalidJson(e.getOriginalMessage() + position(e.getLocation()) + ".");
        }
        if (parsed == null || parsed.isMissingNode()) {
            throw invalidJson("it holds no JSON value.");
        }
    }

    private InvalidInputException invalidJson(String problem) {
        String quoted = payload.length() <= QUOTED_PAYLOAD_LENGTH ? payload : null;
        return new InvalidInputException("smokeTestPayload", quoted, "the smoke test sends the payload as"
                + " application/json, but it is not valid JSON: " + problem,
                "Pass a JSON body, for example '{\"prompt\": \"ping\"}'.");
    }

    private static String position(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
