package io.agentdeploy.jenkins.steps;

import hudson.FilePath;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.agentdeploy.jenkins.Lines;
import io.agentdeploy.jenkins.StepForms;
import java.util.List;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Descriptor base of the steps: what they need from Pipeline and the form methods of the AWS fields.
 * Every step runs inside {@code node {}}: its work runs on the agent that holds the workspace.
 */
public abstract class AwsStepDescriptor extends StepDescriptor {

    @Override
    public Set<? extends Class<?>> getRequiredContext() {
        return Set.of(Run.class, TaskListener.class, FilePath.class);
    }

    /** Joins a list parameter for its text area in the form. */
    public String lines(List<String> values) {
        return Lines.join(values);
    }

    @POST
    public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
        return StepForms.awsCredentials(item, credentialsId);
    }

    @POST
    public FormValidation doCheckCredentialsId(@AncestorInPath Item item, @QueryParameter String value) {
        return StepForms.checkAwsCredentials(item, value);
    }

    @POST
    public FormValidation doCheckRegion(@AncestorInPath Item item, @QueryParameter String value) {
        return StepForms.checkRegion(item, value);
    }

    @POST
    public FormValidation doCheckRoleArn(@AncestorInPath Item item, @QueryParameter String value) {
        return StepForms.checkRoleArn(item, "roleArn", value);
    }
}
