package io.agentdeploy.ecr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentdeploy.progress.ProgressLevel;
import io.agentdeploy.testkit.registry.RegistryClient;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.Test;

/** Build options that end up in the image: OCI labels from Git, the build cache, the target stage. */
public class BuildOptionsIT extends PushTestBase {

    @Test
    public void gitLabelsAndTagsReachImage() throws Exception {
        String agent = agentName();
        Path context = DockerTestSupport.busyboxContext(folder.getRoot().toPath().resolve("git-" + agent), agent);
        git(context, "init", "-q");
        git(context, "remote", "add", "origin", "https://ci:token-in-url@git.example/team/agents.git");
        git(context, "add", ".");
        git(context, "-c", "user.name=Test", "-c", "user.email=test@example.invalid", "commit", "-q", "-m", "one");
        GitMetadata git = GitMetadata.read(context);

        EcrPushResult result = service.push(EcrPushRequest.builder().agent(agent).contextDirectory(context)
                .buildNetwork("none").buildIdentity("17").gitCommitTag(true).semanticVersion("1.4.2").build());

        JsonNode labels = config(repositoryOf(agent), "17").path("config").path("Labels");
        assertThat(result.tags()).containsExactly("17", "latest", git.shortCommit(), "1.4.2");
        assertThat(labels.path("org.opencontainers.image.revision").asText()).isEqualTo(git.commit());
        assertThat(labels.path("org.opencontainers.image.source").asText())
                .isEqualTo("https://git.example/team/agents.git");
        assertThat(labels.path("org.opencontainers.image.created").asText()).isEqualTo(git.commitDateTime().toString());
        assertThat(labels.path("org.opencontainers.image.version").asText()).isEqualTo("1.4.2");
        assertThat(listener.text()).doesNotContain("token-in-url");
    }

    @Test
    public void noCacheRebuildsEveryStep() {
        String agent = agentName();
        service.push(busyboxRequest(agent).tags(List.of("a")).build());
        service.push(busyboxRequest(agent).tags(List.of("b")).build());
        int cachedBefore = cacheHits();

        service.push(busyboxRequest(agent).tags(List.of("c")).noCache(true).build());

        assertThat(cachedBefore).isPositive();
        assertThat(cacheHits()).isEqualTo(cachedBefore);
        assertThat(listener.messages(ProgressLevel.LIFECYCLE)).anyMatch(line -> line.endsWith("(network none, no"
                + " cache)."));
    }

    @Test
    public void pushReportsProgressInBytesAndLayers() {
        String agent = agentName();

        service.push(busyboxRequest(agent).tags(List.of("p")).build());

        assertThat(listener.messages(ProgressLevel.PROGRESS)).anyMatch(line -> line.matches("Pushing "
                + stack.registryHost() + "/" + repositoryOf(agent) + ":p: [0-9.]+ [kMG]?B of [0-9.]+ [kMG]?B"
                + " uploaded, \\d+ layers done, \\d+ already in the registry"));
    }

    private int cacheHits() {
        return (int) listener.messages(ProgressLevel.PROGRESS).stream().filter(line -> line.contains("Using cache"))
                .count();
    }

    private static JsonNode config(String repository, String tag) throws IOException, InterruptedException {
        RegistryClient.Manifest manifest = stack.registryClient().manifest(repository, tag).orElseThrow();
        String digest = manifest.json().path("config").path("digest").asText();
        byte[] body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(stack.registry().endpoint()
                .resolve("/v2/" + repository + "/blobs/" + digest)).build(), HttpResponse.BodyHandlers.ofByteArray())
                .body();
        return new ObjectMapper().readTree(body);
    }

    private static void git(Path directory, String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", directory.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();
    }
}
