package io.agentdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeploy.error.InvalidInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import picocli.CommandLine;

public class ConfigFileDefaultsTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private Path file;

    /** Writes agent-deploy.yaml and parses the arguments with the real command tree, without running anything. */
    private <T> T parse(String yaml, Class<T> type, String... args) throws IOException {
        CommandLine commandLine = commandLine(yaml);
        String[] all = withRepositoryRoot(args);
        commandLine.setDefaultValueProvider(ConfigFileDefaults.locate(all));

        CommandLine.ParseResult result = commandLine.parseArgs(all);

        return type.cast(result.subcommand().commandSpec().userObject());
    }

    private CommandLine commandLine(String yaml) throws IOException {
        file = folder.getRoot().toPath().resolve("agent-deploy.yaml");
        Files.writeString(file, yaml);
        return AgentDeployCommand.commandLine(new AgentDeployCommand(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), Map.of(), false, Clock.systemUTC(), new ActiveLayer()));
    }

    private String[] withRepositoryRoot(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--repo-root";
        all[args.length + 1] = folder.getRoot().toString();
        return all;
    }

    private void check(String yaml) throws IOException {
        CommandLine commandLine = commandLine(yaml);
        ConfigFileDefaults.locate(withRepositoryRoot("push")).check(commandLine.getCommandSpec());
    }

    @Test
    public void topLevelKeysApply() throws IOException {
        PushCommand push = parse("region: eu-west-1\n", PushCommand.class, "push", "--agent", "a");

        assertThat(push.aws.region).isEqualTo("eu-west-1");
    }

    @Test
    public void subcommandSectionOverridesTopLevel() throws IOException {
        PushCommand push = parse("region: eu-west-1\npush:\n  region: us-west-2\n", PushCommand.class,
                "push", "--agent", "a");

        assertThat(push.aws.region).isEqualTo("us-west-2");
    }

    @Test
    public void listsAndMapsBecomeMultipleValues() throws IOException {
        PushCommand push = parse("tag: [a, b]\nbuild-arg:\n  BASE_IMAGE: local/python\n  PORT: 8080\n",
                PushCommand.class, "push", "--agent", "a");

        assertThat(push.push.tags).containsExactly("a", "b");
        assertThat(push.push.buildArgs).containsEntry("BASE_IMAGE", "local/python").containsEntry("PORT", "8080");
    }

    @Test
    public void commandLineWinsOverFile() throws IOException {
        PushCommand push = parse("region: eu-west-1\n", PushCommand.class, "push", "--agent", "a",
                "--region", "ap-south-1");

        assertThat(push.aws.region).isEqualTo("ap-south-1");
    }

    @Test
    public void deployAppliesLayerSections() throws IOException {
        String yaml = "push:\n  build-arg:\n    BASE: local\n"
                + "agentcore:\n  description: from agentcore\n  timeout: 20m\n"
                + "eks:\n  namespace: agents-x\n  timeout: 7m\n";

        DeployCommand deploy = parse(yaml, DeployCommand.class, "deploy", "--agent", "a");

        assertThat(deploy.push.buildArgs).as("push: section").containsEntry("BASE", "local");
        assertThat(deploy.agentCore.description).as("agentcore: section").isEqualTo("from agentcore");
        assertThat(deploy.eks.namespace).as("eks: section").isEqualTo("agents-x");
        assertThat(deploy.agentCoreTimeout).as("agentcore.timeout").isEqualTo(Duration.ofMinutes(20));
        assertThat(deploy.rolloutTimeout).as("eks.timeout").isEqualTo(Duration.ofMinutes(7));
    }

    @Test
    public void deploySectionWinsOverLayerSection() throws IOException {
        String yaml = "namespace: top\neks:\n  namespace: layer\ndeploy:\n  namespace: deploy\n";

        DeployCommand deploy = parse(yaml, DeployCommand.class, "deploy", "--agent", "a");
        EksCommand eks = parse(yaml, EksCommand.class, "eks", "--agent", "a", "--image", "r:1");

        assertThat(deploy.eks.namespace).isEqualTo("deploy");
        assertThat(eks.eks.namespace).isEqualTo("layer");
    }

    @Test
    public void layerSectionSkipsOtherDeployOptions() throws IOException {
        DeployCommand deploy = parse("push:\n  region: eu-west-1\n", DeployCommand.class, "deploy", "--agent", "a");

        assertThat(deploy.aws.region).isNull();
    }

    @Test
    public void providesNamesOnlyValuesFromFile() throws IOException {
        CommandLine commandLine = commandLine("namespace: agents\n");
        ConfigFileDefaults defaults = ConfigFileDefaults.locate(withRepositoryRoot("eks"));
        CommandLine eks = commandLine.getSubcommands().get("eks");

        assertThat(defaults.provides(eks.getCommandSpec().findOption("--namespace"))).isTrue();
        assertThat(defaults.provides(eks.getCommandSpec().findOption("--values"))).isFalse();
        assertThat(defaults.file()).isEqualTo(file);
    }

    @Test
    public void mapForSingleValueOptionIsRejected() {
        assertThatThrownBy(() -> check("agentcore:\n  description:\n    nested: map\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid agentcore.description in " + file + ": a map is given, but --description takes a"
                        + " single value. Write one plain value after 'description:'.");
    }

    @Test
    public void listForSingleValueOptionIsRejected() {
        assertThatThrownBy(() -> check("region: [us-east-1, us-west-2]\n"))
                .hasMessage("Invalid region in " + file + ": a list is given, but --region takes a single value."
                        + " Write one plain value after 'region:'.");
    }

    @Test
    public void nestedMapInMapOptionIsRejected() {
        assertThatThrownBy(() -> check("set:\n  image:\n    tag: v1\n"))
                .hasMessage("Invalid set in " + file + ": 'image' has a nested map, but the entries of --set are KEY:"
                        + " value pairs with plain values. Write nested keys with dots, such as 'image.key: value'.");
    }

    @Test
    public void mapForListOptionIsRejected() {
        assertThatThrownBy(() -> check("push:\n  tag:\n    a: b\n"))
                .hasMessage("Invalid push.tag in " + file + ": a map is given, but --tag takes a list of values."
                        + " Write a YAML list, such as 'tag: [a, b]'.");
    }

    @Test
    public void sectionThatIsNoMapIsRejected() {
        assertThatThrownBy(() -> check("eks: agents\n"))
                .hasMessage("Invalid eks in " + file + ": the section of subcommand 'eks' must be a map of option names"
                        + " to values. Write its options indented below 'eks:'.");
    }

    @Test
    public void unknownKeyIsRejectedWithNearestOption() {
        assertThatThrownBy(() -> check("regoin: us-east-1\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid key in " + file + " 'regoin': no subcommand has an option --regoin. Did you mean"
                        + " 'region'? Keys are long option names without the leading dashes, as 'agent-deploy"
                        + " <command> --help' lists them.");
    }

    @Test
    public void unknownKeyInSectionIsRejectedWithNearestOption() {
        assertThatThrownBy(() -> check("eks:\n  namespce: agents\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'eks.namespce': 'agent-deploy eks' has no option --namespce. Did you mean"
                        + " 'eks.namespace'?");
    }

    @Test
    public void duplicateKeyIsRejectedWithLine() throws IOException {
        file = folder.getRoot().toPath().resolve("agent-deploy.yaml");
        Files.writeString(file, "region: us-east-1\nnamespace: agents\nregion: eu-west-1\n");

        assertThatThrownBy(() -> ConfigFileDefaults.locate(withRepositoryRoot("push")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid key in " + file + " 'region': it appears twice in the same map (line 3), and"
                        + " only one value can apply. Remove one of the two 'region:' lines.");
    }

    @Test
    public void duplicateKeyInSectionIsRejected() throws IOException {
        file = folder.getRoot().toPath().resolve("agent-deploy.yaml");
        Files.writeString(file, "region: us-east-1\neks:\n  namespace: a\n  namespace: b\n");

        assertThatThrownBy(() -> ConfigFileDefaults.locate(withRepositoryRoot("push")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("Invalid key in " + file + " 'eks.namespace': it appears twice in the same"
                        + " map (line 4)");
    }

    @Test
    public void negatedBooleanKeySuggestsFalse() {
        assertThatThrownBy(() -> check("no-rollback: true\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid key in " + file + " 'no-rollback': --no-rollback is the command line's negated"
                        + " form of --rollback, and the file has no negated keys. Write 'rollback: false' instead,"
                        + " because the file sets --rollback to true or false.");
    }

    @Test
    public void negatedBooleanKeyInSectionSuggestsFalse() {
        assertThatThrownBy(() -> check("eks:\n  no-create-namespace: true\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid key in " + file + " 'eks.no-create-namespace': --no-create-namespace is the"
                        + " command line's negated form of --create-namespace, and the file has no negated keys. Write"
                        + " 'create-namespace: false' instead, because the file sets --create-namespace to true or"
                        + " false.");
    }

    @Test
    public void emptyKeyIsRejectedAsEmpty() {
        assertThatThrownBy(() -> check("'': x\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid key in " + file + " '': the key is empty. Write a long option name without the"
                        + " leading dashes before the colon, such as 'region:'.");
    }

    @Test
    public void emptyKeyInSectionIsRejectedAsEmpty() {
        assertThatThrownBy(() -> check("eks:\n  '': x\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("Invalid key in " + file + " 'eks.': the key is empty.");
    }

    @Test
    public void optionOfOtherSectionNamesItsSections() {
        assertThatThrownBy(() -> check("push:\n  namespace: agents\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid key in " + file + " 'push.namespace': 'agent-deploy push' has no option"
                        + " --namespace. --namespace is an option of eks and deploy, so put it under eks: or at the top"
                        + " level.");
    }

    @Test
    public void knownKeysPass() throws IOException {
        check("region: us-east-1\nrollback: false\ndeploy:\n  skip-eks: true\n");
    }
}
