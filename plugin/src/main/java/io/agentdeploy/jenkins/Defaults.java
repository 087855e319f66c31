package io.agentdeploy.jenkins;

import java.io.Serializable;

/**
 * The global configuration's defaults as they were when a step started, so that a step resumed
 * after a restart and the agent that runs it use the same values.
 */
public final class Defaults implements Serializable {

    private static final long serialVersionUID = 1L;

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

    private Defaults(AgentDeployConfiguration config) {
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
    }

    public static Defaults of(AgentDeployConfiguration config) {
        return new Defaults(config);
    }
}
