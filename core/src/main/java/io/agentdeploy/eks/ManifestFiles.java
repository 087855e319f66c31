package io.agentdeploy.eks;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeploy.error.InvalidInputException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads Kubernetes objects from YAML: manifest files (a folder stands for its {@code .yaml} and
 * {@code .yml} files, in name order) or Helm's rendered output. Parsing goes through fabric8's
 * serialization into the known model types only; no YAML constructor can instantiate other classes
 * (the cause of the kubernetes-cd plugin's suspension).
 *
 * <p>Only the built-in Kubernetes kinds are accepted. fabric8 turns any other kind, or a built-in
 * kind with an unknown apiVersion, into a {@link GenericKubernetesResource}, which the apply,
 * revision history and rollback cannot handle, so such a document is invalid input.
 */
final class ManifestFiles {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** Built-in kinds that error messages name as examples of what is supported. */
    static final String SUPPORTED_EXAMPLES = "Deployment, Service, ConfigMap, Secret, ServiceAccount, Ingress,"
            + " HorizontalPodAutoscaler, PodDisruptionBudget, NetworkPolicy, Role, RoleBinding, StatefulSet, Job and"
            + " CronJob";

    /** The comment by which Helm names the template a rendered document comes from. */
    private static final Pattern HELM_SOURCE = Pattern.compile("(?m)^# Source: (\\S.*)$");

    private ManifestFiles() {
    }

    /**
     * Reads every object of the files, in order.
     *
     * @throws InvalidInputException when a file is missing, unreadable or not Kubernetes YAML, or there are no objects
     */
    static List<HasMetadata> read(List<Path> paths) {
        List<HasMetadata> objects = new ArrayList<>();
        for (Path path : expand(paths)) {
            String text;
            try {
                text = Files.readString(path);
            } catch (IOException e) {
                throw new InvalidInputException("manifest", path.toString(), "the file could not be read: " + e.getMessage(),
                        "Check the path and its permissions.");
            }
            objects.addAll(parse(text, "manifest", path.toString()));
        }
        if (objects.isEmpty()) {
            throw new InvalidInputException("manifest", paths.toString(), "the files hold no Kubernetes objects.",
                    "Pass YAML files with at least a Deployment.");
        }
        return objects;
    }

    /** Parses a multi-document YAML text; empty documents are skipped and {@code List} kinds are unpacked. */
    static List<HasMetadata> parse(String yaml, String source) {
        return parse(yaml, "manifest", source);
    }

    /**
     * Parses a multi-document YAML text, as {@link #parse(String, String)} does.
     *
     * @param parameter the input the text comes from, for messages: {@code manifest} or {@code chart}
     * @throws InvalidInputException when a document is not a Kubernetes object of a built-in kind, or is a
     *         HorizontalPodAutoscaler with minReplicas above maxReplicas
     */
    static List<HasMetadata> parse(String yaml, String parameter, String source) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (document.lines().allMatch(line -> line.isBlank() || line.trim().startsWith("#"))) {
                continue;
            }
            Object parsed;
            try {
                parsed = SERIALIZATION.unmarshal(document);
            } catch (RuntimeException e) {
                throw new InvalidInputException(parameter, source, "a document is not valid Kubernetes YAML: "
                        + e.getMessage(), "Fix the YAML; kubectl apply --dry-run=client shows the same problem.");
            }
            String location = helmSource(document).map(template -> source + " (" + template + ")").orElse(source);
            if (parsed instanceof KubernetesList list) {
                for (HasMetadata item : list.getItems()) {
                    requireBuiltInKind(item, parameter, location);
                    requireReplicaRange(item, parameter, location);
                }
                objects.addAll(list.getItems());
            } else if (parsed instanceof HasMetadata object) {
                requireBuiltInKind(object, parameter, location);
                requireReplicaRange(object, parameter, location);
                if (object.getMetadata() == null || object.getMetadata().getName() == null) {
                    throw new InvalidInputException(parameter, location, "a " + object.getKind() + " has no metadata.name.",
                            "Give every object a name.");
                }
                objects.add(object);
            } else {
                throw new InvalidInputException(parameter, location, "a document is not a Kubernetes object.",
                        "Each document needs apiVersion, kind and metadata.");
            }
        }
        return objects;
    }

    /**
     * Rejects an object that fabric8 could not map to a model class: a custom resource, a misspelt
     * kind, or a built-in kind under an apiVersion the model does not have (such as a removed beta).
     */
    private static void requireBuiltInKind(HasMetadata object, String parameter, String source) {
        if (!(object instanceof GenericKubernetesResource)) {
            return;
        }
        String name = object.getMetadata() == null || object.getMetadata().getName() == null ? ""
                : " (object '" + object.getMetadata().getName() + "')";
        throw new InvalidInputException(parameter, source, "kind '" + object.getKind() + "' with apiVersion '"
                + object.getApiVersion() + "'" + name + " is not supported: it is a custom resource or a kind or"
                + " apiVersion this tool does not know. Supported are the built-in Kubernetes kinds under their current"
                + " apiVersion, such as " + SUPPORTED_EXAMPLES + ".", "Apply custom resources separately (for example"
                + " kubectl apply -f, after their CustomResourceDefinition) and leave them out of the objects this step"
                + " deploys, or correct kind and apiVersion if a built-in kind is meant (for example apps/v1 for a"
                + " Deployment).");
    }

    /** Rejects a HorizontalPodAutoscaler (any autoscaling apiVersion) whose minReplicas is above its maxReplicas. */
    private static void requireReplicaRange(HasMetadata object, String parameter, String source) {
        if (!"HorizontalPodAutoscaler".equals(object.getKind())) {
            return;
        }
        JsonNode spec = SERIALIZATION.convertValue(object, JsonNode.class).path("spec");
        // Kubernetes defaults minReplicas to 1 when it is left out.
        int minReplicas = spec.path("minReplicas").asInt(1);
        int maxReplicas = spec.path("maxReplicas").asInt(0);
        if (spec.hasNonNull("maxReplicas") && minReplicas > maxReplicas) {
            String name = object.getMetadata() == null ? null : object.getMetadata().getName();
            throw new InvalidInputException(parameter, source, "HorizontalPodAutoscaler '" + name + "' has minReplicas "
                    + minReplicas + " above maxReplicas " + maxReplicas + ", which the API server rejects.",
                    "Set spec.minReplicas at most spec.maxReplicas.");
        }
    }

    private static Optional<String> helmSource(String document) {
        Matcher matcher = HELM_SOURCE.matcher(document);
        return matcher.find() ? Optional.of(matcher.group(1).trim()) : Optional.empty();
    }

    private static List<Path> expand(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> children = Files.list(path)) {
                    children.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted()
                            .forEach(files::add);
                } catch (IOException e) {
                    throw new InvalidInputException("manifest", path.toString(), "the folder could not be listed: "
                            + e.getMessage(), "Check its permissions.");
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new InvalidInputException("manifest", path.toString(), "the file does not exist.",
                        "Pass existing manifest files or folders.");
            }
        }
        return files;
    }
}
