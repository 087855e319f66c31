package io.agentdeploy.jenkins.report;

import hudson.Util;
import io.agentdeploy.report.LayerRecord;
import io.agentdeploy.report.LayerStatus;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One layer of one step call as the build page shows it: plain strings and numbers only, because it
 * is stored in the build's {@code build.xml} and sent from the agent. Built from the engine's
 * {@link LayerRecord}, which holds no secret.
 */
public final class LayerRow implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String step;
    private final String layer;
    private final String agent;
    private final String target;
    private final String status;
    private final long startedAtMillis;
    private final long durationMillis;
    private final String summary;
    private final Map<String, String> details;
    private final List<String> notes;
    private final String error;

    private LayerRow(String step, LayerRecord record) {
        this.step = step;
        this.layer = record.layer().displayName();
        this.agent = record.agent();
        this.target = record.target();
        this.status = record.status().name();
        this.startedAtMillis = record.startedAt() == null ? 0 : record.startedAt().toEpochMilli();
        this.durationMillis = record.duration() == null ? -1 : record.duration().toMillis();
        this.summary = record.summary();
        this.details = Collections.unmodifiableMap(asText(record.details()));
        this.notes = List.copyOf(record.notes());
        this.error = record.error();
    }

    /** Converts an engine record; {@code step} is the Pipeline function that produced it. */
    public static LayerRow of(String step, LayerRecord record) {
        return new LayerRow(step, record);
    }

    private static Map<String, String> asText(Map<String, Object> values) {
        Map<String, String> text = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            if (entry.getValue() != null) {
                text.put(entry.getKey(), asText(entry.getValue()));
            }
        }
        return text;
    }

    private static String asText(Object value) {
        if (value instanceof Map<?, ?> map) {
            List<String> parts = new ArrayList<>();
            map.forEach((key, element) -> parts.add(key + " " + element));
            return String.join(", ", parts);
        }
        if (value instanceof Collection<?> collection) {
            List<String> parts = new ArrayList<>();
            collection.forEach(element -> parts.add(String.valueOf(element)));
            return String.join(", ", parts);
        }
        return String.valueOf(value);
    }

    public String getStep() {
        return step;
    }

    /** The layer's display name: ECR, AgentCore or EKS. */
    public String getLayer() {
        return layer;
    }

    public String getAgent() {
        return agent;
    }

    public String getTarget() {
        return target;
    }

    /** A {@link LayerStatus} name. */
    public String getStatus() {
        return status;
    }

    public boolean isSucceeded() {
        return LayerStatus.SUCCEEDED.name().equals(status) || LayerStatus.UNCHANGED.name().equals(status);
    }

    public long getStartedAtMillis() {
        return startedAtMillis;
    }

    public long getDurationMillis() {
        return durationMillis;
    }

    /** The duration in words, for example "1 min 4 sec", or empty when unknown. */
    public String getDurationText() {
        return durationMillis < 0 ? "" : Util.getTimeSpanString(durationMillis);
    }

    public String getSummary() {
        return summary;
    }

    /** The layer's result values as text, in the engine's order. */
    public Map<String, String> getDetails() {
        return details;
    }

    /** One result value as text, or {@code null}. */
    public String detail(String key) {
        return details.get(key);
    }

    public List<String> getNotes() {
        return notes;
    }

    public String getError() {
        return error;
    }
}
