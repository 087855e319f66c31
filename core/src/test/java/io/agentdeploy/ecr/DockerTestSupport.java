package io.agentdeploy.ecr;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Image;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.Assume;

/** Test images made from local material, the daemon check, and cleanup of the images tests create. */
public final class DockerTestSupport {

    public static final Path BUSYBOX = Path.of("/usr/bin/busybox");
    private static final Pattern STEP_IMAGE = Pattern.compile("(?m)(?: ---> |Successfully built )([0-9a-f]{12})$");

    private DockerTestSupport() {
    }

    /** The daemon from DOCKER_HOST or the default socket; skips the test off CI when it is unreachable. */
    public static DockerClientFactory requireDaemon() {
        DockerClientFactory factory = DockerClientFactory.fromEnvironment(System.getenv());
        try (DockerClient docker = factory.create()) {
            docker.pingCmd().exec();
        } catch (IOException | RuntimeException e) {
            // CI provides the daemon, so a missing one is a failure there and a skip on a laptop.
            if (System.getenv("CI") != null) {
                throw new AssertionError("The Docker daemon at " + factory.dockerHost() + " is unreachable: " + e, e);
            }
            Assume.assumeNoException("Skipped: no Docker daemon at " + factory.dockerHost(), e);
        }
        return factory;
    }

    /**
     * Checks that a local image exists; the test fails on CI and is skipped elsewhere when it does not,
     * with the script that builds it in the message.
     */
    public static void requireImage(DockerClientFactory factory, String image, String script) {
        try (DockerClient docker = factory.create()) {
            docker.inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
            String message = "The image " + image + " is missing; build it with " + script + ".";
            if (System.getenv("CI") != null) {
                throw new AssertionError(message, e);
            }
            Assume.assumeNoException("Skipped: " + message, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a build context for a FROM-scratch image of the static busybox, with the agent's
     * Dockerfile at the conventional path and an extra instruction appended.
     */
    public static Path busyboxContext(Path root, String agent, String... extraInstructions) {
        try {
            Files.createDirectories(root);
            Files.copy(BUSYBOX, root.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
            Path dockerfile = root.resolve("src/agentic_platform/agent/" + agent + "/Dockerfile");
            Files.createDirectories(dockerfile.getParent());
            // The label comes first so that no build of another agent (or another developer's test on the
            // same daemon) shares, or removes, the cached steps of this one.
            StringBuilder text = new StringBuilder("FROM scratch AS runtime\nLABEL io.agentdeploy.test=" + agent
                    + "\nCOPY busybox /bin/busybox\n");
            for (String instruction : extraInstructions) {
                text.append(instruction).append('\n');
            }
            text.append("CMD [\"/bin/busybox\", \"httpd\", \"-f\", \"-p\", \"8080\"]\n");
            Files.writeString(dockerfile, text);
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ids of every local image, intermediate ones included. */
    public static Set<String> imageIds(DockerClientFactory factory) {
        try (DockerClient docker = factory.create()) {
            return docker.listImagesCmd().withShowAll(true).exec().stream().map(Image::getId)
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Removes the images a build created: those named in its output (" ---> id" after each step)
     * that did not exist before it. Images of other builds on the same daemon are left alone.
     */
    public static void removeBuiltImages(DockerClientFactory factory, Set<String> before, String buildOutput) {
        Matcher matcher = STEP_IMAGE.matcher(buildOutput);
        List<String> created = new ArrayList<>();
        while (matcher.find()) {
            String shortId = matcher.group(1);
            boolean existed = before.stream().anyMatch(id -> id.startsWith("sha256:" + shortId));
            if (!existed && !created.contains(shortId)) {
                created.add(0, shortId);
            }
        }
        try (DockerClient docker = factory.create()) {
            // Newest first, so children go before the parents they keep alive.
            for (String id : created) {
                try {
                    docker.removeImageCmd(id).withForce(true).exec();
                } catch (NotFoundException e) {
                    // Removed already together with a child.
                }
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("Could not remove the images of a test build: " + e);
        }
    }

    /** Removes every local image whose repository starts with {@code host/}, the ones pushes tagged. */
    public static void removeImagesOf(DockerClientFactory factory, String host) {
        try (DockerClient docker = factory.create()) {
            List<Image> images = docker.listImagesCmd().exec();
            for (Image image : images) {
                String[] tags = image.getRepoTags() == null ? new String[0] : image.getRepoTags();
                for (String tag : tags) {
                    if (tag.startsWith(host + "/")) {
                        docker.removeImageCmd(tag).withForce(true).exec();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("Could not remove test images of " + host + ": " + e);
        }
    }
}
