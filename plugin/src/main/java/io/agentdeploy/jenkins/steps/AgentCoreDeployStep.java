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
 * The {@code agentCoreDeploy} step: deploy an agent to Amazon Bedrock AgentCore Runtime.
 * Parameters left unset fall back to the global configuration; docs/steps/agentCoreDeploy.md
 * describes each one. Serializable so that its execution can
 * resume after a controller restart and carry it to the agent.
 */
public class AgentCoreDeployStep extends AwsStep {

    private static final long serialVersionUID = 1L;

    /** Step name in Pipeline scripts. */
    public static final String FUNCTION_NAME = "agentCoreDeploy";

    private final String agent;
    private final String image;
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
    private List<String> tags;
    private String endpoint;
    private String smokeTestPayload;
    private Integer timeout;
    private Boolean rollback;

    @DataBoundConstructor
    public AgentCoreDeployStep(String agent, String image) {
        this.agent = Util.fixEmptyAndTrim(agent);
        this.image = Util.fixEmptyAndTrim(image);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new AgentCoreExecution(this, context);
    }

    public String getAgent() {
        return agent;
    }

    public String getImage() {
        return image;
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

    public List<String> getTags() {
        return tags;
    }

    @DataBoundSetter
    public void setTags(List<String> tags) {
        this.tags = Lines.clean(tags);
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

    /** Descriptor: the step name, its form and its form checks. */
    @Extension
    public static final class DescriptorImpl extends AwsStepDescriptor {

        @Override
        public String getFunctionName() {
            return FUNCTION_NAME;
        }

        @Override
        public String getDisplayName() {
            return io.agentdeploy.jenkins.Messages.AgentCoreDeployStep_DisplayName();
        }

        @Override
        public Step newInstance(StaplerRequest2 req, JSONObject formData) throws FormException {
            // Text areas hold one entry per line; blank number fields mean "not set".
            Lines.toArrays(formData, "environment", "secretEnvironment", "subnets", "securityGroups", "authorizerAllowedAudiences", "authorizerAllowedClients", "tags");
            StepForms.dropBlank(formData, "idleTimeout", "maxLifetime", "timeout", "networkMode", "protocol", "rollback");
            return super.newInstance(req, formData);
        }

        @POST
        public FormValidation doCheckAgent(@AncestorInPath Item item, @QueryParameter String value) {
            return StepForms.checkAgent(item, value);
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
        public FormValidation doCheckExecutionRoleArn(@AncestorInPath Item item, @QueryParameter String value) {
            return StepForms.checkRoleArn(item, "executionRoleArn", value);
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
        public FormValidation doCheckTimeout(@AncestorInPath Item item, @QueryParameter String value) {
            return StepForms.checkPositiveNumber(item, value);
        }
    }
}
