package io.agentdeploy.cli;

import io.agentdeploy.eks.ClusterAccess;
import io.agentdeploy.eks.EksDeployRequest;
import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.naming.AgentNames;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** Options of the Kubernetes layer, shared by {@code eks} and {@code deploy}. */
final class EksOptions {

    @Option(names = "--values", paramLabel = "<file>",
            description = "Helm values file, relative to --repo-root. Default:"
                    + " k8s/helm/values/applications/<kubernetes-name>-values.yaml.")
    Path values;

    @Option(names = "--set", paramLabel = "<key=value>", split = ",",
            description = "Overrides a values key, as Helm's --set does (for example service.port=8080 or"
                    + " env[0].value=x). Repeatable; comma-separated pairs are accepted.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--namespace", paramLabel = "<name>",
            description = "Namespace to deploy to. Default: the values file's namespace, else default.")
    String namespace;

    @Option(names = "--kubeconfig", paramLabel = "<file>",
            description = "Kubeconfig file, relative to the working directory. Default: the first existing file in"
                    + " KUBECONFIG, else ~/.kube/config.")
    Path kubeconfig;

    @Option(names = "--kube-context", paramLabel = "<name>",
            description = "Kubeconfig context. Default: the kubeconfig's current-context.")
    String kubeContext;

    @Option(names = "--create-namespace", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Create the namespace when it is missing (--no-create-namespace to fail instead)."
                    + " Default: ${DEFAULT-VALUE}.")
    boolean createNamespace = true;

    @Option(names = "--cluster", paramLabel = "<name>",
            description = "EKS cluster to deploy to, reached with DescribeCluster and an EKS token made from the AWS"
                    + " credentials; no kubeconfig is read.")
    String cluster;

    @Option(names = "--in-cluster",
            description = "Use the service account of the pod this runs in (token and CA under"
                    + " /var/run/secrets/kubernetes.io/serviceaccount).")
    boolean inCluster;

    @Option(names = "--chart", paramLabel = "<dir>",
            description = "Helm chart folder to render instead of the built-in manifests, relative to --repo-root. The"
                    + " values file is --values, else the conventional one when it exists.")
    Path chart;

    @Option(names = "--manifest", paramLabel = "<file>",
            description = "Kubernetes YAML file (or folder of them) to apply instead of the built-in manifests, relative to"
                    + " --repo-root; the image replaces the image of the same repository. Repeatable.")
    List<Path> manifests = new ArrayList<>();

    @Option(names = "--render-to", paramLabel = "<dir>",
            description = "Write the manifests that would be applied to this folder, one file per object, and change"
                    + " nothing in the cluster.")
    Path renderTo;

    @Option(names = "--rollback-timeout", paramLabel = "<duration>", converter = DurationConverter.class,
            description = "How long to wait for the restored state after a rollback. Default: the rollout timeout.")
    Duration rollbackTimeout;

    @Option(names = "--keep-failed",
            description = "Keep what a failed first deployment created instead of deleting it.")
    boolean keepFailed;

    @Option(names = "--tolerate-pod-failures",
            description = "Keep waiting while pods crash, fail to pull or stay unschedulable, until the progress deadline"
                    + " (for agents that restart while their dependencies start).")
    boolean tolerateFailures;

    @Option(names = "--restart-threshold", paramLabel = "<n>", defaultValue = "2",
            description = "Restarts of a crashing container that fail the rollout. Default: ${DEFAULT-VALUE}.")
    int restartThreshold = EksDeployRequest.DEFAULT_RESTART_THRESHOLD;

    @Option(names = "--force-conflicts",
            description = "Take over fields that another field manager (kubectl, an operator) owns, instead of failing.")
    boolean forceConflicts;

    @Option(names = "--iam-role-arn", paramLabel = "<arn>",
            description = "IAM role for the ServiceAccount (IRSA annotation). Default: the role ARN in ConfigMap"
                    + " agentic-platform-config under the values' irsaConfigKey, if present.")
    String iamRoleArn;

    /**
     * Rejects two ways to reach the cluster given together on the command line. A way given on the
     * command line then replaces any other way that agent-deploy.yaml sets, as a command-line option
     * replaces a file default, so that the engine gets one way only.
     */
    void checkOptions(OptionConflicts conflicts) {
        String reason = "each names another way to reach the cluster.";
        conflicts.exclude("--in-cluster", "--cluster", reason);
        conflicts.exclude("--in-cluster", "--kubeconfig", reason);
        conflicts.exclude("--in-cluster", "--kube-context", reason);
        conflicts.exclude("--cluster", "--kubeconfig", reason);
        conflicts.exclude("--cluster", "--kube-context", reason);
        dropFileAccessOverridden(conflicts);
    }

