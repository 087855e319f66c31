package io.agentdeploy.report;

import java.time.Duration;
import java.util.Locale;

/** Renders a deployment record as the plain-text summary printed at the end of a run. */
public final class TextSummary {

    private TextSummary() {
    }

    public static String render(DeploymentRecord record) {
        StringBuilder text = new StringBuilder();
        text.append("Deployment of ").append(record.agent()).append(": ")
                .append(record.succeeded() ? "succeeded" : "failed").append('\n');
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

    static String seconds(Duration duration) {
        if (duration == null) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
    }
}
