package io.agentdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class AgentDeployCommandTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return AgentDeployCommand.run(new PrintWriter(out), new PrintWriter(err), Map.of(), args);
    }

    @Test
    public void helpExitsZero() {
        int code = run("--help");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("Usage: agent-deploy").contains("Exit codes: 0 success");
    }

    @Test
    public void missingSubcommandIsUsageError() {
        int code = run();

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Missing subcommand.");
    }

    @Test
    public void unknownOptionIsUsageError() {
        int code = run("--no-such-option");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--no-such-option'");
    }

    @Test
    public void missingConfigFileIsInvalidInput() {
        Path missing = folder.getRoot().toPath().resolve("none.yaml");

        int code = run("--config", missing.toString(), "--help");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: Invalid --config '" + missing + "': the file " + missing + " does"
                + " not exist (a relative --config is resolved against the working directory). Pass the path of an"
                + " existing agent-deploy.yaml.\n");
    }

    @Test
    public void relativeConfigIsResolvedAgainstWorkingDirectory() throws IOException {
        Path root = folder.getRoot().toPath();
        Files.writeString(root.resolve("agent-deploy.yaml"), "regoin: us-east-1\n");
        Path relative = Path.of("").toAbsolutePath().relativize(root.resolve("agent-deploy.yaml"));

        int code = run("push", "--config", relative.toString(), "--repo-root", "/", "--help");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: Invalid key in " + root.resolve("agent-deploy.yaml") + " 'regoin'");
    }

    @Test
    public void nestedMapInConfigIsUsageErrorWithoutUsageHelp() throws IOException {
        Path root = folder.getRoot().toPath();
        Files.writeString(root.resolve("agent-deploy.yaml"), "agentcore:\n  description:\n    nested: map\n");

        int code = run("agentcore", "--agent", "agent", "--repo-root", root.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: Invalid agentcore.description in " + root.resolve("agent-deploy.yaml")
                + ": a map is given, but --description takes a single value. Write one plain value after"
                + " 'description:'.\n");
    }

    @Test
    public void badValueInConfigNamesFile() throws IOException {
        Path root = folder.getRoot().toPath();
        Files.writeString(root.resolve("agent-deploy.yaml"), "eks:\n  restart-threshold: many\n");

        int code = run("eks", "--agent", "agent", "--image", "r:1", "--repo-root", root.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: Invalid value for option '--restart-threshold': 'many' is not an"
                + " int (from " + root.resolve("agent-deploy.yaml") + ")\n");
    }

    @Test
    public void mapEntryWithoutEqualsNamesOptionOnce() {
        int code = run("push", "--agent", "agent", "--build-arg", "foo");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("Value for option '--build-arg' (<key=value>) should be in"
                + " KEY=VALUE[,KEY=VALUE]... format but was foo\n");
    }

    @Test
    public void missingRepositoryRootIsInvalidInput() {
        Path missing = folder.getRoot().toPath().resolve("absent");

        int code = run("push", "--agent", "agent", "--repo-root", missing.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: Invalid --repo-root '" + missing + "': the directory does not"
                + " exist. Pass the root of the agent repository, or leave --repo-root out to use the working"
                + " directory.\n");
    }

    @Test
    public void emptyNamespaceIsInvalidInput() {
        int code = runOffline("eks", "--agent", "agent", "--image", "r:1", "--namespace", "");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: Invalid --namespace '': the value is empty. Pass a value, or"
                + " leave --namespace out to use the values file's namespace, else default.\n");
    }

    @Test
    public void emptyStringOptionsAreInvalidInput() {
        List<List<String>> cases = List.of(
                List.of("eks", "--agent", "agent", "--image", "r:1", "--namespace", " "),
                List.of("eks", "--agent", "agent", "--image", "r:1", "--cluster", ""),
                List.of("eks", "--agent", "agent", "--image", "r:1", "--kube-context", ""),
                List.of("eks", "--agent", "agent", "--image", "r:1", "--kubeconfig", ""),
                List.of("push", "--agent", "agent", "--repository", ""),
                List.of("agentcore", "--agent", "agent", "--runtime-name", ""),
                List.of("agentcore", "--agent", "agent", "--endpoint", ""),
                List.of("deploy", "--agent", "agent", "--namespace", ""));
        for (List<String> args : cases) {
            err.getBuffer().setLength(0);
            String option = args.get(args.size() - 2);

            int code = runOffline(args.toArray(String[]::new));

            assertThat(code).as(args.toString()).isEqualTo(2);
            assertThat(err.toString()).as(args.toString()).startsWith("error: Invalid " + option + " '"
                    + args.get(args.size() - 1) + "': the value is empty. Pass a value, or leave " + option + " out");
        }
    }

    @Test
    public void emptyNamespaceInConfigNamesFile() throws IOException {
        Path root = folder.getRoot().toPath();
        Files.writeString(root.resolve("agent-deploy.yaml"), "eks:\n  namespace: ''\n");

        int code = runOffline("eks", "--agent", "agent", "--image", "r:1");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: Invalid --namespace '' (from " + root.resolve("agent-deploy.yaml")
                + "): the value is empty.");
    }

    /**
     * Runs with the temporary folder as repository root and home, and AWS at a closed loopback port,
     * so that nothing leaves the machine.
     */
    private int runOffline(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--repo-root", folder.getRoot().toString()));
        Map<String, String> environment = Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test-secret", "AWS_ENDPOINT_URL", "http://127.0.0.1:1",
                "HOME", folder.getRoot().toString());
        return AgentDeployCommand.run(new PrintWriter(out), new PrintWriter(err), environment, all.toArray(String[]::new));
    }

    @Test
    public void versionWorksOnEverySubcommand() {
        for (String subcommand : List.of("push", "promote", "agentcore", "eks", "deploy")) {
            StringWriter version = new StringWriter();

            int code = AgentDeployCommand.run(new PrintWriter(version), new PrintWriter(err), Map.of(), subcommand, "-V");

            assertThat(code).as(subcommand).isZero();
            assertThat(version.toString()).as(subcommand).isEqualTo("agent-deploy development\n");
        }
    }

    @Test
    public void verboseIsFoundInArguments() {
        assertThat(AgentDeployCommand.verboseRequested(new String[] {"push", "--verbose"})).isTrue();
        assertThat(AgentDeployCommand.verboseRequested(new String[] {"push", "-v"})).isTrue();
        assertThat(AgentDeployCommand.verboseRequested(new String[] {"push", "-hv"})).isTrue();
        assertThat(AgentDeployCommand.verboseRequested(new String[] {"push", "-V", "--output", "json"})).isFalse();
    }

    @Test
    public void duplicateKeyInConfigIsUsageError() throws IOException {
        Path root = folder.getRoot().toPath();
        Files.writeString(root.resolve("agent-deploy.yaml"), "region: us-east-1\nregion: eu-west-1\n");

        int code = run("push", "--agent", "agent", "--repo-root", root.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: Invalid key in " + root.resolve("agent-deploy.yaml") + " 'region':"
                + " it appears twice in the same map (line 2), and only one value can apply. Remove one of the two"
                + " 'region:' lines.\n");
    }

    @Test
    public void malformedConfigFileIsInvalidInput() throws IOException {
        Path root = folder.getRoot().toPath();
        Files.writeString(root.resolve("agent-deploy.yaml"), "region: [unclosed\n");

        int code = run("--repo-root", root.toString(), "--help");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid config file").contains("it is not valid YAML");
    }
}
