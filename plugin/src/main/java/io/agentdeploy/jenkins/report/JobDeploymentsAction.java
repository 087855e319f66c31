package io.agentdeploy.jenkins.report;

import hudson.model.Action;
import hudson.model.Job;
import hudson.model.Run;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last successful deployment per agent, layer and target among a job's recent builds, shown on
 * the job page ({@code jobMain.jelly}). Computed when the page is drawn, from at most
 * {@value #MAX_BUILDS} builds, because older builds are loaded from disk on access.
 */
public class JobDeploymentsAction implements Action {

    static final int MAX_BUILDS = 20;

    private final Job<?, ?> job;

    public JobDeploymentsAction(Job<?, ?> job) {
        this.job = job;
    }

    /** One deployed target and the build that deployed it. */
    public static final class Entry {
        private final LayerRow row;
        private final Run<?, ?> build;

        Entry(LayerRow row, Run<?, ?> build) {
            this.row = row;
            this.build = build;
        }

        public LayerRow getRow() {
            return row;
        }

        public Run<?, ?> getBuild() {
            return build;
        }
    }

    public List<Entry> getEntries() {
        Map<String, Entry> newest = new LinkedHashMap<>();
        int seen = 0;
        for (Run<?, ?> build = job.getLastBuild(); build != null && seen < MAX_BUILDS;
                build = build.getPreviousBuild(), seen++) {
            DeploymentAction action = build.getAction(DeploymentAction.class);
            if (action == null) {
                continue;
            }
            for (LayerRow row : action.getRows()) {
                String key = row.getAgent() + '\n' + row.getLayer() + '\n' + row.getTarget();
                if (row.isSucceeded() && !newest.containsKey(key)) {
                    newest.put(key, new Entry(row, build));
                }
            }
        }
        return new ArrayList<>(newest.values());
    }

    public Job<?, ?> getJob() {
        return job;
    }

    // No side panel link and no URL: the table is drawn on the job page only.
    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return null;
    }

    @Override
    public String getUrlName() {
        return null;
    }
}
