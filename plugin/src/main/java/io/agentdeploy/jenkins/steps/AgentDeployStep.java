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
 * The {@code agentDeploy} step: deploy an agent to ECR, AgentCore and EKS.
 * Parameters left unset fall back to the global configuration; docs/steps/agentDeploy.md
 * describes each one. Serializable so that its execution can
 * resume after a controller restart and carry it to the agent.
 */
public class AgentDeployStep extends AwsStep {

    private static final long serialVersionUID = 1L;

    /** Step name in Pipeline scripts. */
    public static final String FUNCTION_NAME = "agentDeploy";

    private final String agent;
    private List<String> layers;
    private Boolean atomic;
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
    private String executionRoleArn;
    private String description;
    private String tfvars;
    private List<String> environment;
    private List<String> secretEnvironment;
    private String networkMode;
    private List<String> subnets;
    private List<String> securityGroups;
    private String protocol;
    private String authorizerDiscoveryUrl;
    private List<String> authorizerAllowedAudiences;
    private List<String> authorizerAllowedClients;
    private Integer idleTimeout;
    private Integer maxLifetime;
    private List<String> runtimeTags;
    private String endpoint;
    private String smokeTestPayload;
    private Integer agentCoreTimeout;
    private String kubeconfigCredentialsId;
    private String kubeContext;
    private String cluster;
    private String values;
    private List<String> set;
    private String chart;
    private List<String> manifests;
    private String namespace;
    private Boolean createNamespace;
    private Integer rolloutTimeout;
    private String renderTo;
    private Boolean rollback;

    @DataBoundConstructor
    public AgentDeployStep(String agent) {
        this.agent = Util.fixEmptyAndTrim(agent);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new AgentDeployExecution(this, context);
    }

    public String getAgent() {
        return agent;
    }

    public List<String> getLayers() {
        return layers;
    }

    @DataBoundSetter
    public void setLayers(List<String> layers) {
        this.layers = Lines.clean(layers);
    }

    public Boolean getAtomic() {
        return atomic;
    }

