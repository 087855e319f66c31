package io.agentdeploy.ecr;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.model.AuthConfigurations;
import com.github.dockerjava.api.model.BuildResponseItem;
import io.agentdeploy.progress.ProgressListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Builds the image with the daemon's classic builder through docker-java. Build output is passed on
 * line by line as it comes: "Step n/m : ..." lines and the output of the steps' commands as
 * lifecycle events, the builder's own bookkeeping (intermediate containers and layer ids) as progress
 * events. A failed build throws {@link ImageBuildException} with the failing step and the last
 * output lines.
 */
final class ImageBuilder {

    static final int OUTPUT_TAIL_LINES = 15;
    private static final Pattern STEP = Pattern.compile("Step \\d+/\\d+ : .*");
    private static final Pattern ANSI_COLOUR = Pattern.compile("\\x1B\\[[0-9;]*m");
    /** Lines the classic builder prints about its own work, not a step's output. */
    private static final Pattern BOOKKEEPING = Pattern.compile(
            "\\s*---> .*|\\s*--->|Removing intermediate container .*|Successfully (?:built|tagged) .*");

    private final DockerClient docker;
    private final ProgressListener listener;
    private final DockerErrors errors;

    ImageBuilder(DockerClient docker, ProgressListener listener, DockerErrors errors) {
        this.docker = docker;
        this.listener = listener;
        this.errors = errors;
    }

    /**
     * Builds the request's image and returns its id ({@code sha256:...}).
     *
     * @param platform the platform to build for, or {@code null} for the daemon's own
     */
    String build(EcrPushRequest request, ImagePlatform platform) {
        listener.lifecycle("Building " + request.contextDirectory().relativize(request.dockerfile()) + " in context "
                + request.contextDirectory() + describeOptions(request, platform) + ".");
        BuildOutput output = new BuildOutput();
        try {
            command(request, platform).exec(output).awaitCompletion();
        } catch (InterruptedException e) {
            throw errors.interrupted("building the image");
        } catch (RuntimeException e) {
            if (output.error == null) {
                throw errors.translate(e, "The image build could not run");
            }
        }
        if (output.error != null || output.imageId == null) {
            throw failure(request, platform, output);
        }
        return output.imageId;
    }

    private BuildImageCmd command(EcrPushRequest request, ImagePlatform platform) {
        BuildImageCmd command = docker.buildImageCmd()
                .withBaseDirectory(request.contextDirectory().toFile())
                .withDockerfile(request.dockerfile().toFile())
                .withNoCache(request.noCache())
                .withPull(request.pull())
                // docker-java sends rm=false unless set; remove intermediate containers as the CLI does.
                .withRemove(true)
                .withForcerm(true)
                // An explicit empty set, so docker-java does not send credentials from ~/.docker/config.json.
                .withBuildAuthConfigs(new AuthConfigurations());
        request.buildArgs().forEach(command::withBuildArg);
        if (!request.labels().isEmpty()) {
            command.withLabels(request.labels());
        }
        if (request.target() != null) {
            command.withTarget(request.target());
        }
        if (request.buildNetwork() != null) {
            command.withNetworkMode(request.buildNetwork());
        }
        if (platform != null) {
            command.withPlatform(platform.toString());
        }
        return command;
    }

    private ImageBuildException failure(EcrPushRequest request, ImagePlatform platform, BuildOutput output) {
        String reason = output.error != null ? output.error : "the builder reported no image id";
        StringBuilder message = new StringBuilder("The image build of ")
                .append(request.contextDirectory().relativize(request.dockerfile()))
                .append(" failed");
        if (output.step != null) {
            message.append(" at '").append(output.step).append('\'');
        }
        message.append(": ").append(reason.strip()).append(". ");
        message.append(advice(reason + "\n" + String.join("\n", output.tail), platform));
        // The first line is the whole error, and the output lines follow it for the record. The steps'
        // output was reported as lifecycle events while the build ran, so a console that prints only
        // the first line has shown it already.
        if (!output.tail.isEmpty()) {
            message.append("\nLast output lines:");
            output.tail.forEach(line -> message.append("\n  ").append(line));
        }
        return errors.buildFailed(message.toString(), output.step, new ArrayList<>(output.tail));
    }

    /** What to do: for a platform the daemon cannot build, the two ways to make it able to. */
    private String advice(String output, ImagePlatform platform) {
        String lower = output.toLowerCase(Locale.ROOT);
        if (platform != null && lower.contains("exec format error")) {
            return "The Docker daemon at " + errors.dockerHost() + " cannot run " + platform + " programs, which the"
                    + " RUN steps need. Build on a " + platform + " Docker host (set DOCKER_HOST to it, or use a "
                    + platform.architecture() + " build agent), or register QEMU emulation for " + platform.architecture()
                    + " on the daemon's host (on Debian: apt-get install qemu-user-static binfmt-support, then"
                    + " update-binfmts --enable qemu-" + qemuName(platform.architecture()) + ").";
        }
        if (platform != null && (lower.contains("no matching manifest") || lower.contains("does not match the"))) {
            return "A base image has no " + platform + " variant. Use a multi-platform base image that includes "
                    + platform + ", or build on a " + platform + " Docker host.";
        }
        return "Fix the Dockerfile step or the files and base image it uses, then push again.";
    }

    private static String qemuName(String architecture) {
        return switch (architecture) {
            case "arm64" -> "aarch64";
            case "amd64" -> "x86_64";
            case "386" -> "i386";
            default -> architecture;
        };
    }

    /** Removes the ANSI colour codes the daemon puts around a step's standard error output. */
    private static String withoutColours(String line) {
        return ANSI_COLOUR.matcher(line).replaceAll("");
    }

    private static String describeOptions(EcrPushRequest request, ImagePlatform platform) {
        List<String> options = new ArrayList<>();
        if (platform != null) {
            options.add("platform " + platform);
        }
        if (request.target() != null) {
            options.add("target " + request.target());
        }
        if (request.buildNetwork() != null) {
            options.add("network " + request.buildNetwork());
        }
        if (request.noCache()) {
            options.add("no cache");
        }
        if (request.pull()) {
            options.add("pull");
        }
        return options.isEmpty() ? "" : " (" + String.join(", ", options) + ")";
    }

    /** Collects the build stream: the current step, the last lines, the error and the image id. */
    private final class BuildOutput extends ResultCallback.Adapter<BuildResponseItem> {
        private final Deque<String> tail = new ArrayDeque<>();
        private volatile String step;
        private volatile String error;
        private volatile String imageId;

        @Override
        public void onNext(BuildResponseItem item) {
            if (item.getStream() != null) {
                item.getStream().lines().map(ImageBuilder::withoutColours).map(String::stripTrailing)
                        .filter(line -> !line.isBlank()).forEach(this::line);
            }
            if (item.isErrorIndicated()) {
                error = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                        ? item.getErrorDetail().getMessage() : "the daemon reported an error without details";
            }
            if (item.isBuildSuccessIndicated()) {
                imageId = item.getImageId();
            }
        }

        private void line(String line) {
            synchronized (tail) {
                tail.addLast(line);
                if (tail.size() > OUTPUT_TAIL_LINES) {
                    tail.removeFirst();
                }
            }
            if (STEP.matcher(line).matches()) {
                step = line;
                listener.lifecycle(line);
            } else if (BOOKKEEPING.matcher(line).matches()) {
                listener.progress(line);
            } else {
                listener.lifecycle(line);
            }
        }
    }
}
