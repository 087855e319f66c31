package io.agentdeploy.jenkins.steps;

import hudson.Extension;
import hudson.Util;
import io.agentdeploy.deploy.DeploymentPlan;
import io.agentdeploy.jenkins.BuildCredentials;
import io.agentdeploy.jenkins.Defaults;
import io.agentdeploy.jenkins.Lines;
import io.agentdeploy.jenkins.Messages;
import io.agentdeploy.jenkins.remote.EksRequests;
import io.agentdeploy.jenkins.remote.PlanContext;
import io.agentdeploy.jenkins.remote.StepSecrets;
import io.agentdeploy.report.DeploymentRecord;
import io.agentdeploy.report.Layer;
import java.io.IOException;
import java.util.List;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The {@code agentEksDeploy} step: renders the agent's Kubernetes objects (built-in manifests, a Helm
 * chart or manifest files), applies them, waits for the rollout and rolls back on failure, or only
 * renders them to a folder. The wait for the rollout resumes after a controller restart. Returns the
 * rollout's values. Parameters left unset fall back to the global configuration.
 */
public class AgentEksDeployStep extends AwsStep implements DeploymentStep {

    private static final long serialVersionUID = 1L;

    /** Step name in Pipeline scripts. */
    public static final String FUNCTION_NAME = "agentEksDeploy";

    private final String agent;
    private final String image;
    private String values;
    private List<String> set;
    private String chart;
    private List<String> manifests;
    private String namespace;
    private Boolean createNamespace;
    private String kubeconfigCredentialsId;
    private String context;
    private String cluster;
    private Boolean inCluster;
    private String iamRoleArn;
    private Integer timeout;
    private Boolean rollback;
    private Integer rollbackTimeout;
    private Boolean keepFailed;
    private Boolean tolerateFailures;
    private Integer restartThreshold;
    private Boolean forceConflicts;
    private String renderTo;

    @DataBoundConstructor
    public AgentEksDeployStep(String agent, String image) {
        this.agent = Util.fixEmptyAndTrim(agent);
        this.image = Util.fixEmptyAndTrim(image);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new DeploymentExecution(this, context);
    }

    @Override
    public String functionName() {
        return FUNCTION_NAME;
    }

    @Override
    public String getAgent() {
        return agent;
    }

    /** The image to deploy, best by digest: the {@code imageRef} that {@code agentEcrPush} returns. */
    public String getImage() {
        return image;
    }

    /** The kubeconfig credential to read: this step's, else the global one unless another access is chosen. */
    String kubeconfigIdOrDefault(Defaults defaults) {
        if (kubeconfigCredentialsId != null || cluster != null || Boolean.TRUE.equals(inCluster)) {
            return kubeconfigCredentialsId;
        }
        return defaults.cluster == null ? defaults.kubeconfigCredentialsId : null;
    }

    @Override
    public StepSecrets resolveSecrets(BuildCredentials credentials, Defaults defaults) throws IOException {
        return credentials.resolve(this, defaults).withKubeconfig(credentials.kubeconfig(kubeconfigIdOrDefault(defaults)));
    }

    @Override
    public DeploymentPlan plan(PlanContext context) {
        return new DeploymentPlan(agent, null, image, null, reference -> EksRequests.deploy(this, reference, context),
                false);
    }

    @Override
    public Object returnValue(DeploymentRecord record) throws IOException {
        return StepResults.layerValues(record, Layer.EKS);
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

    public Boolean getInCluster() {
        return inCluster;
    }

    @DataBoundSetter
    public void setInCluster(Boolean inCluster) {
        this.inCluster = inCluster;
    }

    public String getIamRoleArn() {
        return iamRoleArn;
    }

    @DataBoundSetter
    public void setIamRoleArn(String iamRoleArn) {
        this.iamRoleArn = Util.fixEmptyAndTrim(iamRoleArn);
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

    public Integer getRollbackTimeout() {
        return rollbackTimeout;
    }

    @DataBoundSetter
    public void setRollbackTimeout(Integer rollbackTimeout) {
        this.rollbackTimeout = rollbackTimeout;
    }

    public Boolean getKeepFailed() {
        return keepFailed;
    }

    @DataBoundSetter
    public void setKeepFailed(Boolean keepFailed) {
        this.keepFailed = keepFailed;
    }

    public Boolean getTolerateFailures() {
        return tolerateFailures;
    }

    @DataBoundSetter
    public void setTolerateFailures(Boolean tolerateFailures) {
        this.tolerateFailures = tolerateFailures;
    }

    public Integer getRestartThreshold() {
        return restartThreshold;
    }

    @DataBoundSetter
    public void setRestartThreshold(Integer restartThreshold) {
        this.restartThreshold = restartThreshold;
    }

    public Boolean getForceConflicts() {
        return forceConflicts;
    }

    @DataBoundSetter
    public void setForceConflicts(Boolean forceConflicts) {
        this.forceConflicts = forceConflicts;
    }

    public String getRenderTo() {
        return renderTo;
    }

    @DataBoundSetter
    public void setRenderTo(String renderTo) {
        this.renderTo = Util.fixEmptyAndTrim(renderTo);
    }
    /** The step's name, display name, form checks and drop-down lists. */
    @Extension
    public static final class DescriptorImpl extends DeploymentStepDescriptor {

        @Override
        public String getFunctionName() {
            return FUNCTION_NAME;
        }

        @Override
        public String getDisplayName() {
            return Messages.AgentEksDeployStep_DisplayName();
        }
    }
}
