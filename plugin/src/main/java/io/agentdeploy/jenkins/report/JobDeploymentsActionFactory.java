package io.agentdeploy.jenkins.report;

import hudson.Extension;
import hudson.model.Action;
import hudson.model.Job;
import java.util.Collection;
import java.util.Set;
import jenkins.model.TransientActionFactory;

/** Adds {@link JobDeploymentsAction} to every job; it computes nothing until its view is drawn. */
@Extension
@SuppressWarnings("rawtypes")
public class JobDeploymentsActionFactory extends TransientActionFactory<Job> {

    @Override
    public Class<Job> type() {
        return Job.class;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Collection<? extends Action> createFor(Job target) {
        return Set.of(new JobDeploymentsAction(target));
    }
}
