package io.agentdeploy.testkit.agentcore;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeploy.testkit.FreePorts;
import io.agentdeploy.testkit.aws.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs runtime versions' containers on the local Docker daemon, as AgentCore Runtime runs them in a
 * microVM: pulled from the local registry, given the version's environment, on the host network
 * with {@code PORT} set to a free loopback port (the bridge network is never used), and probed with
 * {@code GET /ping} until it answers {@code Healthy} or {@code HealthyBusy}.
 *
 * <p>Containers are named {@value #NAME_PREFIX}* and removed after each use; the image references
 * pulled are removed on {@link #close()}.
 */
public final class AgentContainers implements ContainerCheck, AutoCloseable {

    static final String NAME_PREFIX = "agentdeploy-agentcore-";
    /** Real runtimes must finish initialization within a limit (30 s to 60 s observed); locally it is shorter. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(100);
    private static final Logger LOG = LoggerFactory.getLogger(AgentContainers.class);

    /**
     * A started container.
     *
     * @param id the container id
     * @param port the loopback port it listens on
     */
    public record Running(String id, int port) { }

    private final Function<String, Optional<String>> localReference;
    private final DockerClient docker;
    private final Duration startTimeout;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Set<String> pulled = ConcurrentHashMap.newKeySet();

    /**
     * @param localReference maps an ECR reference to a reference the daemon can pull from the local
     *     registry, or returns empty when the registry does not serve it
     * @param dockerHost the daemon, for example {@code unix:///var/run/docker.sock}
     * @param startTimeout how long a container may take to answer {@code /ping}
     */
    public AgentContainers(Function<String, Optional<String>> localReference, String dockerHost,
            Duration startTimeout) {
        this.localReference = localReference;
        this.startTimeout = startTimeout;
        DefaultDockerClientConfig config = new DefaultDockerClientConfig.Builder().withDockerHost(dockerHost).build();
        this.docker = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).maxConnections(8).connectionTimeout(Duration.ofSeconds(10))
                .build());
    }

    /** True when a Docker daemon answers at {@code dockerHost}. */
    public static boolean daemonAvailable(String dockerHost) {
        DefaultDockerClientConfig config = new DefaultDockerClientConfig.Builder().withDockerHost(dockerHost).build();
        try (DockerClient client = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).connectionTimeout(Duration.ofSeconds(2)).build())) {
            client.pingCmd().exec();
            return true;
        } catch (RuntimeException | IOException e) {
            return false;
        }
    }

    @Override
    public Optional<String> check(String containerUri, Map<String, String> environment, String protocol) {
        if (!"HTTP".equals(protocol)) {
            // NOTE: MCP and A2A containers serve /mcp on 8000 and JSON-RPC on 9000; the service's health
            // check for them is not documented, so these versions pass once their image exists.
            return Optional.empty();
        }
        Running running;
        try {
            running = start(containerUri, environment);
        } catch (StartFailure e) {
            return Optional.of(e.getMessage());
        }
        stop(running);
        return Optional.empty();
    }

    /**
     * Starts the image's container and waits until {@code /ping} reports it healthy.
     *
     * @throws StartFailure with a reason in the service's manner when it cannot be pulled, exits or stays unhealthy
     */
    public Running start(String containerUri, Map<String, String> environment) {
        String image = localReference.apply(containerUri).orElseThrow(() -> new StartFailure(
                "The image '" + containerUri + "' was not found in the repository."));
        pull(containerUri, image);
        int port = FreePorts.next();
        List<String> env = new ArrayList<>();
        environment.forEach((name, value) -> env.add(name + "=" + value));
        env.add("PORT=" + port);
        String id = docker.createContainerCmd(image)
                .withName(NAME_PREFIX + UUID.randomUUID().toString().substring(0, 12))
                .withEnv(env)
                .withLabels(Map.of("io.agentdeploy.testkit", "agentcore"))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("host"))
                .exec().getId();
        Running running = new Running(id, port);
        try {
            docker.startContainerCmd(id).exec();
            awaitHealthy(containerUri, running);
            return running;
        } catch (RuntimeException e) {
            stop(running);
            throw e instanceof StartFailure ? e : new StartFailure("The container of '" + containerUri
                    + "' could not be started: " + e.getMessage());
        }
    }

    /** Sends a request to a started container and returns status, content type and body. */
    public HttpResponse<byte[]> send(Running running, String method, String path, String contentType, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + running.port() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType == null ? "application/json" : contentType)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** True while the container's process runs. */
    public boolean isRunning(Running running) {
        try {
            return Boolean.TRUE.equals(docker.inspectContainerCmd(running.id()).exec().getState().getRunning());
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** Describes why a started container stopped answering: its state and last output lines. */
    public String describeExit(Running running) {
        try {
            InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(running.id()).exec().getState();
            return (Boolean.TRUE.equals(state.getRunning()) ? "The container still runs."
                    : "The container exited with code " + state.getExitCodeLong() + ".") + logTail(running.id());
        } catch (DockerException e) {
            return "The container is gone.";
        }
    }

    /** Stops and removes a container; a container already gone is fine. */
    public void stop(Running running) {
        try {
            docker.removeContainerCmd(running.id()).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // Already removed.
        } catch (DockerException e) {
            LOG.warn("Could not remove AgentCore test container {}: {}", running.id(), e.toString());
        }
    }

    private void pull(String containerUri, String image) {
        int at = image.indexOf('@');
        int colon = image.lastIndexOf(':');
        String repository;
        String tag;
        if (at >= 0) {
            repository = image.substring(0, at);
            tag = image.substring(at + 1);
        } else if (colon > image.lastIndexOf('/')) {
            repository = image.substring(0, colon);
            tag = image.substring(colon + 1);
        } else {
            repository = image;
            tag = "latest";
        }
        try {
            docker.pullImageCmd(repository).withTag(tag).start().awaitCompletion(2, TimeUnit.MINUTES);
            pulled.add(image);
        } catch (DockerException e) {
            throw new StartFailure("Failed to pull the container image '" + containerUri + "': " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartFailure("Pulling the container image '" + containerUri + "' was interrupted.");
        }
    }

    private void awaitHealthy(String containerUri, Running running) {
        Instant deadline = Instant.now().plus(startTimeout);
        String lastAnswer = "no answer";
        while (Instant.now().isBefore(deadline)) {
            InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(running.id()).exec().getState();
            if (!Boolean.TRUE.equals(state.getRunning())) {
                throw new StartFailure("The container of '" + containerUri + "' exited with code "
                        + state.getExitCodeLong() + " before answering GET /ping." + logTail(running.id()));
            }
            Optional<String> status = ping(running);
            // The answer counts only if this container still runs: when its server could not bind the
            // port because another process took it meanwhile, that process answered instead.
            if (status.isPresent() && (status.get().equals("Healthy") || status.get().equals("HealthyBusy"))
                    && isRunning(running)) {
                return;
            }
            lastAnswer = status.map(s -> "status " + s).orElse(lastAnswer);
            sleep(PROBE_INTERVAL);
        }
        throw new StartFailure("Runtime initialization time exceeded: the container of '" + containerUri
                + "' did not answer GET /ping with Healthy within " + startTimeout.toSeconds() + "s (" + lastAnswer
                + ")." + logTail(running.id()));
    }

    /** Returns the {@code status} member of a {@code /ping} answer, or empty while nothing answers. */
    private Optional<String> ping(Running running) {
        try {
            HttpResponse<byte[]> response = send(running, "GET", "/ping", null, null);
            if (response.statusCode() != 200) {
                return Optional.of("HTTP " + response.statusCode());
            }
            JsonNode body = Json.MAPPER.readTree(response.body());
            return Optional.of(body == null ? "" : body.path("status").asText(""));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartFailure("The health check of '" + running.id() + "' was interrupted.");
        }
    }

    /** The container's last output lines, as the service's logs would show them. */
    private String logTail(String id) {
        StringBuilder output = new StringBuilder();
        try {
            docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withTail(5)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            output.append(new String(frame.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
                        }
                    }).awaitCompletion(5, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
        String text = output.toString().strip();
        return text.isEmpty() ? "" : " Last output: " + text.replace('\n', ' ');
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartFailure("The health check was interrupted.");
        }
    }

    /** Removes the image references this instance pulled; their layers stay with the images that share them. */
    @Override
    public void close() {
        for (String image : pulled) {
            try {
                docker.removeImageCmd(image).withNoPrune(false).exec();
            } catch (DockerException e) {
                LOG.debug("Could not remove pulled image {}: {}", image, e.toString());
            }
        }
        pulled.clear();
        try {
            docker.close();
        } catch (IOException e) {
            LOG.debug("Could not close the Docker client: {}", e.toString());
        }
    }

    /** A container that could not be started healthy; the message is the failure reason. */
    public static final class StartFailure extends RuntimeException {

        private static final long serialVersionUID = 1L;

        StartFailure(String message) {
            super(message);
        }
    }
}
