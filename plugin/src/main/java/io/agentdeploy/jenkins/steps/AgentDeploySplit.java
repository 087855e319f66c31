package io.agentdeploy.jenkins.steps;

import java.util.List;

/**
 * Splits {@code agentDeploy}'s parameters into the three layer steps, whose executions run them. The
 * parameters keep their layer step's names, except where two layers share one: {@code runtimeTags},
 * {@code agentCoreTimeout}, {@code kubeContext} and {@code rolloutTimeout}.
 */
final class AgentDeploySplit {

    static final List<String> ALL_LAYERS = List.of("ECR", "AGENTCORE", "EKS");

    private AgentDeploySplit() {
    }

    static List<String> layers(AgentDeployStep step) {
        return step.getLayers() == null ? ALL_LAYERS
                : step.getLayers().stream().map(layer -> layer.trim().toUpperCase(java.util.Locale.ROOT)).toList();
    }

    static AgentEcrPushStep ecr(AgentDeployStep step) {
        AgentEcrPushStep push = new AgentEcrPushStep(step.getAgent());
        push.setRepository(step.getRepository());
        push.setContext(step.getContext());
        push.setDockerfile(step.getDockerfile());
        push.setTarget(step.getTarget());
        push.setBuildArgs(step.getBuildArgs());
        push.setLabels(step.getLabels());
        push.setTags(step.getTags());
        push.setPlatforms(step.getPlatforms());
        push.setNoCache(step.getNoCache());
        push.setPull(step.getPull());
        push.setScanOnPush(step.getScanOnPush());
        push.setTagMutability(step.getTagMutability());
        push.setEncryption(step.getEncryption());
        push.setLifecycleKeepLast(step.getLifecycleKeepLast());
        push.setFailOnSeverity(step.getFailOnSeverity());
        push.setScanTimeout(step.getScanTimeout());
        push.setRegion(step.getRegion());
        push.setCredentialsId(step.getCredentialsId());
        push.setRoleArn(step.getRoleArn());
        push.setRoleSessionName(step.getRoleSessionName());
        push.setExternalId(step.getExternalId());
        return push;
    }

    static AgentCoreDeployStep agentCore(AgentDeployStep step, String image) {
        AgentCoreDeployStep deploy = new AgentCoreDeployStep(step.getAgent(), image);
        deploy.setExecutionRoleArn(step.getExecutionRoleArn());
        deploy.setDescription(step.getDescription());
        deploy.setTfvars(step.getTfvars());
        deploy.setEnvironment(step.getEnvironment());
        deploy.setSecretEnvironment(step.getSecretEnvironment());
        deploy.setNetworkMode(step.getNetworkMode());
        deploy.setSubnets(step.getSubnets());
        deploy.setSecurityGroups(step.getSecurityGroups());
        deploy.setProtocol(step.getProtocol());
        deploy.setAuthorizerDiscoveryUrl(step.getAuthorizerDiscoveryUrl());
        deploy.setAuthorizerAllowedAudiences(step.getAuthorizerAllowedAudiences());
        deploy.setAuthorizerAllowedClients(step.getAuthorizerAllowedClients());
        deploy.setIdleTimeout(step.getIdleTimeout());
        deploy.setMaxLifetime(step.getMaxLifetime());
        deploy.setTags(step.getRuntimeTags());
        deploy.setEndpoint(step.getEndpoint());
        deploy.setSmokeTestPayload(step.getSmokeTestPayload());
        deploy.setTimeout(step.getAgentCoreTimeout());
        deploy.setRollback(step.getRollback());
        deploy.setRegion(step.getRegion());
        deploy.setCredentialsId(step.getCredentialsId());
        deploy.setRoleArn(step.getRoleArn());
        deploy.setRoleSessionName(step.getRoleSessionName());
        deploy.setExternalId(step.getExternalId());
        return deploy;
    }

    static AgentEksDeployStep eks(AgentDeployStep step, String image) {
        AgentEksDeployStep deploy = new AgentEksDeployStep(step.getAgent(), image);
        deploy.setKubeconfigCredentialsId(step.getKubeconfigCredentialsId());
        deploy.setContext(step.getKubeContext());
        deploy.setCluster(step.getCluster());
        deploy.setValues(step.getValues());
        deploy.setSet(step.getSet());
        deploy.setChart(step.getChart());
        deploy.setManifests(step.getManifests());
        deploy.setNamespace(step.getNamespace());
        deploy.setCreateNamespace(step.getCreateNamespace());
        deploy.setTimeout(step.getRolloutTimeout());
        deploy.setRollback(step.getRollback());
        deploy.setRenderTo(step.getRenderTo());
        deploy.setRegion(step.getRegion());
        deploy.setCredentialsId(step.getCredentialsId());
        deploy.setRoleArn(step.getRoleArn());
        deploy.setRoleSessionName(step.getRoleSessionName());
        deploy.setExternalId(step.getExternalId());
        return deploy;
    }
}
