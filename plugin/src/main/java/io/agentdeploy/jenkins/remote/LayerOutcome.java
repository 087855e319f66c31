package io.agentdeploy.jenkins.remote;

import io.agentdeploy.jenkins.PlainValues;
import io.agentdeploy.jenkins.report.LayerRow;
import io.agentdeploy.progress.Redactor;
import io.agentdeploy.report.LayerRecord;
import io.agentdeploy.report.LayerResult;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a phase sends back to the controller: the step's returned values, the row for the build page
 * and, when the layer failed, the failure message. Plain values only, already redacted.
 */
public final class LayerOutcome implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Map<String, Object> values;
    private final LayerRow row;
    private final String failure;

    private LayerOutcome(Map<String, Object> values, LayerRow row, String failure) {
        this.values = values;
        this.row = row;
        this.failure = failure;
    }

    static LayerOutcome succeeded(String step, String agent, LayerResult result, Instant startedAt) {
        LayerRecord record = LayerRecord.of(agent, result, startedAt, Duration.between(startedAt, Instant.now()));
        return new LayerOutcome(PlainValues.copyMap(result.toMap()), LayerRow.of(step, record), null);
    }

    static LayerOutcome failed(String step, LayerRecord record, Redactor redactor) {
        // Library messages inside a failure can echo a secret: redact before it is shown or stored.
        LayerRecord redacted = new LayerRecord(record.layer(), record.agent(), record.target(), record.status(),
                record.startedAt(), record.duration(), record.summary(), record.details(),
                record.notes().stream().map(redactor::redact).toList(), redactor.redact(record.error()));
        return new LayerOutcome(Map.of(), LayerRow.of(step, redacted), redacted.error());
    }

    /** The values the step returns to the script; empty when it failed. */
    public Map<String, Object> values() {
        return values;
    }

    public List<LayerRow> rows() {
        return List.of(row);
    }

    /** The failure message, or {@code null} when the layer succeeded. */
    public String failure() {
        return failure;
    }
}