    @DataBoundSetter
    public void setAtomic(Boolean atomic) {
        this.atomic = atomic;
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

    public String getExecutionRoleArn() {
        return executionRoleArn;
    }

    @DataBoundSetter
    public void setExecutionRoleArn(String executionRoleArn) {
        this.executionRoleArn = Util.fixEmptyAndTrim(executionRoleArn);
    }

    public String getDescription() {
        return description;
    }

    @DataBoundSetter
    public void setDescription(String description) {
        this.description = Util.fixEmptyAndTrim(description);
    }

    public String getTfvars() {
        return tfvars;
    }

    @DataBoundSetter
    public void setTfvars(String tfvars) {
        this.tfvars = Util.fixEmptyAndTrim(tfvars);
    }

    public List<String> getEnvironment() {
        return environment;
    }

    @DataBoundSetter
    public void setEnvironment(List<String> environment) {
        this.environment = Lines.clean(environment);
    }

    public List<String> getSecretEnvironment() {
        return secretEnvironment;
    }

    @DataBoundSetter
    public void setSecretEnvironment(List<String> secretEnvironment) {
        this.secretEnvironment = Lines.clean(secretEnvironment);
    }

    public String getNetworkMode() {
        return networkMode;
    }

    @DataBoundSetter
    public void setNetworkMode(String networkMode) {
        this.networkMode = Util.fixEmptyAndTrim(networkMode);
    }

    public List<String> getSubnets() {
        return subnets;
    }

    @DataBoundSetter
    public void setSubnets(List<String> subnets) {
        this.subnets = Lines.clean(subnets);
    }

    public List<String> getSecurityGroups() {
        return securityGroups;
    }

    @DataBoundSetter
    public void setSecurityGroups(List<String> securityGroups) {
        this.securityGroups = Lines.clean(securityGroups);
    }

    public String getProtocol() {
        return protocol;
    }

    @DataBoundSetter
    public void setProtocol(String protocol) {
        this.protocol = Util.fixEmptyAndTrim(protocol);
    }

    public String getAuthorizerDiscoveryUrl() {
        return authorizerDiscoveryUrl;
    }

    @DataBoundSetter
    public void setAuthorizerDiscoveryUrl(String authorizerDiscoveryUrl) {
        this.authorizerDiscoveryUrl = Util.fixEmptyAndTrim(authorizerDiscoveryUrl);
    }

    public List<String> getAuthorizerAllowedAudiences() {
        return authorizerAllowedAudiences;
    }

    @DataBoundSetter
    public void setAuthorizerAllowedAudiences(List<String> authorizerAllowedAudiences) {
        this.authorizerAllowedAudiences = Lines.clean(authorizerAllowedAudiences);
    }

    public List<String> getAuthorizerAllowedClients() {
        return authorizerAllowedClients;
    }

    @DataBoundSetter
    public void setAuthorizerAllowedClients(List<String> authorizerAllowedClients) {
        this.authorizerAllowedClients = Lines.clean(authorizerAllowedClients);
    }

    public Integer getIdleTimeout() {
        return idleTimeout;
    }

    @DataBoundSetter
    public void setIdleTimeout(Integer idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    public Integer getMaxLifetime() {
        return maxLifetime;
    }

    @DataBoundSetter
    public void setMaxLifetime(Integer maxLifetime) {
        this.maxLifetime = maxLifetime;
    }

    public List<String> getRuntimeTags() {
        return runtimeTags;
    }

    @DataBoundSetter
    public void setRuntimeTags(List<String> runtimeTags) {
        this.runtimeTags = Lines.clean(runtimeTags);
    }

    public String getEndpoint() {
        return endpoint;
    }

    @DataBoundSetter
    public void setEndpoint(String endpoint) {
        this.endpoint = Util.fixEmptyAndTrim(endpoint);
    }

    public String getSmokeTestPayload() {
        return smokeTestPayload;
    }

    @DataBoundSetter
    public void setSmokeTestPayload(String smokeTestPayload) {
        this.smokeTestPayload = Util.fixEmptyAndTrim(smokeTestPayload);
    }

    public Integer getAgentCoreTimeout() {
        return agentCoreTimeout;
    }

    @DataBoundSetter
    public void setAgentCoreTimeout(Integer agentCoreTimeout) {
        this.agentCoreTimeout = agentCoreTimeout;
    }

    public String getKubeconfigCredentialsId() {
        return kubeconfigCredentialsId;
    }

    @DataBoundSetter
    public void setKubeconfigCredentialsId(String kubeconfigCredentialsId) {
        this.kubeconfigCredentialsId = Util.fixEmptyAndTrim(kubeconfigCredentialsId);
    }

    public String getKubeContext() {
        return kubeContext;
    }

    @DataBoundSetter
    public void setKubeContext(String kubeContext) {
        this.kubeContext = Util.fixEmptyAndTrim(kubeContext);
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

    public Integer getRolloutTimeout() {
        return rolloutTimeout;
    }

    @DataBoundSetter
    public void setRolloutTimeout(Integer rolloutTimeout) {
        this.rolloutTimeout = rolloutTimeout;
    }

    public String getRenderTo() {
        return renderTo;
    }

    @DataBoundSetter
    public void setRenderTo(String renderTo) {
        this.renderTo = Util.fixEmptyAndTrim(renderTo);
    }

    public Boolean getRollback() {
        return rollback;
    }

    @DataBoundSetter
    public void setRollback(Boolean rollback) {
        this.rollback = rollback;
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
            return io.agentdeploy.jenkins.Messages.AgentDeployStep_DisplayName();
        }

        @Override
        public Step newInstance(StaplerRequest2 req, JSONObject formData) throws FormException {
            // Text areas hold one entry per line; blank number fields mean "not set".
            Lines.toArrays(formData, "layers", "buildArgs", "labels", "tags", "platforms", "environment", "secretEnvironment", "subnets", "securityGroups", "authorizerAllowedAudiences", "authorizerAllowedClients", "runtimeTags", "set", "manifests");
            StepForms.dropBlank(formData, "lifecycleKeepLast", "scanTimeout", "idleTimeout", "maxLifetime", "agentCoreTimeout", "rolloutTimeout", "tagMutability", "failOnSeverity", "networkMode", "protocol", "scanOnPush", "rollback", "atomic", "createNamespace", "noCache", "pull");
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
        public ListBoxModel doFillNetworkModeItems(@AncestorInPath Item item) {
            return StepForms.choices(item, "NetworkMode");
        }

        @POST
        public ListBoxModel doFillProtocolItems(@AncestorInPath Item item) {
            return StepForms.choices(item, "Protocol");
        }

        @POST
        public FormValidation doCheckRepository(@AncestorInPath Item item, @QueryParameter String value) {
            return StepForms.checkRepository(item, value);
        }

        @POST
        public FormValidation doCheckExecutionRoleArn(@AncestorInPath Item item, @QueryParameter String value) {
            return StepForms.checkRoleArn(item, "executionRoleArn", value);
        }

        @POST
        public FormValidation doCheckNamespace(@AncestorInPath Item item, @QueryParameter String value) {
            return StepForms.checkKubernetesName(item, "namespace", value);
        }

        @POST
        public FormValidation doCheckLifecycleKeepLast(@AncestorInPath Item item, @QueryParameter String value) {
            return StepForms.checkPositiveNumber(item, value);
        }

        @POST
        public FormValidation doCheckScanTimeout(@AncestorInPath Item item, @QueryParameter String value) {
            return StepForms.checkPositiveNumber(item, value);
        }

        @POST
        public FormValidation doCheckIdleTimeout(@AncestorInPath Item item, @QueryParameter String value) {
            return StepForms.checkPositiveNumber(item, value);
        }

        @POST
        public FormValidation doCheckMaxLifetime(@AncestorInPath Item item, @QueryParameter String value) {
            return StepForms.checkPositiveNumber(item, value);
        }

        @POST
        public FormValidation doCheckAgentCoreTimeout(@AncestorInPath Item item, @QueryParameter String value) {
            return StepForms.checkPositiveNumber(item, value);
        }

        @POST
        public FormValidation doCheckRolloutTimeout(@AncestorInPath Item item, @QueryParameter String value) {
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
