package io.agentdeploy.jenkins.steps;

import hudson.EnvVars;
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
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * Descriptor base of the four steps: what they need from Pipeline, the Snippet Generator's form
 * binding, and the form methods of every parameter. Each form method requires POST and checks the
 * permission on the item first; a step whose form lacks a field never calls its method.
 *
 * <p>Every step runs inside {@code node {}}: its work runs on the agent that holds the workspace.
 */
public abstract class DeploymentStepDescriptor extends StepDescriptor {

    /** List parameters, which the Snippet Generator shows as text areas with one entry per line. */
    static final List<String> LIST_FIELDS = List.of("buildArgs", "labels", "tags", "platforms", "repositoryTags",
            "replicationDestinations", "environment", "secretEnvironment", "subnets", "securityGroups",
            "allowedAudiences", "allowedClients", "requestHeaders", "runtimeTags", "set", "manifests");

    /** Boolean parameters that are on unless turned off; every other Boolean parameter is off by default. */
    static final Set<String> ON_BY_DEFAULT = Set.of("readGit", "readTfvars", "rollback", "createNamespace", "atomic");

    @Override
    public Set<? extends Class<?>> getRequiredContext() {
        return Set.of(Run.class, TaskListener.class, FilePath.class, EnvVars.class);
    }

    @Override
    public Step newInstance(StaplerRequest2 req, JSONObject formData) throws FormException {
        // Text areas become lists, and blank fields stay unset so that the global defaults apply.
        Lines.toArrays(formData, LIST_FIELDS);
        StepForms.dropBlank(formData);
        // A checkbox always submits a value; one equal to the default stays unset, so the snippet omits it.
        StepForms.dropDefaultBooleans(formData, ON_BY_DEFAULT);
        return super.newInstance(req, formData);
    }

    /** Joins a list parameter for its text area. */
    public String lines(List<String> values) {
        return Lines.join(values);
    }

    @POST
    public FormValidation doCheckAgent(@AncestorInPath Item item, @QueryParameter String value) {
        return StepForms.checkAgent(item, value);
    }

    @POST
    public FormValidation doCheckRegion(@AncestorInPath Item item, @QueryParameter String value) {
        return StepForms.checkRegion(item, value);
    }

    @POST
    public FormValidation doCheckRoleArn(@AncestorInPath Item item, @QueryParameter String value) {
        return StepForms.checkRoleArn(item, "roleArn", value);
    }

    @POST
    public FormValidation doCheckExecutionRoleArn(@AncestorInPath Item item, @QueryParameter String value) {
        return StepForms.checkRoleArn(item, "executionRoleArn", value);
    }

    @POST
    public FormValidation doCheckRepository(@AncestorInPath Item item, @QueryParameter String value) {
        return StepForms.checkRepository(item, value);
    }

    @POST
    public FormValidation doCheckNamespace(@AncestorInPath Item item, @QueryParameter String value) {
        return StepForms.checkKubernetesName(item, "namespace", value);
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
    public ListBoxModel doFillKubeconfigCredentialsIdItems(@AncestorInPath Item item,
            @QueryParameter String kubeconfigCredentialsId) {
        return StepForms.kubeconfigCredentials(item, kubeconfigCredentialsId);
    }

    @POST
    public FormValidation doCheckKubeconfigCredentialsId(@AncestorInPath Item item, @QueryParameter String value) {
        return StepForms.checkKubeconfigCredentials(item, value);
    }

    @POST
    public ListBoxModel doFillRegistryCredentialsIdItems(@AncestorInPath Item item,
            @QueryParameter String registryCredentialsId) {
        return StepForms.usernamePasswordCredentials(item, registryCredentialsId);
    }

    @POST
    public ListBoxModel doFillTagMutabilityItems(@AncestorInPath Item item, @QueryParameter String tagMutability) {
        return StepForms.choices(item, "TagMutability", tagMutability);
    }

    @POST
    public ListBoxModel doFillFailOnSeverityItems(@AncestorInPath Item item, @QueryParameter String failOnSeverity) {
        return StepForms.choices(item, "FailOnSeverity", failOnSeverity);
    }

    @POST
    public ListBoxModel doFillScanUnavailableItems(@AncestorInPath Item item, @QueryParameter String scanUnavailable) {
        return StepForms.choices(item, "ScanUnavailable", scanUnavailable);
    }

    @POST
    public ListBoxModel doFillScanOnPushItems(@AncestorInPath Item item, @QueryParameter String scanOnPush) {
        return StepForms.choices(item, "ScanOnPush", scanOnPush);
    }

    @POST
    public ListBoxModel doFillNetworkModeItems(@AncestorInPath Item item, @QueryParameter String networkMode) {
        return StepForms.choices(item, "NetworkMode", networkMode);
    }

    @POST
    public ListBoxModel doFillProtocolItems(@AncestorInPath Item item, @QueryParameter String protocol) {
        return StepForms.choices(item, "Protocol", protocol);
    }
}
