package io.agentdeploy.jenkins;

import io.agentdeploy.aws.AwsService;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The global configuration's defaults as they were when a step started, so that a step resumed after
 * a restart and the agent that runs it use the same values. Ids and settings only, never a secret.
 */
public final class Defaults implements Serializable {

    private static final long serialVersionUID = 2L;

    public final String region;
    public final String credentialsId;
    public final String roleArn;
    public final String roleSessionName;
    public final String externalId;
    public final String repositoryPrefix;
    public final boolean scanOnPush;
    public final String tagMutability;
    public final String encryption;
    public final int lifecycleKeepLast;
    public final String failOnSeverity;
    public final String executionRoleArn;
    public final String networkMode;
    public final String cluster;
    public final String kubeconfigCredentialsId;
    public final String namespace;
    public final int rolloutTimeoutMinutes;
    public final String dockerfilePath;
    public final String valuesPath;
    public final String tfvarsPath;
    /** Endpoint overrides by {@link AwsService} name. */
    private final LinkedHashMap<String, String> endpointOverrides;

    private Defaults(AgentDeployConfiguration config) {
        this.region = config.getRegion();
        this.credentialsId = config.getCredentialsId();
        this.roleArn = config.getRoleArn();
        this.roleSessionName = config.getRoleSessionName();
        this.externalId = config.getExternalId();
        this.repositoryPrefix = config.getRepositoryPrefix();
        this.scanOnPush = config.isScanOnPush();
        this.tagMutability = config.getTagMutability();
        this.encryption = config.getEncryption();
        this.lifecycleKeepLast = config.getLifecycleKeepLast();
        this.failOnSeverity = config.getFailOnSeverity();
        this.executionRoleArn = config.getExecutionRoleArn();
        this.networkMode = config.getNetworkMode();
        this.cluster = config.getCluster();
        this.kubeconfigCredentialsId = config.getKubeconfigCredentialsId();
        this.namespace = config.getNamespace();
        this.rolloutTimeoutMinutes = config.getRolloutTimeout();
        this.dockerfilePath = config.getDockerfilePath();
        this.valuesPath = config.getValuesPath();
        this.tfvarsPath = config.getTfvarsPath();
        this.endpointOverrides = new LinkedHashMap<>();
        config.endpointOverrides().forEach((service, url) -> endpointOverrides.put(service.name(), url));
    }

    public static Defaults of(AgentDeployConfiguration config) {
        return new Defaults(config);
    }

    /** The endpoint overrides that are set, by engine service. */
    public Map<AwsService, String> endpointOverrides() {
        Map<AwsService, String> overrides = new LinkedHashMap<>();
        endpointOverrides.forEach((service, url) -> overrides.put(AwsService.valueOf(service), url));
        return overrides;
    }
}
