package io.agentdeploy.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.Util;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.agentdeploy.aws.AwsService;
import io.agentdeploy.naming.AgentNames;
import io.agentdeploy.naming.PathConventions;
import java.util.EnumMap;
import java.util.Map;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * The defaults every Agent Deploy step falls back to, on the global configuration page and in
 * Configuration as Code under {@code unclassified: agentDeploy:}. Credentials are stored by id only.
 * Only administrators may change it: the page requires {@link Jenkins#ADMINISTER} (the
 * {@code Descriptor} default) and so does every form method here.
 */
@Extension
@Symbol("agentDeploy")
public class AgentDeployConfiguration extends GlobalConfiguration {

    /** Defaults used when nothing is configured; each is documented in docs/admin.md. */
    public static final String DEFAULT_TAG_MUTABILITY = "MUTABLE";
    public static final String DEFAULT_ENCRYPTION = "AES256";
    public static final int DEFAULT_LIFECYCLE_KEEP_LAST = 30;
    public static final String DEFAULT_FAIL_ON_SEVERITY = "NONE";
    public static final String DEFAULT_NETWORK_MODE = "PUBLIC";
    public static final int DEFAULT_ROLLOUT_TIMEOUT_MINUTES = 10;
    public static final String DEFAULT_DOCKERFILE_PATH = PathConventions.DEFAULT_DOCKERFILE;
    public static final String DEFAULT_VALUES_PATH = PathConventions.DEFAULT_VALUES;
    public static final String DEFAULT_TFVARS_PATH = PathConventions.DEFAULT_TFVARS;

    private String region;
    private String credentialsId;
    private String roleArn;
    private String roleSessionName;
    private String externalId;
    private String repositoryPrefix = AgentNames.DEFAULT_REPOSITORY_PREFIX;
    private boolean scanOnPush = true;
    private String tagMutability = DEFAULT_TAG_MUTABILITY;
    private String encryption = DEFAULT_ENCRYPTION;
    private int lifecycleKeepLast = DEFAULT_LIFECYCLE_KEEP_LAST;
    private String failOnSeverity = DEFAULT_FAIL_ON_SEVERITY;
    private String executionRoleArn;
    private String networkMode = DEFAULT_NETWORK_MODE;
    private String cluster;
    private String kubeconfigCredentialsId;
    private String namespace;
    private int rolloutTimeout = DEFAULT_ROLLOUT_TIMEOUT_MINUTES;
    private String dockerfilePath = DEFAULT_DOCKERFILE_PATH;
    private String valuesPath = DEFAULT_VALUES_PATH;
    private String tfvarsPath = DEFAULT_TFVARS_PATH;
    private String ecrEndpoint;
    private String stsEndpoint;
    private String eksEndpoint;
    private String agentCoreControlEndpoint;
    private String agentCoreEndpoint;
    private String iamEndpoint;
    private String secretsManagerEndpoint;

    public AgentDeployConfiguration() {
        load();
    }

