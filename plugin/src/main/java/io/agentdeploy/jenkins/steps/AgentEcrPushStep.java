package io.agentdeploy.jenkins.steps;

import hudson.Extension;
import hudson.Util;
import io.agentdeploy.deploy.DeploymentPlan;
import io.agentdeploy.jenkins.BuildCredentials;
import io.agentdeploy.jenkins.Defaults;
import io.agentdeploy.jenkins.Lines;
import io.agentdeploy.jenkins.Messages;
import io.agentdeploy.jenkins.remote.EcrRequests;
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
 * The {@code agentEcrPush} step: ensures the agent's ECR repository, builds the image with the Docker
 * daemon of the agent that holds the workspace, pushes it and gates on the scan. Returns the push
 * result's values. Parameters left unset fall back to the global configuration.
 */
public class AgentEcrPushStep extends AwsStep implements DeploymentStep {

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
    private Boolean gitCommitTag;
    private String semanticVersion;
    private Boolean readGit;
    private List<String> platforms;
    private Boolean noCache;
    private Boolean pull;
    private String buildNetwork;
    private Boolean scanOnPush;
    private String tagMutability;
    private String encryption;
    private String kmsKey;
    private Integer lifecycleKeepLast;
    private Integer lifecycleExpireUntaggedDays;
    private String lifecyclePolicyFile;
    private List<String> repositoryTags;
    private List<String> replicationDestinations;
    private String failOnSeverity;
    private Integer scanTimeout;
    private String scanUnavailable;
    private String registry;
    private String registryCredentialsId;

    @DataBoundConstructor
    public AgentEcrPushStep(String agent) {
        this.agent = Util.fixEmptyAndTrim(agent);
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
        return credentials.resolve(this, defaults).withRegistryLogin(credentials.usernamePassword(registryCredentialsId));
    }

    @Override
    public DeploymentPlan plan(PlanContext context) {
        return new DeploymentPlan(agent, EcrRequests.push(this, context), null, null, null, false);
    }

    @Override
    public Object returnValue(DeploymentRecord record) throws IOException {
        return StepResults.layerValues(record, Layer.ECR);
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

    public Boolean getGitCommitTag() {
        return gitCommitTag;
    }

    @DataBoundSetter
    public void setGitCommitTag(Boolean gitCommitTag) {
        this.gitCommitTag = gitCommitTag;
    }

    public String getSemanticVersion() {
        return semanticVersion;
    }

    @DataBoundSetter
    public void setSemanticVersion(String semanticVersion) {
        this.semanticVersion = Util.fixEmptyAndTrim(semanticVersion);
    }

    public Boolean getReadGit() {
        return readGit;
    }

    @DataBoundSetter
    public void setReadGit(Boolean readGit) {
        this.readGit = readGit;
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

    public String getBuildNetwork() {
        return buildNetwork;
    }

    @DataBoundSetter
    public void setBuildNetwork(String buildNetwork) {
        this.buildNetwork = Util.fixEmptyAndTrim(buildNetwork);
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

    public String getKmsKey() {
        return kmsKey;
    }

    @DataBoundSetter
    public void setKmsKey(String kmsKey) {
        this.kmsKey = Util.fixEmptyAndTrim(kmsKey);
    }

    public Integer getLifecycleKeepLast() {
        return lifecycleKeepLast;
    }

    @DataBoundSetter
    public void setLifecycleKeepLast(Integer lifecycleKeepLast) {
        this.lifecycleKeepLast = lifecycleKeepLast;
    }

    public Integer getLifecycleExpireUntaggedDays() {
        return lifecycleExpireUntaggedDays;
    }

    @DataBoundSetter
    public void setLifecycleExpireUntaggedDays(Integer lifecycleExpireUntaggedDays) {
        this.lifecycleExpireUntaggedDays = lifecycleExpireUntaggedDays;
    }

    public String getLifecyclePolicyFile() {
        return lifecyclePolicyFile;
    }

    @DataBoundSetter
    public void setLifecyclePolicyFile(String lifecyclePolicyFile) {
        this.lifecyclePolicyFile = Util.fixEmptyAndTrim(lifecyclePolicyFile);
    }

    public List<String> getRepositoryTags() {
        return repositoryTags;
    }

    @DataBoundSetter
    public void setRepositoryTags(List<String> repositoryTags) {
        this.repositoryTags = Lines.clean(repositoryTags);
    }

    public List<String> getReplicationDestinations() {
        return replicationDestinations;
    }

    @DataBoundSetter
    public void setReplicationDestinations(List<String> replicationDestinations) {
        this.replicationDestinations = Lines.clean(replicationDestinations);
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

    public String getScanUnavailable() {
        return scanUnavailable;
    }

    @DataBoundSetter
    public void setScanUnavailable(String scanUnavailable) {
        this.scanUnavailable = Util.fixEmptyAndTrim(scanUnavailable);
    }

    public String getRegistry() {
        return registry;
    }

    @DataBoundSetter
    public void setRegistry(String registry) {
        this.registry = Util.fixEmptyAndTrim(registry);
    }

    public String getRegistryCredentialsId() {
        return registryCredentialsId;
    }

    @DataBoundSetter
    public void setRegistryCredentialsId(String registryCredentialsId) {
        this.registryCredentialsId = Util.fixEmptyAndTrim(registryCredentialsId);
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
            return Messages.AgentEcrPushStep_DisplayName();
        }
    }
}
