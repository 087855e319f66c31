package io.agentdeploy.jenkins.steps;

import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.agentdeploy.jenkins.Lines;
import io.agentdeploy.jenkins.StepForms;
import java.util.List;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * The {@code agentEcrPush} step: build and push an agent image to Amazon ECR.
 * Parameters left unset fall back to the global configuration; docs/steps/agentEcrPush.md
 * describes each one. Serializable so that its execution can
 * resume after a controller restart and carry it to the agent.
 */
public class AgentEcrPushStep extends AwsStep {

    private static final long serialVersionUID = 1L;

    /** Step name in Pipeline scripts. */
    public static final String FUNCTION_NAME = "agentEcrPush";

    private final String agent;
    private String repository;
    private String context;
    private String dockerfile;
    private String target;
    private List<String> buildArgs;
    private List<String> labels;
    private List<String> tags;
    private List<String> platforms;
    private Boolean noCache;
    private Boolean pull;
    private Boolean scanOnPush;
    private String tagMutability;
    private String encryption;
    private Integer lifecycleKeepLast;
    private String failOnSeverity;
    private Integer scanTimeout;

    @DataBoundConstructor
    public AgentEcrPushStep(String agent) {
        this.agent = Util.fixEmptyAndTrim(agent);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new EcrPushExecution(this, context);
    }

    public String getAgent() {
        return agent;
    }

    public String getRepository() {
        return repository;
    }

    @DataBoundSetter
    public void setRepository(String repository) {
        this.repository = Util.fixEmptyAndTrim(repository);
    }

    public String getContext() {
        return context;
    }

    @DataBoundSetter
    public void setContext(String context) {
        this.context = Util.fixEmptyAndTrim(context);
    }

    public String getDockerfile() {
        return dockerfile;
    }

    @DataBoundSetter
    public void setDockerfile(String dockerfile) {
        this.dockerfile = Util.fixEmptyAndTrim(dockerfile);
    }

    public String getTarget() {
        return target;
    }

    @DataBoundSetter
    public void setTarget(String target) {
        this.target = Util.fixEmptyAndTrim(target);
    }

    public List<String> getBuildArgs() {
        return buildArgs;
    }

    @DataBoundSetter
    public void setBuildArgs(List<String> buildArgs) {
        this.buildArgs = Lines.clean(buildArgs);
    }

    public List<String> getLabels() {
        return labels;
    }

    @DataBoundSetter
    public void setLabels(List<String> labels) {
        this.labels = Lines.clean(labels);
    }

    public List<String> getTags() {
        return tags;
    }

    @DataBoundSetter
    public void setTags(List<String> tags) {
        this.tags = Lines.clean(tags);
    }

    public List<String> getPlatforms() {
        return platforms;
    }

    @DataBoundSetter
    public void setPlatforms(List<String> platforms) {
        this.platforms = Lines.clean(platforms);
    }

    public Boolean getNoCache() {
        return noCache;
    }

    @DataBoundSetter
    public void setNoCache(Boolean noCache) {
        this.noCache = noCache;
    }

    public Boolean getPull() {
        return pull;
    }

    @DataBoundSetter
    public void setPull(Boolean pull) {
        this.pull = pull;
    }

    public Boolean getScanOnPush() {
        return scanOnPush;
    }

    @DataBoundSetter
    public void setScanOnPush(Boolean scanOnPush) {
        this.scanOnPush = scanOnPush;
    }

    public String getTagMutability() {
        return tagMutability;
    }

    @DataBoundSetter
    public void setTagMutability(String tagMutability) {
        this.tagMutability = Util.fixEmptyAndTrim(tagMutability);
    }

    public String getEncryption() {
        return encryption;
    }

    @DataBoundSetter
    public void setEncryption(String encryption) {
        this.encryption = Util.fixEmptyAndTrim(encryption);
    }

    public Integer getLifecycleKeepLast() {
        return lifecycleKeepLast;
    }

    @DataBoundSetter
    public void setLifecycleKeepLast(Integer lifecycleKeepLast) {
        this.lifecycleKeepLast = lifecycleKeepLast;
    }

    public String getFailOnSeverity() {
        return failOnSeverity;
    }

    @DataBoundSetter
    public void setFailOnSeverity(String failOnSeverity) {
        this.failOnSeverity = Util.fixEmptyAndTrim(failOnSeverity);
    }

    public Integer getScanTimeout() {
        return scanTimeout;
    }

    @DataBoundSetter
    public void setScanTimeout(Integer scanTimeout) {
        this.scanTimeout = scanTimeout;
    }

    /** Descriptor: the step name, its form and its form checks. */
    @Extension
    public static final class DescriptorImpl extends AwsStepDescriptor {

        @Override
        public String getFunctionName() {
            return FUNCTION_NAME;
        }

        @Override
        public String getDisplayName() {
            return io.agentdeploy.jenkins.Messages.AgentEcrPushStep_DisplayName();
        }

        @Override
        public Step newInstance(StaplerRequest2 req, JSONObject formData) throws FormException {
            // Text areas hold one entry per line; blank number fields mean "not set".
            Lines.toArrays(formData, "buildArgs", "labels", "tags", "platforms");
            StepForms.dropBlank(formData, "lifecycleKeepLast", "scanTimeout", "tagMutability", "failOnSeverity", "scanOnPush", "noCache", "pull");
            return super.newInstance(req, formData);
        }

        @POST
        public FormValidation doCheckAgent(@AncestorInPath Item item, @QueryParameter String value) {
            return StepForms.checkAgent(item, value);
        }

        @POST
        public ListBoxModel doFillTagMutabilityItems(@AncestorInPath Item item) {
            return StepForms.choices(item, "TagMutability");
        }

        @POST
        public ListBoxModel doFillFailOnSeverityItems(@AncestorInPath Item item) {
            return StepForms.choices(item, "FailOnSeverity");
        }

        @POST
        public FormValidation doCheckRepository(@AncestorInPath Item item, @QueryParameter String value) {
            return StepForms.checkRepository(item, value);
        }

        @POST
        public FormValidation doCheckLifecycleKeepLast(@AncestorInPath Item item, @QueryParameter String value) {
            return StepForms.checkPositiveNumber(item, value);
        }

        @POST
        public FormValidation doCheckScanTimeout(@AncestorInPath Item item, @QueryParameter String value) {
            return StepForms.checkPositiveNumber(item, value);
        }
    }
}
