package io.agentdeploy.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one layer did: its status, timing, a one-line summary, the step's result values and notes
 * (rollbacks, warnings). Holds only plain values (String, Number, Boolean, List, Map) and never a
 * secret, because it is printed, stored as JSON and kept with Jenkins builds.
 *
 * @param layer the layer
 * @param agent the agent name
 * @param target where it was deployed, for example a repository URI, runtime ARN or namespace/name
 * @param status the outcome
 * @param startedAt when the layer started
 * @param duration how long it ran
 * @param summary one line for humans
 * @param details the layer's result values, in a stable order
 * @param notes rollback notes and warnings worth keeping
 * @param error the failure message, or {@code null}
 */
public record LayerRecord(
        Layer layer,
        String agent,
        String target,
        LayerStatus status,
        Instant startedAt,
        Duration duration,
        String summary,
        Map<String, Object> details,
        List<String> notes,
        String error) {

    public LayerRecord {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(status, "status");
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** Builds the record of a layer that finished, from its result. */
    public static LayerRecord of(String agent, LayerResult result, Instant startedAt, Duration duration) {
        return new LayerRecord(result.layer(), agent, result.target(),
                result.changed() ? LayerStatus.SUCCEEDED : LayerStatus.UNCHANGED, startedAt, duration,
                result.summary(), result.toMap(), result.notes(), null);
    }

    /** Builds the record of a layer that failed, with the failure's message, notes and summary. */
    public static LayerRecord failed(Layer layer, String agent, String target, Instant startedAt, Duration duration,
            RuntimeException failure) {
        boolean rolledBack = failure instanceof io.agentdeploy.error.LayerFailedException lf && lf.rolledBack();
        List<String> notes = failure instanceof io.agentdeploy.error.LayerFailedException lf ? lf.notes() : List.of();
        String summary = failure instanceof io.agentdeploy.error.LayerFailedException lf ? lf.summary() : null;
        return new LayerRecord(layer, agent, target, rolledBack ? LayerStatus.ROLLED_BACK : LayerStatus.FAILED,
                startedAt, duration, summary, Map.of(), notes, failure.getMessage());
    }

    /** Builds the record of a layer that did not run because an earlier one failed. */
    public static LayerRecord skipped(Layer layer, String agent) {
        return new LayerRecord(layer, agent, null, LayerStatus.SKIPPED, null, null, "not run: an earlier layer failed",
                Map.of(), List.of(), null);
    }

    /** True when the layer left its target healthy (changed or unchanged). */
    public boolean succeeded() {
        return status == LayerStatus.SUCCEEDED || status == LayerStatus.UNCHANGED;
    }

    /**
     * Returns the record as plain values ({@link PlainValues}), with times as epoch milliseconds, for
     * stores that keep maps: the Jenkins build page and Pipeline program state.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("layer", layer.name());
        map.put("agent", agent);
        map.put("target", target);
        map.put("status", status.name());
        map.put("startedAtEpochMillis", startedAt == null ? null : startedAt.toEpochMilli());
        map.put("durationMillis", duration == null ? null : duration.toMillis());
        map.put("summary", summary);
        map.put("details", PlainValues.copyMap(details));
        map.put("notes", new ArrayList<>(notes));
        map.put("error", error);
        return map;
    }

    /**
     * Rebuilds a record from {@link #toMap()}; numbers may come back as any {@link Number}.
     *
     * @throws IllegalArgumentException when the map is not a record's map
     */
    @SuppressWarnings("unchecked")
    public static LayerRecord fromMap(Map<String, ?> map) {
        try {
            Number started = (Number) map.get("startedAtEpochMillis");
            Number duration = (Number) map.get("durationMillis");
            return new LayerRecord(Layer.valueOf((String) map.get("layer")), (String) map.get("agent"),
                    (String) map.get("target"), LayerStatus.valueOf((String) map.get("status")),
                    started == null ? null : Instant.ofEpochMilli(started.longValue()),
                    duration == null ? null : Duration.ofMillis(duration.longValue()), (String) map.get("summary"),
                    (Map<String, Object>) map.get("details"), (List<String>) map.get("notes"),
                    (String) map.get("error"));
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("Not a layer record's map: " + e.getMessage(), e);
        }
    }
}
