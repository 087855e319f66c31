package io.agentdeploy.agentcore;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A passed smoke test: the endpoint and version invoked, and the reply's status and duration.
 *
 * @param endpoint the endpoint invoked (the qualifier)
 * @param version the version that endpoint served
 * @param statusCode the reply's HTTP status
 * @param durationMillis how long the invocation took
 */
public record SmokeTestResult(String endpoint, String version, int statusCode, long durationMillis) {

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("endpoint", endpoint);
        map.put("version", version);
        map.put("statusCode", statusCode);
        map.put("durationMillis", durationMillis);
        map.put("passed", true);
        return map;
    }
}
