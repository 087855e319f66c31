package io.agentdeploy.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeploy.testkit.registry.RegistryClient;
import io.agentdeploy.testkit.registry.RegistryGateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Before;
import org.junit.Test;

/**
 * Builds for platforms other than the host's: a base image with an arm64 variant in a local
 * registry, the daemon's classic builder with a platform, and an image index put through the
 * registry API.
 */
public class MultiPlatformIT extends PushTestBase {

    private String base;

    @Before
    public void pushBaseImage() {
        if (base == null) {
            new BaseImages(stack.registry().endpoint()).push("bases/busybox", "1", List.of("amd64", "arm64", "riscv64"));
            base = stack.registry().host() + "/bases/busybox:1";
        }
    }

    @Test
    public void arm64OnlyPushesArm64Image() throws IOException {
        String agent = agentName();

        EcrPushResult result = service.push(request(agent, "COPY hello.txt /hello.txt")
                .platforms(List.of("linux/arm64")).tags(List.of("arm")).pull(true).build());

        RegistryClient.Manifest manifest = stack.registryClient().manifest(repositoryOf(agent), "arm").orElseThrow();
        assertThat(manifest.isIndex()).isFalse();
        assertThat(config(agent, manifest).path("architecture").asText()).isEqualTo("arm64");
        assertThat(result.platforms()).containsExactly("linux/arm64");
        assertThat(result.imageDigest()).isEqualTo(manifest.digest());
        assertThat(result.summary()).contains("linux/arm64");
    }

    @Test
    public void twoPlatformsMakeIndexAndRerunUploadsNothing() throws IOException {
        String agent = agentName();
        EcrPushRequest request = request(agent, "COPY hello.txt /hello.txt")
                .platforms(List.of("linux/amd64", "linux/arm64")).tags(List.of("7", "latest")).build();

        EcrPushResult result = service.push(request);
        stack.callLog().clear();
        long uploadedBefore = stack.gateway().uploadedBytes();
        EcrPushResult again = service.push(request);

        RegistryClient.Manifest index = stack.registryClient().manifest(repositoryOf(agent), "latest").orElseThrow();
        JsonNode entries = index.json().path("manifests");
        assertThat(index.isIndex()).isTrue();
        assertThat(index.mediaType()).isEqualTo(BaseImages.MANIFEST_LIST);
        assertThat(result.imageDigest()).isEqualTo(index.digest());
        assertThat(result.platforms()).containsExactly("linux/amd64", "linux/arm64");
        assertThat(entries).hasSize(2);
        assertThat(entries.get(1).path("platform").path("architecture").asText()).isEqualTo("arm64");
        assertThat(entries.get(1).path("digest").asText()).isEqualTo(result.platformDigests().get("linux/arm64"));
        assertThat(stack.imageLookup().digestOfTag(repositoryOf(agent), "7-linux-arm64"))
                .contains(result.platformDigests().get("linux/arm64"));
        assertThat(again.imageDigest()).isEqualTo(result.imageDigest());
        assertThat(again.changed()).isFalse();
        assertThat(stack.gateway().uploadedBytes()).isEqualTo(uploadedBefore);
        assertThat(stack.callLog().calls(RegistryGateway.SERVICE, "PUT manifest")).isEmpty();
    }

    @Test
    public void localBaseOfOtherPlatformIsRefusedWithReason() {
        String agent = agentName();
        service.push(request(agent, "COPY hello.txt /hello.txt").platforms(List.of("linux/amd64")).pull(true)
                .tags(List.of("amd")).build());
        stack.callLog().clear();
        EcrPushRequest request = request(agent, "COPY hello.txt /hello.txt").platforms(List.of("linux/arm64"))
                .tags(List.of("arm")).build();

        assertThatThrownBy(() -> service.push(request))
                .isInstanceOfSatisfying(EcrException.class, e -> assertThat(e.errorCode())
                        .isEqualTo("PLATFORM_MISMATCH"))
                .hasMessage("The image built for linux/arm64 is linux/amd64 according to its config: the daemon's"
                        + " classic builder takes a base image it has locally, whatever its platform. Build with pull,"
                        + " so that the daemon fetches the linux/arm64 variant of a multi-platform base image, or build"
                        + " on a linux/arm64 Docker host.");
        assertThat(stack.callLog().calls(RegistryGateway.SERVICE, "PUT manifest")).isEmpty();
    }

    @Test
    public void platformDaemonCannotRunNamesTheOptions() {
        String agent = agentName();
        EcrPushRequest request = request(agent, "RUN [\"/bin/foreign\"]").platforms(List.of("linux/riscv64"))
                .tags(List.of("rv")).pull(true).build();

        assertThatThrownBy(() -> service.push(request))
                .isInstanceOf(ImageBuildException.class)
                .hasMessageContaining("\n  exec /bin/foreign: exec format error")
                .hasMessageContaining(" The Docker daemon at " + docker.dockerHost() + " cannot run linux/riscv64"
                        + " programs, which the RUN steps need. Build on a linux/riscv64 Docker host (set DOCKER_HOST"
                        + " to it, or use a riscv64 build agent), or register QEMU emulation for riscv64 on the"
                        + " daemon's host (on Debian: apt-get install qemu-user-static binfmt-support, then"
                        + " update-binfmts --enable qemu-riscv64).\nLast output lines:\n");
    }

    private EcrPushRequest.Builder request(String agent, String instruction) {
        Path context = folder.getRoot().toPath().resolve("mp-" + agent);
        try {
            Path dockerfile = context.resolve("src/agentic_platform/agent/" + agent + "/Dockerfile");
            Files.createDirectories(dockerfile.getParent());
            Files.writeString(context.resolve("hello.txt"), "hello\n");
            Files.writeString(dockerfile, "ARG BASE\nFROM ${BASE}\n" + instruction
                    + "\nCMD [\"/bin/busybox\", \"httpd\", \"-f\", \"-p\", \"8080\"]\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return EcrPushRequest.builder().agent(agent).contextDirectory(context).buildNetwork("none").readGit(false)
                .buildArg("BASE", base);
    }

    private static JsonNode config(String agent, RegistryClient.Manifest manifest) throws IOException {
        String digest = manifest.json().path("config").path("digest").asText();
        var response = java.net.http.HttpClient.newHttpClient();
        try {
            byte[] body = response.send(java.net.http.HttpRequest.newBuilder(stack.registry().endpoint().resolve("/v2/"
                    + repositoryOf(agent) + "/blobs/" + digest)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
