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
 * The {@code agentEksDeploy} step: deploy an agent to Kubernetes on Amazon EKS.
 * Parameters left unset fall back to the global configuration; docs/steps/agentEksDeploy.md
 * describes each one. Serializable so that its execution can
 * resume after a controller restart and carry it to the agent.
 */
public class AgentEksDeployStep extends AwsStep {

    private static final long serialVersionUID = 1L;

    /** Step name in Pipeline scripts. */
    public static final String FUNCTION_NAME = "agentEksDeploy";

    private final String agent;
    private final String image;
    private String kubeconfigCredentialsId;
    private String context;
    private String cluster;
    private String values;
    private List<String> set;
    private String chart;
    private List<String> manifests;
    private String namespace;
    private Boolean createNamespace;
    private Integer timeout;
    private Boolean rollback;
    private String renderTo;

    @DataBoundConstructor
    public AgentEksDeployStep(String agent, String image) {
        this.agent = Util.fixEmptyAndTrim(agent);
        this.image = Util.fixEmptyAndTrim(image);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new EksDeployExecution(this, context);
    }

    public String getAgent() {
        return agent;
    }

    public String getImage() {
        return image;
    }

    public String getKubeconfigCredentialsId() {
        return kubeconfigCredentialsId;
    }

    @DataBoundSetter
    public void setKubeconfigCredentialsId(String kubeconfigCredentialsId) {
        this.kubeconfigCredentialsId = Util.fixEmptyAndTrim(kubeconfigCredentialsId);
    }

    public String getContext() {
        return context;
    }

    @DataBoundSetter
    public void setContext(String context) {
        this.context = Util.fixEmptyAndTrim(context);
    }

    public String getCluster() {
        return cluster;
    }

    @DataBoundSetter
    public void setCluster(String cluster) {
        this.cluster = Util.fixEmptyAndTrim(cluster);
    }

    public String getValues() {
        return values;
    }

    @DataBoundSetter
    public void setValues(String values) {
        this.values = Util.fixEmptyAndTrim(values);
    }

    public List<String> getSet() {
        return set;
    }

    @DataBoundSetter
    public void setSet(List<String> set) {
        this.set = Lines.clean(set);
    }

    public String getChart() {
        return chart;
    }

    @DataBoundSetter
    public void setChart(String chart) {
        this.chart = Util.fixEmptyAndTrim(chart);
    }

    public List<String> getManifests() {
        return manifests;
    }

    @DataBoundSetter
    public void setManifests(List<String> manifests) {
        this.manifests = Lines.clean(manifests);
    }

    public String getNamespace() {
        return namespace;
    }

    @DataBoundSetter
    public void setNamespace(String namespace) {
        this.namespace = Util.fixEmptyAndTrim(namespace);
    }

    public Boolean getCreateNamespace() {
        return createNamespace;
    }

    @DataBoundSetter
    public void setCreateNamespace(Boolean createNamespace) {
        this.createNamespace = createNamespace;
    }

    public Integer getTimeout() {
        return timeout;
    }

    @DataBoundSetter
    public void setTimeout(Integer timeout) {
        this.timeout = timeout;
    }

    public Boolean getRollback() {
        return rollback;
    }

    @DataBoundSetter
    public void setRollback(Boolean rollback) {
        this.rollback = rollback;
    }

    public String getRenderTo() {
        return renderTo;
    }

    @DataBoundSetter
    public void setRenderTo(String renderTo) {
        this.renderTo = Util.fixEmptyAndTrim(renderTo);
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
            return io.agentdeploy.jenkins.Messages.AgentEksDeployStep_DisplayName();
        }

        @Override
        public Step newInstance(StaplerRequest2 req, JSONObject formData) throws FormException {
            // Text areas hold one entry per line; blank number fields mean "not set".
            Lines.toArrays(formData, "set", "manifests");
            StepForms.dropBlank(formData, "timeout", "rollback", "createNamespace");
            return super.newInstance(req, formData);
        }

        @POST
        public FormValidation doCheckAgent(@AncestorInPath Item item, @QueryParameter String value) {
            return StepForms.checkAgent(item, value);
        }

        @POST
        public FormValidation doCheckNamespace(@AncestorInPath Item item, @QueryParameter String value) {
            return StepForms.checkKubernetesName(item, "namespace", value);
        }

        @POST
        public FormValidation doCheckTimeout(@AncestorInPath Item item, @QueryParameter String value) {
            return StepForms.checkPositiveNumber(item, value);
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
    }
}
