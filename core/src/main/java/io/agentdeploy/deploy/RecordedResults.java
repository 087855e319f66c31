package io.agentdeploy.deploy;

import io.agentdeploy.agentcore.AgentCoreDeployResult;
import io.agentdeploy.agentcore.EndpointChange;
import io.agentdeploy.ecr.EcrPushResult;
import io.agentdeploy.report.LayerRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds the layer results that an atomic rollback needs from the records of a finished layer,
 * whose details are the result's own {@code toMap()}. The records are all a deployment keeps across
 * a restart of its caller. Fields a rollback does not read, such as the smoke test, are left out.
 */
final class RecordedResults {

    private RecordedResults() {
    }

    static EcrPushResult push(LayerRecord record) {
        Map<String, Object> d = record.details();
        return new EcrPushResult(text(d, "repositoryName"), text(d, "repositoryUri"), text(d, "registryId"),
                text(d, "region"), text(d, "imageUri"), text(d, "imageDigest"), text(d, "imageRef"),
                texts(d.get("tags")), texts(d.get("platforms")), textMap(d.get("platformDigests")),
                number(d, "sizeBytes").longValue(), text(d, "scanStatus"), counts(d.get("scanFindings")),
                texts(d.get("topFindings")), flag(d, "created"), texts(d.get("repositoryChanges")),
                number(d, "layersPushed").intValue(), number(d, "layersReused").intValue(),
                number(d, "retries").intValue(), textMap(d.get("previousDigests")), flag(d, "changed"),
                record.notes());
    }

    static AgentCoreDeployResult agentCore(LayerRecord record) {
        Map<String, Object> d = record.details();
        List<EndpointChange> endpoints = new ArrayList<>();
        if (d.get("endpoints") instanceof List<?> list) {
            for (Object item : list) {
                Map<?, ?> endpoint = (Map<?, ?>) item;
                endpoints.add(new EndpointChange((String) endpoint.get("name"), (String) endpoint.get("arn"),
                        (String) endpoint.get("previousVersion"), (String) endpoint.get("version"),
                        Boolean.TRUE.equals(endpoint.get("changed"))));
            }
        }
        return new AgentCoreDeployResult(text(d, "runtimeName"), text(d, "runtimeId"), text(d, "runtimeArn"),
                text(d, "runtimeVersion"), text(d, "previousVersion"), text(d, "status"), text(d, "endpointName"),
                text(d, "endpointArn"), text(d, "endpointLiveVersion"), text(d, "containerUri"), text(d, "region"),
                text(d, "executionRoleArn"), endpoints, null, flag(d, "changed"), record.notes());
    }

    private static String text(Map<String, Object> details, String key) {
        return (String) details.get(key);
    }

    private static Number number(Map<String, Object> details, String key) {
        Object value = details.get(key);
        return value == null ? 0 : (Number) value;
    }

    private static boolean flag(Map<String, Object> details, String key) {
        return Boolean.TRUE.equals(details.get(key));
    }

    private static List<String> texts(Object value) {
        List<String> list = new ArrayList<>();
        if (value instanceof List<?> items) {
            items.forEach(item -> list.add(String.valueOf(item)));
        }
        return list;
    }

    private static Map<String, String> textMap(Object value) {
        Map<String, String> map = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> entries) {
            entries.forEach((key, item) -> map.put(String.valueOf(key), String.valueOf(item)));
        }
        return map;
    }

    private static Map<String, Integer> counts(Object value) {
        Map<String, Integer> map = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> entries) {
            entries.forEach((key, item) -> map.put(String.valueOf(key), ((Number) item).intValue()));
        }
        return map;
    }
}
