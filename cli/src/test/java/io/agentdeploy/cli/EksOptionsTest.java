package io.agentdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import picocli.CommandLine;

public class EksOptionsTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void optionWinsOverEnvironment() throws Exception {
        EksOptions command = new EksOptions();
        command.kubeconfig = Path.of("explicit");
        Path fromEnvironment = folder.newFile().toPath();

        Path chosen = command.kubeconfigFile(Map.of("KUBECONFIG", fromEnvironment.toString()));

        assertThat(chosen).isEqualTo(Path.of("explicit").toAbsolutePath());
    }

    @Test
    public void firstExistingKubeconfigEntryIsUsed() throws Exception {
        Path second = folder.newFile("second").toPath();
        String variable = folder.getRoot().toPath().resolve("absent") + File.pathSeparator + second;

        Path chosen = new EksOptions().kubeconfigFile(Map.of("KUBECONFIG", variable));

        assertThat(chosen).isEqualTo(second);
    }

    @Test
    public void homeKubeconfigIsTheFallback() throws Exception {
        Path home = folder.getRoot().toPath();
        Files.createDirectories(home.resolve(".kube"));
        Files.writeString(home.resolve(".kube/config"), "");

        Path chosen = new EksOptions().kubeconfigFile(Map.of("HOME", home.toString()));

        assertThat(chosen).isEqualTo(home.resolve(".kube/config"));
    }

    @Test
    public void commandLineClusterReplacesFileKubeconfig() throws Exception {
        Path root = folder.getRoot().toPath();
        Files.writeString(root.resolve("agent-deploy.yaml"), "eks:\n  kubeconfig: cluster.kubeconfig\n"
                + "  kube-context: local\n");

        EksOptions options = checkedOptions("eks", "--agent", "agent", "--image", "agent:1", "--repo-root",
                root.toString(), "--cluster", "agents");

        assertThat(options.cluster).isEqualTo("agents");
        assertThat(options.kubeconfig).isNull();
        assertThat(options.kubeContext).isNull();
    }

    @Test
    public void commandLineContextKeepsFileKubeconfig() throws Exception {
        Path root = folder.getRoot().toPath();
        Files.writeString(root.resolve("agent-deploy.yaml"), "kubeconfig: cluster.kubeconfig\nin-cluster: false\n");

        EksOptions options = checkedOptions("deploy", "--agent", "agent", "--repo-root", root.toString(),
                "--kube-context", "local");

        assertThat(options.kubeconfig).isEqualTo(Path.of("cluster.kubeconfig"));
        assertThat(options.kubeContext).isEqualTo("local");
    }

    @Test
    public void fileWithTwoWaysIsInvalidInput() throws Exception {
        Path root = folder.getRoot().toPath();
        Files.writeString(root.resolve("agent-deploy.yaml"), "cluster: agents\nin-cluster: true\n");
        StringWriter err = new StringWriter();

        int code = AgentDeployCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(err), Map.of(),
                "eks", "--agent", "agent", "--image", "agent:1", "--repo-root", root.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: Invalid cluster access: agent-deploy.yaml sets more than one way"
                + " to reach the cluster, and --cluster, --in-cluster and --kubeconfig/--kube-context exclude each"
                + " other. Keep one of them in the file, or give one on the command line, which replaces the file's.\n");
    }

    /** Parses the arguments with the defaults file of their --repo-root and runs the option checks. */
    private static EksOptions checkedOptions(String... args) {
        CommandLine commandLine = AgentDeployCommand.commandLine(new AgentDeployCommand(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), Map.of(), false, Clock.systemUTC(), new ActiveLayer()));
        commandLine.setDefaultValueProvider(ConfigFileDefaults.locate(args));
        CommandLine.ParseResult parsed = commandLine.parseArgs(args);
        CommandLine subcommand = parsed.subcommand().commandSpec().commandLine();
        EksOptions options = subcommand.getCommand() instanceof EksCommand eks ? eks.eks
                : ((DeployCommand) subcommand.getCommand()).eks;
        options.checkOptions(new OptionConflicts(subcommand.getCommandSpec()));
        return options;
    }

    @Test
    public void noKubeconfigIsInvalidInput() {
        Map<String, String> environment = Map.of("HOME", folder.getRoot().toString());

        assertThatThrownBy(() -> new EksOptions().kubeconfigFile(environment))
                .hasMessageStartingWith("Invalid kubeconfig: no kubeconfig file was found at ["
                        + folder.getRoot().toPath().resolve(".kube/config") + "].");
    }
}
