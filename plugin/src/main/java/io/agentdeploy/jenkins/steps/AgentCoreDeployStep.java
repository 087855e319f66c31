package io.agentdeploy.jenkins.steps;

import hudson.Extension;
import hudson.Util;
import io.agentdeploy.deploy.DeploymentPlan;
import io.agentdeploy.jenkins.BuildCredentials;
import io.agentdeploy.jenkins.Defaults;
import io.agentdeploy.jenkins.Lines;
import io.agentdeploy.jenkins.Messages;
import io.agentdeploy.jenkins.remote.AgentCoreRequests;
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
 * The {@code agentCoreDeploy} step: creates or updates the agent's Amazon Bedrock AgentCore runtime,
 * waits until the new version is READY, moves the endpoints, smoke-tests it and rolls back on failure.
 * The wait for READY resumes after a controller restart. Returns the deployment's values. Parameters
 * left unset fall back to the tfvars file and the global configuration.
 */
public class AgentCoreDeployStep extends AwsStep implements DeploymentStep {

    private static final long serialVersionUID = 1L;

    /** Step name in Pipeline scripts. */
    public static final String FUNCTION_NAME = "agentCoreDeploy";

    private final String agent;
    private final String image;
    private String runtimeName;
    private String tfvars;
    private Boolean readTfvars;
    private String executionRoleArn;
    private Boolean createExecutionRole;
    private String executionRoleName;
    private String description;
    private List<String> environment;
    private List<String> secretEnvironment;
    private String networkMode;
    private List<String> subnets;
    private List<String> securityGroups;
    private String protocol;
    private String jwtDiscoveryUrl;
    private List<String> allowedAudiences;
    private List<String> allowedClients;
    private Integer idleSessionTimeout;
    private Integer maxLifetime;
    private List<String> requestHeaders;
    private List<String> tags;
    private String endpoint;
    private String stagingEndpoint;
    private String smokeTestPayload;
    private String smokeTestExpect;
    private String smokeTestExpectField;
    private Integer timeout;
    private Boolean rollback;

    @DataBoundConstructor
    public AgentCoreDeployStep(String agent, String image) {
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

    @Override
    public StepSecrets resolveSecrets(BuildCredentials credentials, Defaults defaults) throws IOException {
        return credentials.resolve(this, defaults).withSecretEnvironment(credentials.secretEnvironment(secretEnvironment));
    }

    @Override
    public DeploymentPlan plan(PlanContext context) {
        return new DeploymentPlan(agent, null, image, reference -> AgentCoreRequests.deploy(this, reference, context),
                null, false);
    }

    @Override
    public Object returnValue(DeploymentRecord record) throws IOException {
        return StepResults.layerValues(record, Layer.AGENTCORE);
    }

    public String getRuntimeName() {
        return runtimeName;
    }

    @DataBoundSetter
    public void setRuntimeName(String runtimeName) {
        this.runtimeName = Util.fixEmptyAndTrim(runtimeName);
    }

    public String getTfvars() {
        return tfvars;
    }

    @DataBoundSetter
    public void setTfvars(String tfvars) {
        this.tfvars = Util.fixEmptyAndTrim(tfvars);
    }

    public Boolean getReadTfvars() {
        return readTfvars;
    }

    @DataBoundSetter
    public void setReadTfvars(Boolean readTfvars) {
        this.readTfvars = readTfvars;
    }

    public String getExecutionRoleArn() {
        return executionRoleArn;
    }

    @DataBoundSetter
    public void setExecutionRoleArn(String executionRoleArn) {
        this.executionRoleArn = Util.fixEmptyAndTrim(executionRoleArn);
    }

    public Boolean getCreateExecutionRole() {
        return createExecutionRole;
    }

    @DataBoundSetter
    public void setCreateExecutionRole(Boolean createExecutionRole) {
        this.createExecutionRole = createExecutionRole;
    }

    public String getExecutionRoleName() {
        return executionRoleName;
    }

    @DataBoundSetter
    public void setExecutionRoleName(String executionRoleName) {
        this.executionRoleName = Util.fixEmptyAndTrim(executionRoleName);
    }

    public String getDescription() {
        return description;
    }

    @DataBoundSetter
    public void setDescription(String description) {
        this.description = Util.fixEmptyAndTrim(description);
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

    public String getJwtDiscoveryUrl() {
        return jwtDiscoveryUrl;
    }

    @DataBoundSetter
    public void setJwtDiscoveryUrl(String jwtDiscoveryUrl) {
        this.jwtDiscoveryUrl = Util.fixEmptyAndTrim(jwtDiscoveryUrl);
    }

    public List<String> getAllowedAudiences() {
        return allowedAudiences;
    }

    @DataBoundSetter
    public void setAllowedAudiences(List<String> allowedAudiences) {
        this.allowedAudiences = Lines.clean(allowedAudiences);
    }

    public List<String> getAllowedClients() {
        return allowedClients;
    }

    @DataBoundSetter
    public void setAllowedClients(List<String> allowedClients) {
        this.allowedClients = Lines.clean(allowedClients);
    }

    public Integer getIdleSessionTimeout() {
        return idleSessionTimeout;
    }

    @DataBoundSetter
    public void setIdleSessionTimeout(Integer idleSessionTimeout) {
        this.idleSessionTimeout = idleSessionTimeout;
    }

    public Integer getMaxLifetime() {
        return maxLifetime;
    }

    @DataBoundSetter
    public void setMaxLifetime(Integer maxLifetime) {
        this.maxLifetime = maxLifetime;
    }

    public List<String> getRequestHeaders() {
        return requestHeaders;
    }

    @DataBoundSetter
    public void setRequestHeaders(List<String> requestHeaders) {
        this.requestHeaders = Lines.clean(requestHeaders);
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

    public String getStagingEndpoint() {
        return stagingEndpoint;
    }

    @DataBoundSetter
    public void setStagingEndpoint(String stagingEndpoint) {
        this.stagingEndpoint = Util.fixEmptyAndTrim(stagingEndpoint);
    }

    public String getSmokeTestPayload() {
        return smokeTestPayload;
    }

    @DataBoundSetter
    public void setSmokeTestPayload(String smokeTestPayload) {
        this.smokeTestPayload = Util.fixEmptyAndTrim(smokeTestPayload);
    }

    public String getSmokeTestExpect() {
        return smokeTestExpect;
    }

    @DataBoundSetter
    public void setSmokeTestExpect(String smokeTestExpect) {
        this.smokeTestExpect = Util.fixEmptyAndTrim(smokeTestExpect);
    }

    public String getSmokeTestExpectField() {
        return smokeTestExpectField;
    }

    @DataBoundSetter
    public void setSmokeTestExpectField(String smokeTestExpectField) {
        this.smokeTestExpectField = Util.fixEmptyAndTrim(smokeTestExpectField);
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
    /** The step's name, display name, form checks and drop-down lists. */
    @Extension
    public static final class DescriptorImpl extends DeploymentStepDescriptor {

        @Override
        public String getFunctionName() {
            return FUNCTION_NAME;
        }

        @Override
        public String getDisplayName() {
            return Messages.AgentCoreDeployStep_DisplayName();
        }
    }
}