    /** Clears the file defaults of the ways to reach the cluster that the command line does not use. */
    private void dropFileAccessOverridden(OptionConflicts conflicts) {
        boolean clusterGiven = conflicts.given("--cluster") != null;
        boolean inClusterGiven = conflicts.given("--in-cluster") != null;
        boolean kubeconfigGiven = conflicts.given("--kubeconfig") != null || conflicts.given("--kube-context") != null;
        if (!clusterGiven && !inClusterGiven && !kubeconfigGiven) {
            return;
        }
        if (!clusterGiven) {
            cluster = null;
        }
        if (!inClusterGiven) {
            inCluster = false;
        }
        if (!kubeconfigGiven) {
            kubeconfig = null;
            kubeContext = null;
        }
    }

    EksDeployRequest request(CommandContext context, String agent, String image, Duration timeout,
            boolean rollback) {
        AgentNames names = AgentNames.of(agent);
        return EksDeployRequest.builder()
                .agent(names)
                .image(image)
                .valuesFile(valuesFile(context, names))
                .chart(context.resolve(chart))
                .manifests(manifests.stream().map(context::resolve).toList())
                .set(overrides)
                .namespace(namespace)
                .clusterAccess(clusterAccess(context))
                .timeout(timeout)
                .createNamespace(createNamespace)
                .iamRoleArn(iamRoleArn)
                .rollback(rollback)
                .rollbackTimeout(rollbackTimeout)
                .keepFailed(keepFailed)
                .tolerateFailuresUntilDeadline(tolerateFailures)
                .restartThreshold(restartThreshold)
                .forceConflicts(forceConflicts)
                .renderTo(renderTo == null ? null : renderTo.toAbsolutePath().normalize())
                .build();
    }

    /** Returns whether the cluster is reached by EKS token, which needs the AWS clients. */
    boolean usesEks() {
        return cluster != null;
    }

    /** Chooses the values file: none for manifests, and for a chart only when given or present at the conventional path. */
    private Path valuesFile(CommandContext context, AgentNames names) {
        if (!manifests.isEmpty()) {
            return context.resolve(values);
        }
        if (values != null) {
            return context.resolve(values);
        }
        Path conventional = context.resolve(names.valuesFile());
        return chart != null && !Files.isRegularFile(conventional) ? null : conventional;
    }

    /**
     * Chooses the cluster access: {@code --cluster}, {@code --in-cluster} or the kubeconfig, one at a
     * time. A render without any of them consults no cluster.
     */
    private ClusterAccess clusterAccess(CommandContext context) {
        boolean kubeconfigGiven = kubeconfig != null || kubeContext != null;
        int ways = (cluster != null ? 1 : 0) + (inCluster ? 1 : 0) + (kubeconfigGiven ? 1 : 0);
        if (ways > 1) {
            // Only agent-deploy.yaml can get here: the command line's conflicts were rejected before.
            throw new InvalidInputException("cluster access", null, "agent-deploy.yaml sets more than one way to reach"
                    + " the cluster, and --cluster, --in-cluster and --kubeconfig/--kube-context exclude each other.",
                    "Keep one of them in the file, or give one on the command line, which replaces the file's.");
        }
        if (cluster != null) {
            return ClusterAccess.eksCluster(cluster);
        }
        if (inCluster) {
            return ClusterAccess.inCluster();
        }
        if (renderTo != null && !kubeconfigGiven) {
            try {
                return ClusterAccess.kubeconfigFile(kubeconfigFile(context.environment()), null);
            } catch (InvalidInputException e) {
                return null;
            }
        }
        return ClusterAccess.kubeconfigFile(kubeconfigFile(context.environment()), kubeContext);
    }

    /**
     * Finds the kubeconfig as kubectl does, but explicitly: {@code --kubeconfig}, else the first
     * existing file listed in {@code KUBECONFIG}, else {@code ~/.kube/config}. The engine never
     * looks anywhere by itself.
     */
    Path kubeconfigFile(Map<String, String> environment) {
        if (kubeconfig != null) {
            return kubeconfig.toAbsolutePath().normalize();
        }
        List<Path> candidates = new ArrayList<>();
        String variable = environment.get("KUBECONFIG");
        if (variable != null && !variable.isBlank()) {
            for (String entry : variable.split(Pattern.quote(File.pathSeparator))) {
                if (!entry.isBlank()) {
                    candidates.add(Path.of(entry));
                }
            }
        } else {
            String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
            candidates.add(Path.of(home, ".kube", "config"));
        }
        // NOTE: kubectl merges every file in KUBECONFIG; this takes the first that exists.
        return candidates.stream().filter(Files::isRegularFile).findFirst()
                .orElseThrow(() -> new InvalidInputException("kubeconfig", null, "no kubeconfig file was found at "
                        + candidates.stream().map(Path::toString).toList() + ".",
                        "Pass --kubeconfig <file>, set KUBECONFIG, or create ~/.kube/config (for EKS: aws eks"
                                + " update-kubeconfig --name <cluster>)."));
    }
}
