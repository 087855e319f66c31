package io.agentdeploy.testkit.agentcore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.Assume.assumeTrue;

import io.agentdeploy.testkit.registry.RegistryServer;
import io.agentdeploy.testkit.registry.RegistryTestImages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Runs containers of small busybox images, pushed to a real registry, through the AgentCore
 * double's container check: a healthy {@code /ping}, a container that exits, and one that never
 * reports Healthy.
 */
public class AgentContainersIT {

    private static final String DOCKER_HOST = "unix:///var/run/docker.sock";
    private static final Path BUSYBOX = Path.of("/usr/bin/busybox");
    private static final String ECR = "123456789012.dkr.ecr.us-east-1.amazonaws.com/";

    private static RegistryServer registry;
    private static AgentContainers containers;

    @BeforeClass
    public static void start() throws Exception {
        assumeTrue("Docker daemon at " + DOCKER_HOST + " (required in CI)", AgentContainers.daemonAvailable(DOCKER_HOST)
                || System.getenv("CI") != null);
        registry = RegistryServer.start();
        RegistryTestImages images = new RegistryTestImages(registry.endpoint(), null);
        // The /ping file answers as the agent contract requires; the environment lets a test see ENV_PROBE.
        String serve = "echo \"{\\\"status\\\":\\\"$PING_STATUS\\\",\\\"probe\\\":\\\"$ENV_PROBE\\\"}\" > /www/ping;"
                + " exec /bin/busybox httpd -f -p 127.0.0.1:$PORT -h /www";
        push(images, "healthy", serve, "PING_STATUS=Healthy");
        push(images, "unhealthy", serve, "PING_STATUS=Starting");
        push(images, "crashing", "echo missing MODEL_URL >&2; exit 3", "PING_STATUS=Healthy");
        containers = new AgentContainers(uri -> uri.startsWith(ECR)
                ? Optional.of(registry.host() + "/" + uri.substring(ECR.length())) : Optional.empty(),
                DOCKER_HOST, Duration.ofSeconds(3));
    }

    @AfterClass
    public static void stop() {
        if (containers != null) {
            containers.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    public void healthyContainerPasses() {
        Optional<String> failure = containers.check(ECR + "agents/healthy:1", Map.of(), "HTTP");

        assertThat(failure).isEmpty();
    }

    @Test
    public void startedContainerGetsEnvironment() throws Exception {
        AgentContainers.Running running = containers.start(ECR + "agents/healthy:1", Map.of("ENV_PROBE", "seen"));
        try {
            HttpResponse<byte[]> ping = containers.send(running, "GET", "/ping", null, null);

            assertThat(new String(ping.body(), StandardCharsets.UTF_8)).contains("\"probe\":\"seen\"");
        } finally {
            containers.stop(running);
        }
    }

    @Test
    public void exitingContainerFailsWithOutput() {
        Optional<String> failure = containers.check(ECR + "agents/crashing:1", Map.of(), "HTTP");

        assertThat(failure).hasValue("The container of '" + ECR + "agents/crashing:1' exited with code 3 before"
                + " answering GET /ping. Last output: missing MODEL_URL");
    }

    @Test
    public void unhealthyContainerTimesOut() {
        Optional<String> failure = containers.check(ECR + "agents/unhealthy:1", Map.of(), "HTTP");

        assertThat(failure).hasValueSatisfying(reason -> assertThat(reason).startsWith(
                "Runtime initialization time exceeded: the container of '" + ECR + "agents/unhealthy:1' did not"
                        + " answer GET /ping with Healthy within 3s (status Starting)."));
    }

    @Test
    public void missingImageFails() {
        Optional<String> failure = containers.check("public.ecr.aws/agents/other:1", Map.of(), "HTTP");

        assertThat(failure).hasValue("The image 'public.ecr.aws/agents/other:1' was not found in the repository.");
    }

    /** Pushes a FROM-scratch image with busybox, an empty /www and a shell command as its entry point. */
    private static void push(RegistryTestImages images, String name, String command, String environment)
            throws IOException, InterruptedException {
        byte[] layer = layer();
        String layerDigest = images.uploadBlob("agents/" + name, layer);
        String escaped = command.replace("\\", "\\\\").replace("\"", "\\\"");
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Env\":[\"PATH=/bin\",\""
                + environment + "\"],\"Cmd\":[\"/bin/busybox\",\"sh\",\"-c\",\"" + escaped + "\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + layerDigest + "\"]}}")
                .getBytes(StandardCharsets.UTF_8);
        String configDigest = images.uploadBlob("agents/" + name, config);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + RegistryTestImages.MANIFEST_V2 + "\","
                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":"
                + config.length + ",\"digest\":\"" + configDigest + "\"},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.docker.image.rootfs.diff.tar\",\"size\":" + layer.length + ",\"digest\":\""
                + layerDigest + "\"}]}";
        var put = images.send(images.request("/v2/agents/" + name + "/manifests/1")
                .header("Content-Type", RegistryTestImages.MANIFEST_V2)
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(manifest)));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
    }

    private static byte[] layer() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry bin = new TarArchiveEntry("bin/");
            tar.putArchiveEntry(bin);
            tar.closeArchiveEntry();
            TarArchiveEntry busybox = new TarArchiveEntry(BUSYBOX.toFile(), "bin/busybox");
            busybox.setMode(0755);
            tar.putArchiveEntry(busybox);
            Files.copy(BUSYBOX, tar);
            tar.closeArchiveEntry();
            TarArchiveEntry www = new TarArchiveEntry("www/");
            www.setMode(0777);
            tar.putArchiveEntry(www);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }
}
