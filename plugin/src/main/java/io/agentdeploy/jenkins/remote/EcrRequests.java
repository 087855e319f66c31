package io.agentdeploy.jenkins.remote;

import static io.agentdeploy.jenkins.remote.Choices.firstSet;

import io.agentdeploy.ecr.EcrPushRequest;
import io.agentdeploy.ecr.ScanUnavailablePolicy;
import io.agentdeploy.ecr.Severity;
import io.agentdeploy.ecr.TagMutability;
import io.agentdeploy.jenkins.Defaults;
import io.agentdeploy.jenkins.steps.AgentEcrPushStep;
import io.agentdeploy.naming.AgentNames;
import io.agentdeploy.naming.KeyValues;
import io.agentdeploy.naming.PathConventions;
import java.nio.file.Path;
import java.time.Duration;

/** Builds the engine's push request from {@code agentEcrPush}'s parameters and the global defaults. */
public final class EcrRequests {

    private EcrRequests() {
    }

    /**
     * Builds and validates the request on the agent.
     *
     * @throws io.agentdeploy.error.InvalidInputException when a parameter or a file is invalid
     */
    public static EcrPushRequest push(AgentEcrPushStep step, PlanContext context) {
        Defaults defaults = context.defaults();
        AgentNames names = AgentNames.of(step.getAgent());
        Path dockerfile = step.getDockerfile() != null ? Path.of(step.getDockerfile())
                : PathConventions.expand("dockerfilePath", defaults.dockerfilePath, names);
        EcrPushRequest.Builder builder = EcrPushRequest.builder()
                .agent(step.getAgent())
                .repository(step.getRepository())
                .repositoryPrefix(defaults.repositoryPrefix)
                .contextDirectory(context.resolve(firstSet(step.getContext(), ".")))
                .dockerfile(dockerfile)
                .target(step.getTarget())
                .buildArgs(KeyValues.parse("buildArgs", step.getBuildArgs()))
                .labels(KeyValues.parse("labels", step.getLabels()))
                .tags(step.getTags())
                .buildIdentity(context.build().buildNumber())
                .gitCommitTag(Boolean.TRUE.equals(step.getGitCommitTag()))
                .semanticVersion(step.getSemanticVersion())
                .readGit(step.getReadGit() == null || step.getReadGit())
                .platforms(step.getPlatforms())
                .noCache(Boolean.TRUE.equals(step.getNoCache()))
                .pull(Boolean.TRUE.equals(step.getPull()))
                .buildNetwork(step.getBuildNetwork())
                .scanOnPush(firstSet(step.getScanOnPush(), defaults.scanOnPush))
                .tagMutability(Choices.parse("tagMutability", TagMutability.class,
                        firstSet(step.getTagMutability(), defaults.tagMutability)))
                .kmsKey(step.getKmsKey())
                .lifecycleExpireUntaggedDays(step.getLifecycleExpireUntaggedDays())
                .lifecyclePolicyFile(context.resolve(step.getLifecyclePolicyFile()))
                .repositoryTags(KeyValues.parse("repositoryTags", step.getRepositoryTags()))
                .replicationDestinations(step.getReplicationDestinations())
                .failOnSeverity(Choices.parse("failOnSeverity", Severity.class,
                        firstSet(step.getFailOnSeverity(), defaults.failOnSeverity)))
                .scanTimeout(step.getScanTimeout() == null ? null : Duration.ofMinutes(step.getScanTimeout()))
                .scanUnavailable(Choices.parse("scanUnavailable", ScanUnavailablePolicy.class,
                        step.getScanUnavailable()))
                .registry(step.getRegistry())
                .registryLogin(context.secrets().registryUsername(), context.secrets().registryPassword());
        // The global encryption applies unless the step names a KMS key, which implies KMS encryption.
        builder.encryption(step.getEncryption() != null || step.getKmsKey() != null ? step.getEncryption()
                : defaults.encryption);
        // A policy file replaces the keep-last rule, so the global keep-last applies only without one.
        if (step.getLifecycleKeepLast() != null || step.getLifecyclePolicyFile() == null) {
            builder.lifecycleKeepLast(firstSet(step.getLifecycleKeepLast(), defaults.lifecycleKeepLast));
        }
        return builder.build();
    }
}
