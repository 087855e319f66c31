package io.agentdeploy.jenkins.report;

import io.agentdeploy.report.LayerStatus;
import io.agentdeploy.report.LayerSummary;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One layer of one step call as the build page shows it, from the engine's {@link LayerSummary}.
 * Stored in the build's {@code build.xml}, so it holds only String fields, an {@link ArrayList} and a
 * {@link LinkedHashMap}, which Jenkins writes without complaint, and no secret (the engine's records
 * hold none).
 */
public final class LayerRow implements Serializable {

    private static final long serialVersionUID = 2L;

    private final String step;
    private final String layer;
    private final String agent;
    private final String status;
    private final String target;
    private final String duration;
    private final String summary;
    private final LinkedHashMap<String, String> facts;
    private final ArrayList<String> notes;
    private final String error;

    private LayerRow(String step, LayerSummary summary) {
        this.step = step;
        this.layer = summary.layer();
        this.agent = summary.agent();
        this.status = summary.status();
        this.target = summary.target();
        this.duration = summary.duration();
        this.summary = summary.summary();
        this.facts = new LinkedHashMap<>();
        summary.facts().forEach(fact -> facts.put(fact.label(), fact.value()));
        this.notes = new ArrayList<>(summary.notes());
        this.error = summary.error();
    }

    /** Converts an engine summary row; {@code step} is the Pipeline function that produced it. */
    public static LayerRow of(String step, LayerSummary summary) {
        return new LayerRow(step, summary);
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

    /** A {@link LayerStatus} name. */
    public String getStatus() {
        return status;
    }

    public boolean isSucceeded() {
        return LayerStatus.SUCCEEDED.name().equals(status) || LayerStatus.UNCHANGED.name().equals(status);
    }

    public String getTarget() {
        return target;
    }

    /** The duration in seconds, for example {@code 12.5s}, or {@code -}. */
    public String getDuration() {
        return duration;
    }

    public String getSummary() {
        return summary;
    }

    /** Labelled values by layer: digest, tags, scan counts, runtime version, endpoint, rollout. */
    public Map<String, String> getFacts() {
        return facts;
    }

    /** Rollback notes and warnings. */
    public List<String> getNotes() {
        return notes;
    }

    public String getError() {
        return error;
    }
}
