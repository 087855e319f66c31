package io.agentdeploy.plugincheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class PluginConsistencyTest {

    /** Surefire runs in the module folder, one level below the repository root. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Rule
    public TemporaryFolder temporary = new TemporaryFolder();

    @Test
    public void stepsDocsHelpFormsAndSampleAgree() throws IOException {
        List<String> problems = new PluginConsistency(ROOT).problems();

        assertThat(problems).isEmpty();
    }

    @Test
    public void sampleCallsAreFound() throws IOException {
        List<PluginConsistency.SampleCall> calls = new PluginConsistency(ROOT)
                .sampleCalls(List.of("agentEcrPush", "agentCoreDeploy", "agentEksDeploy", "agentDeploy"));

        assertThat(calls).extracting(PluginConsistency.SampleCall::function)
                .containsExactly("agentEcrPush", "agentCoreDeploy", "agentEksDeploy");
        assertThat(calls.get(1).arguments()).contains("agent", "image", "executionRoleArn");
    }

    @Test
    public void unknownSampleArgumentIsReported() throws IOException {
        Path copy = copyOfRepository();
        String sample = Files.readString(copy.resolve("Jenkinsfile.sample"));
        Files.writeString(copy.resolve("Jenkinsfile.sample"),
                sample.replaceFirst("agentEksDeploy agent:", "agentEksDeploy replicas: 3, agent:"));

        List<String> problems = new PluginConsistency(copy).problems();

        assertThat(problems).containsExactly(
                "Jenkinsfile.sample passes 'replicas' to agentEksDeploy, which has no such parameter.");
    }

    @Test
    public void missingHelpFileIsReported() throws IOException {
        Path copy = copyOfRepository();
        Files.delete(copy.resolve("plugin/src/main/resources/io/agentdeploy/jenkins/steps/AgentEcrPushStep/"
                + "help-platforms.html"));

        List<String> problems = new PluginConsistency(copy).problems();

        assertThat(problems).containsExactly("AgentEcrPushStep help files: agentEcrPush's parameter 'platforms' is missing.");
    }

    @Test
    public void documentedParameterWithoutSetterIsReported() throws IOException {
        Path copy = copyOfRepository();
        Files.writeString(copy.resolve("docs/steps/agentCoreDeploy.md"),
                Files.readString(copy.resolve("docs/steps/agentCoreDeploy.md"))
                        .replace("| `runtimeName` |", "| `memoryLimit` | none | Removed. | `memoryLimit: 1` |\n| `runtimeName` |"));

        List<String> problems = new PluginConsistency(copy).problems();

        assertThat(problems).containsExactly(
                "docs/steps/agentCoreDeploy.md: 'memoryLimit' is not a parameter of agentCoreDeploy.");
    }

    @Test
    public void removedSetterIsReportedEverywhere() throws IOException {
        Path copy = copyOfRepository();
        Path step = copy.resolve("plugin/src/main/java/io/agentdeploy/jenkins/steps/AgentEksDeployStep.java");
        Files.writeString(step, Files.readString(step).replace("@DataBoundSetter\n    public void setRenderTo(",
                "public void setRenderTo("));

        List<String> problems = new PluginConsistency(copy).problems();

        assertThat(problems).contains(
                "docs/steps/agentEksDeploy.md: 'renderTo' is not a parameter of agentEksDeploy.",
                "AgentEksDeployStep help files: 'renderTo' is not a parameter of agentEksDeploy.",
                "AgentEksDeployStep/config.jelly: 'renderTo' is not a parameter of agentEksDeploy.");
    }

    /** Copies the files the check reads into a temporary repository, to break them there. */
    private Path copyOfRepository() throws IOException {
        Path copy = temporary.newFolder("repository").toPath();
        for (String part : List.of("Jenkinsfile.sample", "docs/steps", "plugin/src/main")) {
            Path source = ROOT.resolve(part);
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Path target = copy.resolve(ROOT.relativize(file).toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target);
                }
            }
        }
        return copy;
    }
}
