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

    @Option(names = "--iam-role-arn", paramLabel = "<arn>",
            description = "IAM role for the ServiceAccount (IRSA annotation). Default: the role ARN in ConfigMap"
                    + " agentic-platform-config under the values' irsaConfigKey, if present.")
    String iamRoleArn;

    EksDeployRequest request(CommandContext context, String agent, String image, Duration timeout) {
        AgentNames names = AgentNames.of(agent);
        return EksDeployRequest.builder()
                .agent(names)
                .image(image)
                .valuesFile(context.resolve(values != null ? values : names.valuesFile()))
                .set(overrides)
                .namespace(namespace)
                .clusterAccess(ClusterAccess.kubeconfigFile(kubeconfigFile(context.environment()), kubeContext))
                .timeout(timeout)
                .createNamespace(createNamespace)
                .iamRoleArn(iamRoleArn)
                .build();
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
