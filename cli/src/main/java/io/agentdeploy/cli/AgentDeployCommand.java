package io.agentdeploy.cli;

import io.agentdeploy.error.DeployException;
import io.agentdeploy.error.InvalidInputException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code agent-deploy} command: builds, pushes and deploys an agent to ECR, AgentCore and
 * Kubernetes. Exit codes: 0 success, 1 failed deployment, 2 bad input or usage.
 */
@Command(name = "agent-deploy",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Builds, pushes and deploys an AI agent to Amazon ECR, Bedrock AgentCore Runtime and"
                + " Kubernetes on EKS.",
        footer = {"", "Defaults for any option can be set in agent-deploy.yaml at the repository root"
                + " (see docs/cli.md).", "Exit codes: 0 success, 1 failed deployment, 2 invalid input."})
public final class AgentDeployCommand implements Runnable {

    /** Subcommands in the order the help lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(PushCommand.class, PromoteCommand.class, AgentCoreCommand.class,
            EksCommand.class, DeployCommand.class);

    private final PrintWriter out;
    private final PrintWriter err;
    private final Map<String, String> environment;
    private final boolean terminal;
    private final Clock clock;

    AgentDeployCommand(PrintWriter out, PrintWriter err, Map<String, String> environment, boolean terminal, Clock clock) {
        this.out = out;
        this.err = err;
        this.environment = Map.copyOf(environment);
        this.terminal = terminal;
        this.clock = clock;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = run(out, err, System.getenv(), System.console() != null, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs the command with the given streams and environment; the seam tests call. */
    public static int run(PrintWriter out, PrintWriter err, Map<String, String> environment, String... args) {
        return run(out, err, environment, false, args);
    }

    static int run(PrintWriter out, PrintWriter err, Map<String, String> environment, boolean terminal, String... args) {
        AgentDeployCommand root = new AgentDeployCommand(out, err, environment, terminal, Clock.systemUTC());
        CommandLine commandLine = new CommandLine(root);
        for (Class<?> subcommand : SUBCOMMANDS) {
            commandLine.addSubcommand(subcommand);
        }
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler(AgentDeployCommand::handleException);
        try {
            ConfigFileDefaults defaults = ConfigFileDefaults.locate(args, environment);
            defaults.checkKeys(commandLine);
            commandLine.setDefaultValueProvider(defaults);
        } catch (InvalidInputException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return 2;
        }
        return commandLine.execute(args);
    }

    private static int handleException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (e instanceof InvalidInputException) {
            err.println("error: " + e.getMessage());
            err.flush();
            return 2;
        }
        if (e instanceof DeployException) {
            err.println("error: " + e.getMessage());
            err.flush();
            return 1;
        }
        err.println("error: unexpected failure: " + e);
        e.printStackTrace(err);
        err.flush();
        return 1;
    }

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand.");
    }

    PrintWriter out() {
        return out;
    }

    PrintWriter err() {
        return err;
    }

    Map<String, String> environment() {
        return environment;
    }

    boolean terminal() {
        return terminal;
    }

    Clock clock() {
        return clock;
    }
}
