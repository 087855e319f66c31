package io.agentdeploy.jenkins.remote;

import static io.agentdeploy.jenkins.remote.Choices.firstSet;

import io.agentdeploy.eks.ClusterAccess;
import io.agentdeploy.eks.EksDeployRequest;
import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.jenkins.Defaults;
import io.agentdeploy.jenkins.steps.AgentEksDeployStep;
import io.agentdeploy.naming.AgentNames;
import io.agentdeploy.naming.KeyValues;
import io.agentdeploy.naming.PathConventions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Builds the engine's Kubernetes request from {@code agentEksDeploy}'s parameters and the global defaults. */
public final class EksRequests {

    private EksRequests() {
    }

    /**
     * Builds and validates the request on the agent.
     *
     * @param image the image to deploy: the step's, or the one the push produced
     * @throws InvalidInputException when a parameter is invalid or no way to reach the cluster is set
     */
    public static EksDeployRequest deploy(AgentEksDeployStep step, String image, PlanContext context) {
        Defaults defaults = context.defaults();
        AgentNames names = AgentNames.of(step.getAgent());
        List<Path> manifests = step.getManifests() == null ? List.of()
                : step.getManifests().stream().map(context::resolve).toList();
        return EksDeployRequest.builder()
                .agent(names)
                .image(image)
                .valuesFile(valuesFile(step, context, names, manifests))
                .chart(context.resolve(step.getChart()))
                .manifests(manifests)
                .set(KeyValues.parse("set", step.getSet()))
                .namespace(firstSet(step.getNamespace(), defaults.namespace))
                .clusterAccess(clusterAccess(step, context))
                .timeout(Duration.ofMinutes(firstSet(step.getTimeout(), defaults.rolloutTimeoutMinutes)))
                .createNamespace(step.getCreateNamespace() == null || step.getCreateNamespace())
                .iamRoleArn(step.getIamRoleArn())
                .rollback(step.getRollback() == null || step.getRollback())
                .rollbackTimeout(step.getRollbackTimeout() == null ? null : Duration.ofMinutes(step.getRollbackTimeout()))
                .keepFailed(Boolean.TRUE.equals(step.getKeepFailed()))
                .tolerateFailuresUntilDeadline(Boolean.TRUE.equals(step.getTolerateFailures()))
                .restartThreshold(firstSet(step.getRestartThreshold(), EksDeployRequest.DEFAULT_RESTART_THRESHOLD))
                .forceConflicts(Boolean.TRUE.equals(step.getForceConflicts()))
                .renderTo(context.resolve(step.getRenderTo()))
                .build();
    }

    /** The step's values file; else none for manifests, and for a chart only when the conventional one exists. */
    private static Path valuesFile(AgentEksDeployStep step, PlanContext context, AgentNames names,
            List<Path> manifests) {
        if (step.getValues() != null) {
            return context.resolve(step.getValues());
        }
        if (!manifests.isEmpty()) {
            return null;
        }
        Path conventional = context.workspace().resolve(PathConventions.expand("valuesPath",
                context.defaults().valuesPath, names));
        return step.getChart() != null && !Files.isRegularFile(conventional) ? null : conventional;
    }

    /**
     * Chooses how to reach the cluster: the step's cluster, in-cluster access or kubeconfig, one at a
     * time, else the global cluster or kubeconfig. A render without any of them consults no cluster.
     */
    private static ClusterAccess clusterAccess(AgentEksDeployStep step, PlanContext context) {
        String kubeconfig = context.secrets().kubeconfig();
        boolean inCluster = Boolean.TRUE.equals(step.getInCluster());
        int ways = (step.getCluster() != null ? 1 : 0) + (inCluster ? 1 : 0)
                + (step.getKubeconfigCredentialsId() != null ? 1 : 0);
        if (ways > 1) {
            throw new InvalidInputException("cluster access", null, "cluster, inCluster and kubeconfigCredentialsId"
                    + " exclude each other.", "Set one way to reach the cluster.");
        }
        if (step.getCluster() != null) {
            return ClusterAccess.eksCluster(step.getCluster());
        }
        if (inCluster) {
            return ClusterAccess.inCluster();
        }
        if (kubeconfig != null) {
            return ClusterAccess.kubeconfigContent(kubeconfig, step.getContext());
        }
        if (context.defaults().cluster != null) {
            return ClusterAccess.eksCluster(context.defaults().cluster);
        }
        if (step.getRenderTo() != null) {
            return null;
        }
        throw new InvalidInputException("cluster", null, "no way to reach the cluster is set.",
                "Set cluster, kubeconfigCredentialsId or inCluster, or a default cluster or kubeconfig in the global"
                        + " configuration.");
    }
}
