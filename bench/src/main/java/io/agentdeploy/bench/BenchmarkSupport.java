package io.agentdeploy.bench;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Image;
import io.agentdeploy.ecr.DockerClientFactory;
import java.io.IOException;
import java.util.Map;

/** Cleanup shared by the benchmarks: they remove only the images they built. */
final class BenchmarkSupport {

    private BenchmarkSupport() {
    }

    /**
     * Removes every image, tagged or not, whose {@code io.agentdeploy.test} label has this value: the
     * benchmark's builds, their pushes' local tags and their intermediate layers.
     */
    static void removeImagesLabelled(String value) {
        try (DockerClient docker = DockerClientFactory.fromEnvironment(System.getenv()).create()) {
            for (Image image : docker.listImagesCmd().withShowAll(true)
                    .withLabelFilter(Map.of("io.agentdeploy.test", value)).exec()) {
                try {
                    docker.removeImageCmd(image.getId()).withForce(true).exec();
                } catch (RuntimeException e) {
                    // Removed already together with a child.
                }
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("Could not remove the images of " + value + ": " + e);
        }
    }
}
