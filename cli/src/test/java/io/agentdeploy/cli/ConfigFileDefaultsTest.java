package io.agentdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeploy.error.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

public class ConfigFileDefaultsTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Command(name = "root", subcommands = Sub.class)
    static final class Root implements Runnable {
        @Override
        public void run() {
        }
    }

    @Command(name = "push")
    static final class Sub implements Runnable {
        @Option(names = "--region")
        String region;

        @Option(names = "--tag", split = ",")
        List<String> tags;

        @Option(names = "--build-arg", split = ",")
        Map<String, String> buildArgs;

        @Override
        public void run() {
        }
    }

    private Sub parse(String yaml, String... args) throws IOException {
        Path root = folder.getRoot().toPath();
        Files.writeString(root.resolve("agent-deploy.yaml"), yaml);
        String[] all = new String[args.length + 3];
        all[0] = "push";
        all[1] = "--repo-root";
        all[2] = root.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        CommandLine commandLine = new CommandLine(new Root());
        commandLine.getSubcommands().get("push").getCommandSpec().addOption(
                CommandLine.Model.OptionSpec.builder("--repo-root").type(String.class).build());
        ConfigFileDefaults defaults = ConfigFileDefaults.locate(all, Map.of());
        defaults.checkKeys(commandLine);
        commandLine.setDefaultValueProvider(defaults);
        CommandLine.ParseResult result = commandLine.parseArgs(all);
        return (Sub) result.subcommand().commandSpec().userObject();
    }

    @Test
    public void topLevelKeysApply() throws IOException {
        Sub push = parse("region: eu-west-1\n");

        assertThat(push.region).isEqualTo("eu-west-1");
    }

    @Test
    public void subcommandSectionOverridesTopLevel() throws IOException {
        Sub push = parse("region: eu-west-1\npush:\n  region: us-west-2\n");

        assertThat(push.region).isEqualTo("us-west-2");
    }

    @Test
    public void listsAndMapsBecomeMultipleValues() throws IOException {
        Sub push = parse("tag: [a, b]\nbuild-arg:\n  BASE_IMAGE: local/python\n  PORT: 8080\n");

        assertThat(push.tags).containsExactly("a", "b");
        assertThat(push.buildArgs).containsEntry("BASE_IMAGE", "local/python").containsEntry("PORT", "8080");
    }

    @Test
    public void commandLineWinsOverFile() throws IOException {
        Sub push = parse("region: eu-west-1\n", "--region", "ap-south-1");

        assertThat(push.region).isEqualTo("ap-south-1");
    }

    @Test
    public void unknownKeyIsRejected() {
        Path file = folder.getRoot().toPath().resolve("agent-deploy.yaml");

        assertThatThrownBy(() -> parse("regoin: eu-west-1\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid key in " + file + " 'regoin': no command has an option --regoin. Fix the spelling:"
                        + " keys are long option names without the leading dashes, as 'agent-deploy <command> --help'"
                        + " lists them.");
    }

    @Test
    public void unknownKeyInSectionIsRejected() {
        assertThatThrownBy(() -> parse("push:\n  namespace: agents\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'push.namespace': the push command has no option --namespace.");
    }

    @Test
    public void nestedMapValueIsRejected() throws IOException {
        assertThatThrownBy(() -> parse("build-arg:\n  NESTED:\n    x: 1\n"))
                .hasRootCauseInstanceOf(InvalidInputException.class)
                .rootCause().hasMessageContaining("map values must be plain strings or numbers.");
    }
}