    /** The single instance registered with Jenkins. */
    public static AgentDeployConfiguration get() {
        return ExtensionList.lookupSingleton(AgentDeployConfiguration.class);
    }

    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        // Fields missing from the submitted form (an unchecked optional block) keep no stale value.
        endpointsReset();
        req.bindJSON(this, json);
        save();
        return true;
    }

    private void endpointsReset() {
        ecrEndpoint = null;
        stsEndpoint = null;
        eksEndpoint = null;
        agentCoreControlEndpoint = null;
        agentCoreEndpoint = null;
        iamEndpoint = null;
        secretsManagerEndpoint = null;
    }

    /** The endpoint overrides that are set, by engine service. */
    public Map<AwsService, String> endpointOverrides() {
        Map<AwsService, String> overrides = new EnumMap<>(AwsService.class);
        putIfSet(overrides, AwsService.ECR, ecrEndpoint);
        putIfSet(overrides, AwsService.STS, stsEndpoint);
        putIfSet(overrides, AwsService.EKS, eksEndpoint);
        putIfSet(overrides, AwsService.AGENTCORE_CONTROL, agentCoreControlEndpoint);
        putIfSet(overrides, AwsService.AGENTCORE, agentCoreEndpoint);
        putIfSet(overrides, AwsService.IAM, iamEndpoint);
        putIfSet(overrides, AwsService.SECRETS_MANAGER, secretsManagerEndpoint);
        return overrides;
    }

    private static void putIfSet(Map<AwsService, String> map, AwsService service, String value) {
        if (value != null) {
            map.put(service, value);
        }
    }

    // Form methods. Each requires POST and Overall/Administer, like the page itself.

    @POST
    public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId) {
        return CredentialsLists.awsCredentials(null, credentialsId);
    }

    @POST
    public ListBoxModel doFillKubeconfigCredentialsIdItems(@QueryParameter String kubeconfigCredentialsId) {
        return CredentialsLists.kubeconfigCredentials(null, kubeconfigCredentialsId);
    }

    @POST
    public FormValidation doCheckCredentialsId(@QueryParameter String value) {
        return CredentialsLists.checkAwsCredentials(null, value);
    }

    @POST
    public FormValidation doCheckKubeconfigCredentialsId(@QueryParameter String value) {
        return CredentialsLists.checkKubeconfigCredentials(null, value);
    }

    @POST
    public ListBoxModel doFillTagMutabilityItems(@QueryParameter String tagMutability) {
        return FormChecks.canAdminister() ? Choices.named("TagMutability") : Choices.currentOnly(tagMutability);
    }

    @POST
    public ListBoxModel doFillFailOnSeverityItems(@QueryParameter String failOnSeverity) {
        return FormChecks.canAdminister() ? Choices.named("FailOnSeverity") : Choices.currentOnly(failOnSeverity);
    }

    @POST
    public ListBoxModel doFillNetworkModeItems(@QueryParameter String networkMode) {
        return FormChecks.canAdminister() ? Choices.named("NetworkMode") : Choices.currentOnly(networkMode);
    }

    @POST
    public FormValidation doCheckDockerfilePath(@QueryParameter String value) {
        return FormChecks.canAdminister() ? FormChecks.pathConvention("dockerfilePath", value) : FormValidation.ok();
    }

    @POST
    public FormValidation doCheckValuesPath(@QueryParameter String value) {
        return FormChecks.canAdminister() ? FormChecks.pathConvention("valuesPath", value) : FormValidation.ok();
    }

    @POST
    public FormValidation doCheckTfvarsPath(@QueryParameter String value) {
        return FormChecks.canAdminister() ? FormChecks.pathConvention("tfvarsPath", value) : FormValidation.ok();
    }

    @POST
    public FormValidation doCheckRegion(@QueryParameter String value) {
        return FormChecks.canAdminister() ? FormChecks.region(value, true) : FormValidation.ok();
    }

    @POST
    public FormValidation doCheckRoleArn(@QueryParameter String value) {
        return FormChecks.canAdminister() ? FormChecks.roleArn("roleArn", value) : FormValidation.ok();
    }

    @POST
    public FormValidation doCheckExecutionRoleArn(@QueryParameter String value) {
        return FormChecks.canAdminister() ? FormChecks.roleArn("executionRoleArn", value) : FormValidation.ok();
    }

    @POST
    public FormValidation doCheckRepositoryPrefix(@QueryParameter String value) {
        return FormChecks.canAdminister() ? FormChecks.repositoryPrefix(value) : FormValidation.ok();
    }

    @POST
    public FormValidation doCheckNamespace(@QueryParameter String value) {
        return FormChecks.canAdminister() ? FormChecks.kubernetesName("namespace", value) : FormValidation.ok();
    }

    @POST
    public FormValidation doCheckLifecycleKeepLast(@QueryParameter String value) {
        return FormChecks.canAdminister() ? FormChecks.positiveNumber(value) : FormValidation.ok();
    }

    @POST
    public FormValidation doCheckRolloutTimeout(@QueryParameter String value) {
        return FormChecks.canAdminister() ? FormChecks.positiveNumber(value) : FormValidation.ok();
    }

    // Properties. Setters do not save: configure() saves once per form submission, and
    // Configuration as Code applies the setters at every start.

    public @CheckForNull String getRegion() {
        return region;
    }

    @DataBoundSetter
    public void setRegion(String region) {
        this.region = Util.fixEmptyAndTrim(region);
    }

    public @CheckForNull String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    public @CheckForNull String getRoleArn() {
        return roleArn;
    }

    @DataBoundSetter
    public void setRoleArn(String roleArn) {
        this.roleArn = Util.fixEmptyAndTrim(roleArn);
    }

    public @CheckForNull String getRoleSessionName() {
        return roleSessionName;
    }

    @DataBoundSetter
    public void setRoleSessionName(String roleSessionName) {
        this.roleSessionName = Util.fixEmptyAndTrim(roleSessionName);
    }

    public @CheckForNull String getExternalId() {
        return externalId;
    }

    @DataBoundSetter
    public void setExternalId(String externalId) {
        this.externalId = Util.fixEmptyAndTrim(externalId);
    }

    public String getRepositoryPrefix() {
        return repositoryPrefix;
    }

    /** Sets the ECR repository prefix; empty means no prefix, {@code null} the default. */
    @DataBoundSetter
    public void setRepositoryPrefix(String repositoryPrefix) {
        this.repositoryPrefix = repositoryPrefix == null ? AgentNames.DEFAULT_REPOSITORY_PREFIX : repositoryPrefix.trim();
    }

    public boolean isScanOnPush() {
        return scanOnPush;
    }

    @DataBoundSetter
    public void setScanOnPush(boolean scanOnPush) {
        this.scanOnPush = scanOnPush;
    }

    public String getTagMutability() {
        return tagMutability;
    }

    @DataBoundSetter
    public void setTagMutability(String tagMutability) {
        this.tagMutability = orDefault(tagMutability, DEFAULT_TAG_MUTABILITY);
    }

    public String getEncryption() {
        return encryption;
    }

    /** Sets the repository encryption: {@code AES256}, {@code KMS}, or a KMS key ARN or alias. */
    @DataBoundSetter
    public void setEncryption(String encryption) {
        this.encryption = orDefault(encryption, DEFAULT_ENCRYPTION);
    }

    public int getLifecycleKeepLast() {
        return lifecycleKeepLast;
    }

    @DataBoundSetter
    public void setLifecycleKeepLast(int lifecycleKeepLast) {
        this.lifecycleKeepLast = lifecycleKeepLast;
    }

    public String getFailOnSeverity() {
        return failOnSeverity;
    }

    @DataBoundSetter
    public void setFailOnSeverity(String failOnSeverity) {
        this.failOnSeverity = orDefault(failOnSeverity, DEFAULT_FAIL_ON_SEVERITY);
    }

    public @CheckForNull String getExecutionRoleArn() {
        return executionRoleArn;
    }

    @DataBoundSetter
    public void setExecutionRoleArn(String executionRoleArn) {
        this.executionRoleArn = Util.fixEmptyAndTrim(executionRoleArn);
    }

    public String getNetworkMode() {
        return networkMode;
    }

    @DataBoundSetter
    public void setNetworkMode(String networkMode) {
        this.networkMode = orDefault(networkMode, DEFAULT_NETWORK_MODE);
    }

    public @CheckForNull String getCluster() {
        return cluster;
    }

    @DataBoundSetter
    public void setCluster(String cluster) {
        this.cluster = Util.fixEmptyAndTrim(cluster);
    }

    public @CheckForNull String getKubeconfigCredentialsId() {
        return kubeconfigCredentialsId;
    }

    @DataBoundSetter
    public void setKubeconfigCredentialsId(String kubeconfigCredentialsId) {
        this.kubeconfigCredentialsId = Util.fixEmptyAndTrim(kubeconfigCredentialsId);
    }

    public @CheckForNull String getNamespace() {
        return namespace;
    }

    @DataBoundSetter
    public void setNamespace(String namespace) {
        this.namespace = Util.fixEmptyAndTrim(namespace);
    }

    /** Rollout timeout in minutes. */
    public int getRolloutTimeout() {
        return rolloutTimeout;
    }

    @DataBoundSetter
    public void setRolloutTimeout(int rolloutTimeout) {
        this.rolloutTimeout = rolloutTimeout;
    }

    public String getDockerfilePath() {
        return dockerfilePath;
    }

    @DataBoundSetter
    public void setDockerfilePath(String dockerfilePath) {
        this.dockerfilePath = orDefault(dockerfilePath, DEFAULT_DOCKERFILE_PATH);
    }

    public String getValuesPath() {
        return valuesPath;
    }

    @DataBoundSetter
    public void setValuesPath(String valuesPath) {
        this.valuesPath = orDefault(valuesPath, DEFAULT_VALUES_PATH);
    }

    public String getTfvarsPath() {
        return tfvarsPath;
    }

    @DataBoundSetter
    public void setTfvarsPath(String tfvarsPath) {
        this.tfvarsPath = orDefault(tfvarsPath, DEFAULT_TFVARS_PATH);
    }

    public @CheckForNull String getEcrEndpoint() {
        return ecrEndpoint;
    }

    @DataBoundSetter
    public void setEcrEndpoint(String ecrEndpoint) {
        this.ecrEndpoint = Util.fixEmptyAndTrim(ecrEndpoint);
    }

    public @CheckForNull String getStsEndpoint() {
        return stsEndpoint;
    }

    @DataBoundSetter
    public void setStsEndpoint(String stsEndpoint) {
        this.stsEndpoint = Util.fixEmptyAndTrim(stsEndpoint);
    }

    public @CheckForNull String getEksEndpoint() {
        return eksEndpoint;
    }

    @DataBoundSetter
    public void setEksEndpoint(String eksEndpoint) {
        this.eksEndpoint = Util.fixEmptyAndTrim(eksEndpoint);
    }

    public @CheckForNull String getAgentCoreControlEndpoint() {
        return agentCoreControlEndpoint;
    }

    @DataBoundSetter
    public void setAgentCoreControlEndpoint(String agentCoreControlEndpoint) {
        this.agentCoreControlEndpoint = Util.fixEmptyAndTrim(agentCoreControlEndpoint);
    }

    public @CheckForNull String getAgentCoreEndpoint() {
        return agentCoreEndpoint;
    }

    @DataBoundSetter
    public void setAgentCoreEndpoint(String agentCoreEndpoint) {
        this.agentCoreEndpoint = Util.fixEmptyAndTrim(agentCoreEndpoint);
    }

    private static String orDefault(String value, String fallback) {
        String trimmed = Util.fixEmptyAndTrim(value);
        return trimmed == null ? fallback : trimmed;
    }

    public @CheckForNull String getIamEndpoint() {
        return iamEndpoint;
    }

    @DataBoundSetter
    public void setIamEndpoint(String iamEndpoint) {
        this.iamEndpoint = Util.fixEmptyAndTrim(iamEndpoint);
    }

    public @CheckForNull String getSecretsManagerEndpoint() {
        return secretsManagerEndpoint;
    }

    @DataBoundSetter
    public void setSecretsManagerEndpoint(String secretsManagerEndpoint) {
        this.secretsManagerEndpoint = Util.fixEmptyAndTrim(secretsManagerEndpoint);
    }
}
