package io.agentdeploy.agentcore;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a deployment did to one runtime endpoint.
 *
 * @param name the endpoint name
 * @param arn the endpoint ARN
 * @param previousVersion the version it served before, or {@code null} when this deployment created it
 * @param version the version it serves now
 * @param changed whether this deployment created or moved it (DEFAULT moves with every update)
 */
public record EndpointChange(String name, String arn, String previousVersion, String version, boolean changed) {

    /** The change as plain values for records and Pipeline scripts. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", name);
        map.put("arn", arn);
        map.put("previousVersion", previousVersion);
        map.put("version", version);
        map.put("changed", changed);
        return map;
    }
}
