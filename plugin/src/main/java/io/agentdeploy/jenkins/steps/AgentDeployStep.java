package io.agentdeploy.jenkins.steps;

import hudson.Extension;
import hudson.Util;
import io.agentdeploy.deploy.DeploymentPlan;
import io.agentdeploy.jenkins.BuildCredentials;
import io.agentdeploy.jenkins.Defaults;
import io.agentdeploy.jenkins.Messages;
import io.agentdeploy.jenkins.remote.AgentCoreRequests;
import io.agentdeploy.jenkins.remote.EcrRequests;
import io.agentdeploy.jenkins.remote.EksRequests;
import io.agentdeploy.jenkins.remote.PlanContext;
import io.agentdeploy.jenkins.remote.StepSecrets;
import io.agentdeploy.report.DeploymentRecord;
import java.io.IOException;
import java.util.List;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The {@code agentDeploy} step: the three layers in order for one agent, handing the pushed image on
 * by digest, stopping at the first failure and, when {@code atomic}, rolling back the layers already
 * deployed. The engine's {@code AgentDeployer} runs the layers one phase at a time, and the state
 * between phases is saved, so the waits resume after a controller restart as in the single steps.
 *
 * <p>The parameters are those of {@code agentEcrPush}, {@code agentCoreDeploy} and
 * {@code agentEksDeploy}, under the same names except where two layers share one: {@code runtimeTags},
 * {@code agentCoreTimeout}, {@code kubeContext} and {@code rolloutTimeout}; {@code rollback} applies to
 * both. They are kept in one instance of each layer step, because Pipeline data binding reads
 * {@code @DataBoundSetter} methods of the class and its superclasses only, so they cannot be inherited
 * from three classes at once; each accessor below delegates to its layer step.
 */
public class AgentDeployStep extends AwsStep implements DeploymentStep {

    private static final long serialVersionUID = 1L;

    /** Step name in Pipeline scripts. */
    public static final String FUNCTION_NAME = "agentDeploy";

    private final String agent;
    private final AgentEcrPushStep push;
    private final AgentCoreDeployStep agentCore;
    private final AgentEksDeployStep eks;
    private String image;
    private Boolean skipAgentCore;
    private Boolean skipEks;
    private Boolean atomic;

