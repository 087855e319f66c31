package io.agentdeploy.jenkins.report;

import hudson.model.Run;
import io.agentdeploy.jenkins.Messages;
import io.agentdeploy.report.DeploymentRecord;
import io.agentdeploy.report.LayerSummary;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.RunAction2;

/**
 * The deployments of one build: one row per layer per step call, in the order they ran. Shown as a
 * summary box on the build page ({@code summary.jelly}) and as a details page ({@code index.jelly}).
 * Stored in {@code build.xml}; rows hold no secret.
 */
public class DeploymentAction implements RunAction2 {

    static final String URL_NAME = "agent-deploy";

    private final ArrayList<LayerRow> rows = new ArrayList<>();
    private transient Run<?, ?> run;

    /** Adds a deployment's rows to the build's action, creating it on first use, and saves the build. */
    public static void record(Run<?, ?> run, String step, DeploymentRecord record) throws IOException {
        List<LayerRow> newRows = new ArrayList<>();
        for (LayerSummary summary : LayerSummary.of(record)) {
            newRows.add(LayerRow.of(step, summary));
        }
        synchronized (run) {
            DeploymentAction action = run.getAction(DeploymentAction.class);
            if (action == null) {
                action = new DeploymentAction();
                run.addAction(action);
            }
            action.add(newRows);
        }
        run.save();
    }

    private synchronized void add(List<LayerRow> newRows) {
        rows.addAll(newRows);
    }

    public synchronized List<LayerRow> getRows() {
        return new ArrayList<>(rows);
    }

    public Run<?, ?> getRun() {
        return run;
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public String getIconFileName() {
        return "clipboard.png";
    }

    @Override
    public String getDisplayName() {
        return Messages.DeploymentAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return URL_NAME;
    }
}
