package io.agentdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
        int code = run("--config", folder.getRoot().toPath().resolve("none.yaml").toString(), "--help");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid --config").contains("the file does not exist.");
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
