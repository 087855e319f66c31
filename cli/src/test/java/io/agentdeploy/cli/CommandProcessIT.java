package io.agentdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeploy.cli.PackagedCommand.Run;
import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.kubernetes.KubernetesStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** What the packaged jar does as a process: its version, its library logging and its signal handling. */
public class CommandProcessIT {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private static final Path EXAMPLE = PackagedCommand.REPOSITORY_ROOT.resolve("examples/agentic-platform");
    private static final String AGENT = "agentic_chat_enhanced";
    private static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/agentic-platform-" + AGENT
            + "@sha256:" + "5".repeat(64);
    private static final String INTERRUPTED = "error: Interrupted during the EKS layer, which is left as it was at"
            + " this moment, without rollback. Rerun the same command to bring it to the requested state.\n";

    @Test
    public void versionComesFromManifest() throws Exception {
        String version;
        try (JarFile jar = new JarFile(PackagedCommand.JAR.toFile())) {
            version = jar.getManifest().getMainAttributes().getValue("Implementation-Version");
        }

        Run root = PackagedCommand.run(Map.of(), "--version");
        Run subcommand = PackagedCommand.run(Map.of(), "push", "-V");

        assertThat(version).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(root.out()).isEqualTo("agent-deploy " + version + "\n");
        assertThat(subcommand.exitCode()).isZero();
        assertThat(subcommand.out()).isEqualTo("agent-deploy " + version + "\n");
    }

    @Test
    public void librariesLogOnlyWhenVerbose() throws Exception {
        // The AWS SDK logs a WARN through SLF4J when it reads a config section without the "profile " prefix.
        Path home = folder.newFolder("home").toPath();
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), "[oddsection]\nregion = us-east-1\n");
        Map<String, String> environment = Map.of("HOME", home.toString(), "AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:9");
        String[] args = {"agentcore", "--agent", AGENT, "--image", IMAGE, "--repo-root", EXAMPLE.toString()};
        String[] verboseArgs = {"agentcore", "--agent", AGENT, "--image", IMAGE, "--repo-root", EXAMPLE.toString(),
            "--verbose"};

        Run quiet = PackagedCommand.run(environment, args);
        Run verbose = PackagedCommand.run(environment, verboseArgs);

        assertThat(quiet.exitCode()).isEqualTo(2);
        assertThat(quiet.err()).startsWith("error: Invalid AWS credentials: none were found")
                .doesNotContain("WARN").doesNotContain("oddsection");
        assertThat(verbose.exitCode()).isEqualTo(2);
        assertThat(verbose.err()).startsWith("WARN ProfileFileReader - Ignoring profile 'oddsection' on line 1");
    }

    @Test
    public void missingCredentialsGetShortMessages() throws Exception {
        Path home = folder.newFolder("home").toPath();
        // No credentials anywhere: an empty home, no key variables, no instance metadata (PackagedCommand).
        Map<String, String> environment = Map.of("HOME", home.toString(), "AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:9");
        String[] args = {"agentcore", "--agent", AGENT, "--image", IMAGE, "--repo-root", EXAMPLE.toString()};
        String[] profileArgs = {"agentcore", "--agent", AGENT, "--image", IMAGE, "--repo-root", EXAMPLE.toString(),
            "--profile", "nosuchprofile"};

        Run chain = PackagedCommand.run(environment, args);
        Run profile = PackagedCommand.run(environment, profileArgs);

        assertThat(chain.exitCode()).isEqualTo(2);
        assertThat(chain.err()).isEqualTo("error: Invalid AWS credentials: none were found in AWS_ACCESS_KEY_ID and"
                + " AWS_SECRET_ACCESS_KEY, the default AWS profile, web identity (IRSA), the container credentials"
                + " endpoint or the instance profile. Export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or pass"
                + " --profile <name> (or set AWS_PROFILE).\n");
        assertThat(profile.exitCode()).isEqualTo(2);
        assertThat(profile.err()).isEqualTo("error: Invalid --profile 'nosuchprofile': there is no such profile in "
                + home.resolve(".aws/config") + " or " + home.resolve(".aws/credentials") + ". Name a profile that"
                + " 'aws configure list-profiles' lists.\n");
    }

    @Test
    public void interruptionNamesLayerAndExitCode() throws Exception {
        try (KubernetesStack stack = KubernetesStack.start(IMAGE::equals, new CallLog(), 0)) {
            // The pods never get ready while the test runs, so the command is waiting for the rollout.
            stack.controller().readyDelay(Duration.ofMinutes(10));
            Map<String, String> environment = Map.of("KUBECONFIG", stack.kubeconfigFile().toString());
            String[] args = {"eks", "--agent", AGENT, "--image", IMAGE, "--repo-root", EXAMPLE.toString()};

            Run interrupted = stopDuringRollout(environment, args, "INT");
            Run terminated = stopDuringRollout(environment, args, "TERM");

            assertThat(interrupted.exitCode()).as(interrupted.err()).isEqualTo(130);
            assertThat(interrupted.err()).endsWith(INTERRUPTED);
            assertThat(interrupted.out()).isEmpty();
            assertThat(terminated.exitCode()).as(terminated.err()).isEqualTo(143);
            assertThat(terminated.err()).endsWith(INTERRUPTED);
        }
    }

    private static Run stopDuringRollout(Map<String, String> environment, String[] args, String signal)
            throws IOException, InterruptedException {
        try (PackagedCommand command = PackagedCommand.start(environment, args)) {
            command.awaitError("updated replica available", 60);

            Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(command.pid())).inheritIO().start();

            assertThat(kill.waitFor()).isZero();
            return command.await();
        }
    }
}
