package io.agentdeploy.eks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.progress.ProgressListener;
import io.agentdeploy.progress.Redactor;
import io.agentdeploy.progress.SecretNames;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a request into the exact objects to apply, from one of the three sources: the built-in
 * manifests from a values file, a Helm chart, or manifest files with the image substituted. Input is
 * read and checked first ({@link #read()}, no cluster needed); the objects are made once the shared
 * ConfigMap can be read ({@link #prepare}).
 */
final class ManifestPreparer {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The input read before contacting the cluster. */
    record Input(String namespace, AgentValues values, ObjectNode chartValues, List<HasMetadata> manifestObjects) {
    }

    private final EksDeployRequest request;
    private final ProgressListener listener;
    private final Redactor redactor;
    private final List<String> notes;

    ManifestPreparer(EksDeployRequest request, ProgressListener listener, Redactor redactor, List<String> notes) {
        this.request = request;
        this.listener = listener;
        this.redactor = redactor;
        this.notes = notes;
    }

    /**
     * Reads and checks the source's files and resolves the namespace.
     *
     * @throws InvalidInputException when a file is missing or invalid
     */
    Input read() {
        Input input = switch (request.source()) {
            case VALUES -> {
                AgentValues values = readValues();
                yield new Input(namespace(values.namespace()), values, null, null);
            }
            case CHART -> {
                ObjectNode tree = chartValues();
                yield new Input(namespace(text(tree, "namespace")), null, tree, null);
            }
            case MANIFESTS -> {
                List<HasMetadata> objects = ManifestFiles.read(request.manifests());
                String declared = objects.stream().filter(Deployment.class::isInstance).map(o -> o.getMetadata().getNamespace())
                        .filter(ns -> ns != null && !ns.isBlank()).findFirst().orElse(null);
                yield new Input(namespace(declared), null, null, objects);
            }
        };
        io.agentdeploy.naming.NameRules.requireKubernetesName("namespace", input.namespace());
        return input;
    }

    /**
     * Makes the objects.
     *
     * @param client the cluster, to read the shared ConfigMap; {@code null} for a render without a cluster
     */
    PreparedManifests prepare(Input input, KubernetesClient client, KubernetesErrors errors, int progressDeadlineSeconds) {
        SharedConfig shared = SharedConfig.read(client, errors, input.namespace());
        String image = completeImage(shared);
        List<HasMetadata> objects;
        Deployment deployment;
        switch (request.source()) {
            case VALUES -> {
                DeploymentTarget target = DeploymentTarget.of(request.agent(), input.namespace(), input.values(), image);
                Manifests manifests = ManifestBuilder.build(target, image, input.values(),
                        roleArn(input.values().serviceAccount().create(), irsaKey(input.values()), shared, true),
                        progressDeadlineSeconds);
                objects = new ArrayList<>(manifests.inApplyOrder());
                deployment = manifests.deployment();
            }
            case CHART -> {
                ChartManifests chart = new ChartManifests(request, input, shared, listener, notes);
                objects = chart.render(image, client == null ? null : new ClusterObjects(client, errors)::read);
                deployment = agentDeployment(objects, image, "the chart's rendered manifests");
                // The chart's own report warns when the role stays unknown.
                chart.fillFromCluster(objects, deployment, roleArn(true, chart.irsaKey(), shared, false));
            }
            case MANIFESTS -> {
                objects = new ArrayList<>(input.manifestObjects());
                ImageSubstitution.apply(objects, image, "the manifest files");
                deployment = agentDeployment(objects, image, "the manifest files");
                checkDeadline(deployment);
            }
            default -> throw new IllegalStateException("Unknown source " + request.source());
        }
        for (HasMetadata object : objects) {
            if (!KindOrder.CLUSTER_SCOPED.contains(object.getKind()) && (object.getMetadata().getNamespace() == null
                    || object.getMetadata().getNamespace().isBlank())) {
                object.getMetadata().setNamespace(input.namespace());
            }
        }
        objects.sort(KindOrder.COMPARATOR);
        objects.forEach(PreparedManifests::stampHash);
        return new PreparedManifests(input.namespace(), objects, deployment, image);
    }

    /** Prefixes a bare repository (no registry host) with the platform registry from the shared ConfigMap. */
    private String completeImage(SharedConfig shared) {
        String image = request.image();
        if (ImageSubstitution.hasRegistry(image)) {
            return image;
        }
        if (shared.registry().isPresent()) {
            return shared.registry().get() + "/" + image;
        }
        warn("Image '" + image + "' names no registry, and the platform registry is unknown: "
                + shared.whyMissing(SharedConfig.ACCOUNT_KEY + "/" + SharedConfig.REGION_KEY)
                + ". The nodes pull it from their default registry.");
        return image;
    }

    /**
     * Returns the IAM role ARN for the ServiceAccount: from the request, else from the shared ConfigMap
     * under the key the values name, as the teams' chart reads it.
     */
    private String roleArn(boolean createsServiceAccount, String key, SharedConfig shared, boolean warnWhenMissing) {
        if (request.iamRoleArn().isPresent() || !createsServiceAccount) {
            return request.iamRoleArn().orElse(null);
        }
        if (key == null) {
            return null;
        }
        var arn = shared.get(key);
        if (arn.isEmpty() && warnWhenMissing) {
            warn("No IAM role for the ServiceAccount: no role ARN was given and " + shared.whyMissing(key)
                    + ". The pods get no AWS role (IRSA); pass --iam-role-arn to set one.");
        }
        return arn.orElse(null);
    }

    private static String irsaKey(AgentValues values) {
        return values.serviceAccount().irsaConfigKey() != null ? values.serviceAccount().irsaConfigKey() : values.irsaConfigKey();
    }

    /** Returns the one Deployment whose containers run the image. */
    private static Deployment agentDeployment(List<HasMetadata> objects, String image, String source) {
        List<Deployment> matching = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .filter(d -> ImageSubstitution.podSpec(d).getContainers().stream().anyMatch(c -> image.equals(c.getImage())))
                .toList();
        if (matching.size() != 1) {
            throw new InvalidInputException("image", image, matching.isEmpty()
                    ? "it runs in no Deployment of " + source + "; the step watches the Deployment that runs the image."
                    : "it runs in " + matching.size() + " Deployments of " + source + " ("
                            + matching.stream().map(d -> d.getMetadata().getName()).toList() + "); the step watches one.",
                    "Deploy one agent, with its own Deployment, per step.");
        }
        return matching.get(0);
    }

    private void checkDeadline(Deployment deployment) {
        Integer deadline = deployment.getSpec().getProgressDeadlineSeconds();
        long seconds = deadline == null ? 600 : deadline;
        if (seconds >= request.timeout().toSeconds()) {
            warn("Deployment '" + deployment.getMetadata().getName() + "' has progressDeadlineSeconds " + seconds
                    + ", not below the rollout timeout of " + request.timeout().toSeconds() + " s: a stuck rollout then ends"
                    + " by the timeout instead of the cluster's verdict.");
        }
    }

    private String namespace(String declared) {
        if (request.namespace().isPresent()) {
            return request.namespace().get();
        }
        return declared == null || declared.isBlank() ? "default" : declared;
    }

    private AgentValues readValues() {
        Path file = request.valuesFile().orElseThrow();
        ValuesReader.Result result = ValuesReader.read(file, request.overrides());
        if (!result.unknownKeys().isEmpty()) {
            warn("Values file " + file + ": ignoring keys the built-in manifests do not use: "
                    + String.join(", ", result.unknownKeys()) + ".");
        }
        AgentValues values = result.values();
        values.env().stream().filter(v -> SecretNames.looksSecret(v.name())).forEach(v -> {
            redactor.register(v.value());
            warn("Environment variable '" + v.name() + "' looks secret but is set as plain text in the values;"
                    + " keep secrets in AWS Secrets Manager (agentSecret) instead.");
        });
        values.configDefaults().entrySet().stream().filter(e -> SecretNames.looksSecret(e.getKey())).forEach(e -> {
            redactor.register(e.getValue());
            warn("configDefaults key '" + e.getKey() + "' looks secret but is stored in a plain ConfigMap;"
                    + " keep secrets in AWS Secrets Manager (agentSecret) instead.");
        });
        return values;
    }

    /** Reads the chart's values file (when given) with the overrides, for the keys the step itself needs. */
    private ObjectNode chartValues() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        if (request.valuesFile().isPresent()) {
            Path file = request.valuesFile().get();
            try {
                JsonNode parsed = YAML.readTree(Files.readString(file));
                if (parsed != null && parsed.isObject()) {
                    root = (ObjectNode) parsed;
                }
            } catch (IOException e) {
                throw new InvalidInputException("values file", file.toString(), "it could not be read as YAML: "
                        + e.getMessage(), "Pass the chart's values file.");
            }
        }
        SetOverrides.apply(root, request.overrides());
        return root;
    }

    static String text(JsonNode tree, String key) {
        JsonNode node = tree == null ? null : tree.get(key);
        return node == null || !node.isValueNode() || node.asText().isBlank() ? null : node.asText();
    }

    private void warn(String message) {
        listener.warning(message);
        notes.add(redactor.redact(message));
    }
}