    @DataBoundConstructor
    public AgentDeployStep(String agent) {
        this.agent = Util.fixEmptyAndTrim(agent);
        this.push = new AgentEcrPushStep(agent);
        this.agentCore = new AgentCoreDeployStep(agent, null);
        this.eks = new AgentEksDeployStep(agent, null);
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

    @Override
    public StepSecrets resolveSecrets(BuildCredentials credentials, Defaults defaults) throws IOException {
        StepSecrets secrets = credentials.resolve(this, defaults);
        if (image == null) {
            secrets = secrets.withRegistryLogin(credentials.usernamePassword(push.getRegistryCredentialsId()));
        }
        if (!Boolean.TRUE.equals(skipAgentCore)) {
            secrets = secrets.withSecretEnvironment(credentials.secretEnvironment(agentCore.getSecretEnvironment()));
        }
        if (!Boolean.TRUE.equals(skipEks)) {
            secrets = secrets.withKubeconfig(credentials.kubeconfig(eks.kubeconfigIdOrDefault(defaults)));
        }
        return secrets;
    }

    @Override
    public DeploymentPlan plan(PlanContext context) {
        return new DeploymentPlan(agent,
                image == null ? EcrRequests.push(push, context) : null,
                image,
                Boolean.TRUE.equals(skipAgentCore) ? null : reference -> AgentCoreRequests.deploy(agentCore, reference,
                        context),
                Boolean.TRUE.equals(skipEks) ? null : reference -> EksRequests.deploy(eks, reference, context),
                atomic == null || atomic);
    }

    @Override
    public Object returnValue(DeploymentRecord record) throws IOException {
        return StepResults.deploymentValues(record);
    }

    public String getImage() {
        return image;
    }

    @DataBoundSetter
    public void setImage(String image) {
        this.image = Util.fixEmptyAndTrim(image);
    }

    public Boolean getSkipAgentCore() {
        return skipAgentCore;
    }

    @DataBoundSetter
    public void setSkipAgentCore(Boolean skipAgentCore) {
        this.skipAgentCore = skipAgentCore;
    }

    public Boolean getSkipEks() {
        return skipEks;
    }

    @DataBoundSetter
    public void setSkipEks(Boolean skipEks) {
        this.skipEks = skipEks;
    }

    public Boolean getAtomic() {
        return atomic;
    }

    @DataBoundSetter
    public void setAtomic(Boolean atomic) {
        this.atomic = atomic;
    }
    // ECR parameters

    public String getRepository() { return push.getRepository(); }
    @DataBoundSetter public void setRepository(String repository) { push.setRepository(repository); }

    public String getContext() { return push.getContext(); }
    @DataBoundSetter public void setContext(String context) { push.setContext(context); }

    public String getDockerfile() { return push.getDockerfile(); }
    @DataBoundSetter public void setDockerfile(String dockerfile) { push.setDockerfile(dockerfile); }

    public String getTarget() { return push.getTarget(); }
    @DataBoundSetter public void setTarget(String target) { push.setTarget(target); }

    public List<String> getBuildArgs() { return push.getBuildArgs(); }
    @DataBoundSetter public void setBuildArgs(List<String> buildArgs) { push.setBuildArgs(buildArgs); }

    public List<String> getLabels() { return push.getLabels(); }
    @DataBoundSetter public void setLabels(List<String> labels) { push.setLabels(labels); }

    public List<String> getTags() { return push.getTags(); }
    @DataBoundSetter public void setTags(List<String> tags) { push.setTags(tags); }

    public Boolean getGitCommitTag() { return push.getGitCommitTag(); }
    @DataBoundSetter public void setGitCommitTag(Boolean gitCommitTag) { push.setGitCommitTag(gitCommitTag); }

    public String getSemanticVersion() { return push.getSemanticVersion(); }
    @DataBoundSetter public void setSemanticVersion(String semanticVersion) { push.setSemanticVersion(semanticVersion); }

    public Boolean getReadGit() { return push.getReadGit(); }
    @DataBoundSetter public void setReadGit(Boolean readGit) { push.setReadGit(readGit); }

    public List<String> getPlatforms() { return push.getPlatforms(); }
    @DataBoundSetter public void setPlatforms(List<String> platforms) { push.setPlatforms(platforms); }

    public Boolean getNoCache() { return push.getNoCache(); }
    @DataBoundSetter public void setNoCache(Boolean noCache) { push.setNoCache(noCache); }

    public Boolean getPull() { return push.getPull(); }
    @DataBoundSetter public void setPull(Boolean pull) { push.setPull(pull); }

    public String getBuildNetwork() { return push.getBuildNetwork(); }
    @DataBoundSetter public void setBuildNetwork(String buildNetwork) { push.setBuildNetwork(buildNetwork); }

    public Boolean getScanOnPush() { return push.getScanOnPush(); }
    @DataBoundSetter public void setScanOnPush(Boolean scanOnPush) { push.setScanOnPush(scanOnPush); }

    public String getTagMutability() { return push.getTagMutability(); }
    @DataBoundSetter public void setTagMutability(String tagMutability) { push.setTagMutability(tagMutability); }

    public String getEncryption() { return push.getEncryption(); }
    @DataBoundSetter public void setEncryption(String encryption) { push.setEncryption(encryption); }

    public String getKmsKey() { return push.getKmsKey(); }
    @DataBoundSetter public void setKmsKey(String kmsKey) { push.setKmsKey(kmsKey); }

    public Integer getLifecycleKeepLast() { return push.getLifecycleKeepLast(); }
    @DataBoundSetter public void setLifecycleKeepLast(Integer lifecycleKeepLast) { push.setLifecycleKeepLast(lifecycleKeepLast); }

    public Integer getLifecycleExpireUntaggedDays() { return push.getLifecycleExpireUntaggedDays(); }
    @DataBoundSetter public void setLifecycleExpireUntaggedDays(Integer lifecycleExpireUntaggedDays) { push.setLifecycleExpireUntaggedDays(lifecycleExpireUntaggedDays); }

    public String getLifecyclePolicyFile() { return push.getLifecyclePolicyFile(); }
    @DataBoundSetter public void setLifecyclePolicyFile(String lifecyclePolicyFile) { push.setLifecyclePolicyFile(lifecyclePolicyFile); }

    public List<String> getRepositoryTags() { return push.getRepositoryTags(); }
    @DataBoundSetter public void setRepositoryTags(List<String> repositoryTags) { push.setRepositoryTags(repositoryTags); }

    public List<String> getReplicationDestinations() { return push.getReplicationDestinations(); }
    @DataBoundSetter public void setReplicationDestinations(List<String> replicationDestinations) { push.setReplicationDestinations(replicationDestinations); }

    public String getFailOnSeverity() { return push.getFailOnSeverity(); }
    @DataBoundSetter public void setFailOnSeverity(String failOnSeverity) { push.setFailOnSeverity(failOnSeverity); }

    public Integer getScanTimeout() { return push.getScanTimeout(); }
    @DataBoundSetter public void setScanTimeout(Integer scanTimeout) { push.setScanTimeout(scanTimeout); }

    public String getScanUnavailable() { return push.getScanUnavailable(); }
    @DataBoundSetter public void setScanUnavailable(String scanUnavailable) { push.setScanUnavailable(scanUnavailable); }

    public String getRegistry() { return push.getRegistry(); }
    @DataBoundSetter public void setRegistry(String registry) { push.setRegistry(registry); }

    public String getRegistryCredentialsId() { return push.getRegistryCredentialsId(); }
    @DataBoundSetter public void setRegistryCredentialsId(String registryCredentialsId) { push.setRegistryCredentialsId(registryCredentialsId); }

    // AgentCore parameters

    public String getRuntimeName() { return agentCore.getRuntimeName(); }
    @DataBoundSetter public void setRuntimeName(String runtimeName) { agentCore.setRuntimeName(runtimeName); }

    public String getTfvars() { return agentCore.getTfvars(); }
    @DataBoundSetter public void setTfvars(String tfvars) { agentCore.setTfvars(tfvars); }

    public Boolean getReadTfvars() { return agentCore.getReadTfvars(); }
    @DataBoundSetter public void setReadTfvars(Boolean readTfvars) { agentCore.setReadTfvars(readTfvars); }

    public String getExecutionRoleArn() { return agentCore.getExecutionRoleArn(); }
    @DataBoundSetter public void setExecutionRoleArn(String executionRoleArn) { agentCore.setExecutionRoleArn(executionRoleArn); }

    public Boolean getCreateExecutionRole() { return agentCore.getCreateExecutionRole(); }
    @DataBoundSetter public void setCreateExecutionRole(Boolean createExecutionRole) { agentCore.setCreateExecutionRole(createExecutionRole); }

    public String getExecutionRoleName() { return agentCore.getExecutionRoleName(); }
    @DataBoundSetter public void setExecutionRoleName(String executionRoleName) { agentCore.setExecutionRoleName(executionRoleName); }

    public String getDescription() { return agentCore.getDescription(); }
    @DataBoundSetter public void setDescription(String description) { agentCore.setDescription(description); }

    public List<String> getEnvironment() { return agentCore.getEnvironment(); }
    @DataBoundSetter public void setEnvironment(List<String> environment) { agentCore.setEnvironment(environment); }

    public List<String> getSecretEnvironment() { return agentCore.getSecretEnvironment(); }
    @DataBoundSetter public void setSecretEnvironment(List<String> secretEnvironment) { agentCore.setSecretEnvironment(secretEnvironment); }

    public String getNetworkMode() { return agentCore.getNetworkMode(); }
    @DataBoundSetter public void setNetworkMode(String networkMode) { agentCore.setNetworkMode(networkMode); }

    public List<String> getSubnets() { return agentCore.getSubnets(); }
    @DataBoundSetter public void setSubnets(List<String> subnets) { agentCore.setSubnets(subnets); }

    public List<String> getSecurityGroups() { return agentCore.getSecurityGroups(); }
    @DataBoundSetter public void setSecurityGroups(List<String> securityGroups) { agentCore.setSecurityGroups(securityGroups); }

    public String getProtocol() { return agentCore.getProtocol(); }
    @DataBoundSetter public void setProtocol(String protocol) { agentCore.setProtocol(protocol); }

    public String getJwtDiscoveryUrl() { return agentCore.getJwtDiscoveryUrl(); }
    @DataBoundSetter public void setJwtDiscoveryUrl(String jwtDiscoveryUrl) { agentCore.setJwtDiscoveryUrl(jwtDiscoveryUrl); }

    public List<String> getAllowedAudiences() { return agentCore.getAllowedAudiences(); }
    @DataBoundSetter public void setAllowedAudiences(List<String> allowedAudiences) { agentCore.setAllowedAudiences(allowedAudiences); }

    public List<String> getAllowedClients() { return agentCore.getAllowedClients(); }
    @DataBoundSetter public void setAllowedClients(List<String> allowedClients) { agentCore.setAllowedClients(allowedClients); }

    public Integer getIdleSessionTimeout() { return agentCore.getIdleSessionTimeout(); }
    @DataBoundSetter public void setIdleSessionTimeout(Integer idleSessionTimeout) { agentCore.setIdleSessionTimeout(idleSessionTimeout); }

    public Integer getMaxLifetime() { return agentCore.getMaxLifetime(); }
    @DataBoundSetter public void setMaxLifetime(Integer maxLifetime) { agentCore.setMaxLifetime(maxLifetime); }

    public List<String> getRequestHeaders() { return agentCore.getRequestHeaders(); }
    @DataBoundSetter public void setRequestHeaders(List<String> requestHeaders) { agentCore.setRequestHeaders(requestHeaders); }

    public List<String> getRuntimeTags() { return agentCore.getTags(); }
    @DataBoundSetter public void setRuntimeTags(List<String> runtimeTags) { agentCore.setTags(runtimeTags); }

    public String getEndpoint() { return agentCore.getEndpoint(); }
    @DataBoundSetter public void setEndpoint(String endpoint) { agentCore.setEndpoint(endpoint); }

    public String getStagingEndpoint() { return agentCore.getStagingEndpoint(); }
    @DataBoundSetter public void setStagingEndpoint(String stagingEndpoint) { agentCore.setStagingEndpoint(stagingEndpoint); }

    public String getSmokeTestPayload() { return agentCore.getSmokeTestPayload(); }
    @DataBoundSetter public void setSmokeTestPayload(String smokeTestPayload) { agentCore.setSmokeTestPayload(smokeTestPayload); }

    public String getSmokeTestExpect() { return agentCore.getSmokeTestExpect(); }
    @DataBoundSetter public void setSmokeTestExpect(String smokeTestExpect) { agentCore.setSmokeTestExpect(smokeTestExpect); }

    public String getSmokeTestExpectField() { return agentCore.getSmokeTestExpectField(); }
    @DataBoundSetter public void setSmokeTestExpectField(String smokeTestExpectField) { agentCore.setSmokeTestExpectField(smokeTestExpectField); }

    public Integer getAgentCoreTimeout() { return agentCore.getTimeout(); }
    @DataBoundSetter public void setAgentCoreTimeout(Integer agentCoreTimeout) { agentCore.setTimeout(agentCoreTimeout); }

    public Boolean getRollback() { return agentCore.getRollback(); }
    @DataBoundSetter public void setRollback(Boolean rollback) { agentCore.setRollback(rollback); eks.setRollback(rollback); }

    // Kubernetes parameters

    public String getValues() { return eks.getValues(); }
    @DataBoundSetter public void setValues(String values) { eks.setValues(values); }

    public List<String> getSet() { return eks.getSet(); }
    @DataBoundSetter public void setSet(List<String> set) { eks.setSet(set); }

    public String getChart() { return eks.getChart(); }
    @DataBoundSetter public void setChart(String chart) { eks.setChart(chart); }

    public List<String> getManifests() { return eks.getManifests(); }
    @DataBoundSetter public void setManifests(List<String> manifests) { eks.setManifests(manifests); }

    public String getNamespace() { return eks.getNamespace(); }
    @DataBoundSetter public void setNamespace(String namespace) { eks.setNamespace(namespace); }

    public Boolean getCreateNamespace() { return eks.getCreateNamespace(); }
    @DataBoundSetter public void setCreateNamespace(Boolean createNamespace) { eks.setCreateNamespace(createNamespace); }

    public String getKubeconfigCredentialsId() { return eks.getKubeconfigCredentialsId(); }
    @DataBoundSetter public void setKubeconfigCredentialsId(String kubeconfigCredentialsId) { eks.setKubeconfigCredentialsId(kubeconfigCredentialsId); }

    public String getKubeContext() { return eks.getContext(); }
    @DataBoundSetter public void setKubeContext(String kubeContext) { eks.setContext(kubeContext); }

    public String getCluster() { return eks.getCluster(); }
    @DataBoundSetter public void setCluster(String cluster) { eks.setCluster(cluster); }

    public Boolean getInCluster() { return eks.getInCluster(); }
    @DataBoundSetter public void setInCluster(Boolean inCluster) { eks.setInCluster(inCluster); }

    public String getIamRoleArn() { return eks.getIamRoleArn(); }
    @DataBoundSetter public void setIamRoleArn(String iamRoleArn) { eks.setIamRoleArn(iamRoleArn); }

    public Integer getRolloutTimeout() { return eks.getTimeout(); }
    @DataBoundSetter public void setRolloutTimeout(Integer rolloutTimeout) { eks.setTimeout(rolloutTimeout); }

    public Integer getRollbackTimeout() { return eks.getRollbackTimeout(); }
    @DataBoundSetter public void setRollbackTimeout(Integer rollbackTimeout) { eks.setRollbackTimeout(rollbackTimeout); }

    public Boolean getKeepFailed() { return eks.getKeepFailed(); }
    @DataBoundSetter public void setKeepFailed(Boolean keepFailed) { eks.setKeepFailed(keepFailed); }

    public Boolean getTolerateFailures() { return eks.getTolerateFailures(); }
    @DataBoundSetter public void setTolerateFailures(Boolean tolerateFailures) { eks.setTolerateFailures(tolerateFailures); }

    public Integer getRestartThreshold() { return eks.getRestartThreshold(); }
    @DataBoundSetter public void setRestartThreshold(Integer restartThreshold) { eks.setRestartThreshold(restartThreshold); }

    public Boolean getForceConflicts() { return eks.getForceConflicts(); }
    @DataBoundSetter public void setForceConflicts(Boolean forceConflicts) { eks.setForceConflicts(forceConflicts); }

    public String getRenderTo() { return eks.getRenderTo(); }
    @DataBoundSetter public void setRenderTo(String renderTo) { eks.setRenderTo(renderTo); }
    /** The step's name, display name, form checks and drop-down lists. */
    @Extension
    public static final class DescriptorImpl extends DeploymentStepDescriptor {

        @Override
        public String getFunctionName() {
            return FUNCTION_NAME;
        }

        @Override
        public String getDisplayName() {
            return Messages.AgentDeployStep_DisplayName();
        }
    }
}
