package io.agentdeploy.report;

import java.time.Duration;
import java.util.Locale;

/** Renders a deployment record as the plain-text summary printed at the end of a run. */
public final class TextSummary {

    private TextSummary() {
    }

    /** Renders the headline, then one line per layer with its notes and error. */
    public static String render(DeploymentRecord record) {
        StringBuilder text = new StringBuilder();
        text.append("Deployment of ").append(record.agent()).append(": ").append(outcome(record)).append('\n');
        for (LayerRecord layer : record.layers()) {
            text.append(String.format(Locale.ROOT, "  %-10s %-11s %7s  %s%n",
                    layer.layer().displayName(), layer.status(), seconds(layer.duration()),
                    layer.summary() == null ? "" : layer.summary()));
            for (String note : layer.notes()) {
                text.append("             note: ").append(note).append('\n');
            }
            if (layer.error() != null) {
                text.append("             error: ").append(layer.error()).append('\n');
            }
        }
        return text.toString();
    }

    /** Returns the headline's outcome, which states when a successful run left every target as it was. */
    private static String outcome(DeploymentRecord record) {
        if (!record.succeeded()) {
            return "failed";
        }
        boolean changedNothing = record.layers().stream().allMatch(layer -> layer.status() == LayerStatus.UNCHANGED);
        return changedNothing ? "succeeded, nothing changed" : "succeeded";
    }

    static String seconds(Duration duration) {
        if (duration == null) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
    }
}
