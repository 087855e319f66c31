package io.agentdeploy.eks;

import io.agentdeploy.error.InvalidInputException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads Kubernetes objects from YAML: manifest files (a folder stands for its {@code .yaml} and
 * {@code .yml} files, in name order) or Helm's rendered output. Parsing goes through fabric8's
 * serialization into the known model types only; no YAML constructor can instantiate other classes
 * (the cause of the kubernetes-cd plugin's suspension).
 */
final class ManifestFiles {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

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
            objects.addAll(parse(text, path.toString()));
        }
        if (objects.isEmpty()) {
            throw new InvalidInputException("manifest", paths.toString(), "the files hold no Kubernetes objects.",
                    "Pass YAML files with at least a Deployment.");
        }
        return objects;
    }

    /** Parses a multi-document YAML text; empty documents are skipped and {@code List} kinds are unpacked. */
    static List<HasMetadata> parse(String yaml, String source) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (document.lines().allMatch(line -> line.isBlank() || line.trim().startsWith("#"))) {
                continue;
            }
            Object parsed;
            try {
                parsed = SERIALIZATION.unmarshal(document);
            } catch (RuntimeException e) {
                throw new InvalidInputException("manifest", source, "a document is not valid Kubernetes YAML: "
                        + e.getMessage(), "Fix the YAML; kubectl apply --dry-run=client shows the same problem.");
            }
            if (parsed instanceof KubernetesList list) {
                objects.addAll(list.getItems());
            } else if (parsed instanceof HasMetadata object) {
                if (object.getMetadata() == null || object.getMetadata().getName() == null) {
                    throw new InvalidInputException("manifest", source, "a " + object.getKind() + " has no metadata.name.",
                            "Give every object a name.");
                }
                objects.add(object);
            } else {
                throw new InvalidInputException("manifest", source, "a document is not a Kubernetes object.",
                        "Each document needs apiVersion, kind and metadata.");
            }
        }
        return objects;
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
