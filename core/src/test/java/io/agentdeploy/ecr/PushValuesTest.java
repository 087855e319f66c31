package io.agentdeploy.ecr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The small values of the ECR layer: platforms, severities, Git data and the two-phase hand-over. */
public class PushValuesTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void platformParsesVariantAndMakesTagSuffix() {
        ImagePlatform platform = ImagePlatform.parse("linux/arm/v7");

        assertThat(platform.toString()).isEqualTo("linux/arm/v7");
        assertThat(platform.tagSuffix()).isEqualTo("linux-arm-v7");
        assertThat(platform.matches(ImagePlatform.of("linux", "arm", ""))).isTrue();
        assertThat(ImagePlatform.parse("linux/arm64").matches(ImagePlatform.of("linux", "amd64", null))).isFalse();
    }

    @Test
    public void severityGateCountsThresholdAndAbove() {
        assertThat(Severity.HIGH.failsGate(Severity.HIGH)).isTrue();
        assertThat(Severity.CRITICAL.failsGate(Severity.HIGH)).isTrue();
        assertThat(Severity.MEDIUM.failsGate(Severity.HIGH)).isFalse();
        assertThat(Severity.CRITICAL.failsGate(Severity.NONE)).isFalse();
        assertThat(Severity.fromEcr("UNDEFINED")).isNull();
    }

    @Test
    public void remoteUrlLosesCredentials() {
        assertThat(GitMetadata.withoutUserInfo("https://ci-bot:s3cret-token@git.example/team/agents.git"))
                .isEqualTo("https://git.example/team/agents.git");
        assertThat(GitMetadata.withoutUserInfo("git@git.example:team/agents.git"))
                .isEqualTo("git@git.example:team/agents.git");
    }

    @Test
    public void gitMetadataIsReadFromWorkTree() throws Exception {
        Path repository = folder.getRoot().toPath();
        Files.writeString(repository.resolve("file.txt"), "content\n");
        git(repository, "init", "-q");
        git(repository, "remote", "add", "origin", "https://bot:token-value@git.example/team/agents.git");
        git(repository, "add", "file.txt");
        git(repository, "-c", "user.name=Test", "-c", "user.email=test@example.invalid", "commit", "-q", "-m", "one");

        GitMetadata git = GitMetadata.read(repository);

        assertThat(git.commit()).matches("[0-9a-f]{40}");
        assertThat(git.commit()).startsWith(git.shortCommit());
        assertThat(git.commitDateTime()).isNotNull();
        assertThat(git.remoteUrl()).isEqualTo("https://git.example/team/agents.git");
    }

    @Test
    public void pushedImageSurvivesPlainValues() throws Exception {
        EcrPushedImage pushed = new EcrPushedImage("repo", "123456789012.dkr.ecr.us-east-1.amazonaws.com/repo",
                "123456789012", "us-east-1", true, "sha256:" + "a".repeat(64), List.of("linux/arm64"),
                Map.of("linux/arm64", "sha256:" + "a".repeat(64)), 1234, List.of("42", "latest"), List.of("42"),
                List.of("latest"), Map.of("latest", "sha256:" + "b".repeat(64)), true, false, List.of(), 1, 2, 3,
                true, List.of("note"));
        ObjectMapper json = new ObjectMapper();

        @SuppressWarnings("unchecked")
        Map<String, Object> stored = json.readValue(json.writeValueAsString(pushed.toMap()), Map.class);

        assertThat(EcrPushedImage.fromMap(stored)).isEqualTo(pushed);
    }

    private static void git(Path directory, String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", directory.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();
    }
}
