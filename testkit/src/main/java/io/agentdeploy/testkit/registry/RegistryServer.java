package io.agentdeploy.testkit.registry;

import io.agentdeploy.testkit.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real CNCF distribution registry ({@code docker-registry serve CONFIG}, version 2.8) as a child
 * process on 127.0.0.1 and a free port, with filesystem storage and no authentication of its own:
 * the {@link RegistryGateway} in front of it checks credentials. Close it to stop the process and
 * delete its storage.
 */
public final class RegistryServer implements AutoCloseable {

    /** Environment variable naming the registry binary; default {@value #DEFAULT_BINARY} on the PATH. */
    public static final String BINARY_VARIABLE = "AGENT_DEPLOY_REGISTRY_BINARY";
    static final String DEFAULT_BINARY = "docker-registry";

    private static final Logger LOG = LoggerFactory.getLogger(RegistryServer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Path directory;
    private final int port;
    private final Process process;

    private RegistryServer(Path directory, int port, Process process) {
        this.directory = directory;
        this.port = port;
        this.process = process;
    }

    /**
     * Writes a config into a new temporary directory, starts the registry and waits until
     * {@code GET /v2/} returns 200.
     *
     * @throws IllegalStateException when the binary is missing, the process exits or does not respond in time
     */
    public static RegistryServer start() {
        Path directory;
        try {
            directory = Files.createTempDirectory("agent-deploy-registry-");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a directory for the registry", e);
        }
        int port = FreePorts.next();
        Path config = directory.resolve("config.yml");
        Path log = directory.resolve("registry.log");
        try {
            Files.writeString(config, config(directory.resolve("storage"), port));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the registry config " + config, e);
        }
        String binary = System.getenv().getOrDefault(BINARY_VARIABLE, DEFAULT_BINARY);
        Process process;
        try {
            process = new ProcessBuilder(binary, "serve", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            deleteTree(directory);
            throw new IllegalStateException("Could not run '" + binary + "' (the CNCF distribution registry). Install"
                    + " the Debian package docker-registry or set " + BINARY_VARIABLE + " to the binary.", e);
        }
        RegistryServer server = new RegistryServer(directory, port, process);
        server.awaitReady(log);
        LOG.info("Registry started on {} (storage {})", server.endpoint(), directory);
        return server;
    }

    /** The registry's own base URL, for example {@code http://127.0.0.1:41234}; it checks no credentials. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** {@code 127.0.0.1:PORT}, the registry host as image references name it. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The temporary directory with the config, the log and the storage. */
    public Path directory() {
        return directory;
    }

    /** Stops the process and deletes the temporary directory. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteTree(directory);
    }

    static String config(Path storage, int port) {
        // relativeurls makes upload locations relative, so they work unchanged through the gateway.
        return String.join("\n",
                "version: 0.1",
                "log:",
                "  level: warn",
                "  accesslog:",
                "    disabled: true",
                "storage:",
                "  filesystem:",
                "    rootdirectory: " + storage,
                "  delete:",
                "    enabled: true",
                "  maintenance:",
                "    uploadpurging:",
                "      enabled: false",
                "http:",
                "  addr: 127.0.0.1:" + port,
                "  relativeurls: true",
                "  headers:",
                "    X-Content-Type-Options: [nosniff]",
                "health:",
                "  storagedriver:",
                "    enabled: false",
                "");
    }

    private void awaitReady(Path log) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(endpoint().resolve("/v2/")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String output = tail(log);
                close();
                throw new IllegalStateException("The registry exited with code " + process.exitValue()
                        + " before it responded. Its output:\n" + output);
            }
            try {
                if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("Interrupted while waiting for the registry", e);
            }
            sleep(100);
        }
        String output = tail(log);
        close();
        throw new IllegalStateException("The registry did not respond to GET /v2/ on " + endpoint() + " within "
                + START_TIMEOUT.toSeconds() + " s. Its output:\n" + output);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not delete the registry directory {}: {}", directory, e.toString());
        }
    }
}
