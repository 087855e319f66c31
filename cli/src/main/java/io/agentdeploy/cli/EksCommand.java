package io.agentdeploy.cli;

import io.agentdeploy.eks.ClusterAccess;
import io.agentdeploy.eks.EksDeployRequest;
import io.agentdeploy.eks.EksDeployService;
import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.naming.AgentNames;
import io.agentdeploy.report.Layer;
import io.agentdeploy.report.LayerRecord;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code agent-deploy eks}: deploys an agent's image to Kubernetes with the built-in manifests and waits for the rollout. */
@Command(name = "eks",
        mixinStandardHelpOptions = true,
        description = "Deploys an agent's image to Kubernetes (EKS or any cluster) from its Helm values file and waits"
                + " until the rollout completes.")
final class EksCommand extends LayerCommand {

    @Option(names = "--agent", required = true, paramLabel = "<name>",
            description = "Agent name in snake_case, for example agentic_chat_enhanced.")
    String agent;

    @Option(names = "--image", required = true, paramLabel = "<reference>",
            description = "Image to run, by digest (repository@sha256:...) or tag (repository:tag).")
    String image;

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

    @Option(names = "--context", paramLabel = "<name>",
            description = "Kubeconfig context. Default: the kubeconfig's current-context.")
    String kubeContext;

    @Option(names = "--timeout", paramLabel = "<duration>", defaultValue = "10m", converter = TimeoutConverter.class,
            description = "How long to wait for the rollout, for example 90s, 10m or 1h. Default: ${DEFAULT-VALUE}.")
    Duration timeout = EksDeployRequest.DEFAULT_TIMEOUT;

    @Option(names = "--create-namespace", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Create the namespace when it is missing (--no-create-namespace to fail instead)."
                    + " Default: ${DEFAULT-VALUE}.")
    boolean createNamespace = true;

    @Option(names = "--iam-role-arn", paramLabel = "<arn>",
            description = "IAM role for the ServiceAccount (IRSA annotation). Default: the role ARN in ConfigMap"
                    + " agentic-platform-config under the values' irsaConfigKey, if present.")
    String iamRoleArn;

    @Override
    protected String agentName() {
        return agent;
    }

    @Override
    protected List<LayerRecord> execute(CommandContext context) {
        AgentNames names = AgentNames.of(agent);
        EksDeployRequest request = EksDeployRequest.builder()
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
        EksDeployService service = new EksDeployService(context.listener(), context.redactor());
        String target = (namespace != null ? namespace + "/" : "") + names.kubernetesName();
        return List.of(context.runLayer(Layer.EKS, agent, target, () -> service.deploy(request)));
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

    /** Reads {@code 90s}, {@code 10m}, {@code 1h30m} or ISO-8601 such as {@code PT10M}. */
    static final class TimeoutConverter implements ITypeConverter<Duration> {

        private static final Pattern SHORT_FORM = Pattern.compile("(?=\\d)(\\d+h)?(\\d+m)?(\\d+s)?", Pattern.CASE_INSENSITIVE);

        @Override
        public Duration convert(String value) {
            String trimmed = value.trim();
            try {
                if (SHORT_FORM.matcher(trimmed).matches()) {
                    return Duration.parse("PT" + trimmed.toUpperCase(Locale.ROOT));
                }
                return Duration.parse(trimmed);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not a duration; write it as 90s, 10m, 1h30m or PT10M.");
            }
        }
    }
}
