package io.agentdeploy.eks;

import io.agentdeploy.error.InvalidInputException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Writes objects to a folder, one YAML file per object, named {@code NN-kind-name.yaml} in apply
 * order, for a GitOps repository or a review. Files this step wrote before (same name pattern) are
 * replaced, so the folder always contains exactly the current set; other files are left alone.
 */
final class RenderedFiles {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private RenderedFiles() {
    }

    /** Writes the files and returns their names. */
    static List<String> write(Path folder, List<HasMetadata> objects) {
        try {
            Files.createDirectories(folder);
            try (Stream<Path> old = Files.list(folder)) {
                for (Path file : old.filter(p -> p.getFileName().toString().matches("\\d{2,}-[a-z0-9]+-.+\\.yaml")).toList()) {
                    Files.delete(file);
                }
            }
            List<String> names = new ArrayList<>();
            int width = Math.max(2, Integer.toString(objects.size()).length());
            for (int i = 0; i < objects.size(); i++) {
                HasMetadata object = objects.get(i);
                String name = String.format(Locale.ROOT, "%0" + width + "d-%s-%s.yaml", i + 1,
                        object.getKind().toLowerCase(Locale.ROOT), object.getMetadata().getName());
                Files.writeString(folder.resolve(name), SERIALIZATION.asYaml(object));
                names.add(name);
            }
            return names;
        } catch (IOException e) {
            throw new InvalidInputException("render to", folder.toString(), "the folder could not be written: " + e.getMessage(),
                    "Pass a folder this process may write to.");
        }
    }
}
