package io.agentdeploy.cli;

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
 * Kubernetes. Exit codes: 0 success, 1 failed deployment, 2 bad input or usage, 130 and 143 when
 * SIGINT or SIGTERM stopped the run.
 */
@Command(name = "agent-deploy",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Builds, pushes and deploys an AI agent to Amazon ECR, Bedrock AgentCore Runtime and"
                + " Kubernetes on EKS.",
        footer = {"", "Defaults for any option can be set in agent-deploy.yaml at the repository root"
                + " (see docs/cli.md).", "Exit codes: 0 success, 1 failed deployment, 2 invalid input,"
                + " 130 interrupted (SIGINT), 143 terminated (SIGTERM)."})
public final class AgentDeployCommand implements Runnable {

    /** Subcommands in the order the help lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(PushCommand.class, PromoteCommand.class, AgentCoreCommand.class,
            EksCommand.class, DeployCommand.class);

    /** The slf4j-simple level of library logging; simplelogger.properties turns it off by default. */
    private static final String LIBRARY_LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    private final PrintWriter out;
    private final PrintWriter err;
    private final Map<String, String> environment;
    private final boolean terminal;
    private final Clock clock;
    private final ActiveLayer activeLayer;

    AgentDeployCommand(PrintWriter out, PrintWriter err, Map<String, String> environment, boolean terminal, Clock clock,
            ActiveLayer activeLayer) {
        this.out = out;
        this.err = err;
        this.environment = Map.copyOf(environment);
        this.terminal = terminal;
        this.clock = clock;
        this.activeLayer = activeLayer;
    }

    public static void main(String[] args) {
        if (verboseRequested(args)) {
            // Set before any library creates its first logger, which is when slf4j-simple reads its settings.
            System.setProperty(LIBRARY_LOG_LEVEL, "warn");
        }
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        boolean terminal = System.console() != null;
        ActiveLayer activeLayer = new ActiveLayer();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> activeLayer.interruptedMessage().ifPresent(message -> {
            // On a terminal the line starts after the "^C" that the terminal echoed.
            err.println(terminal ? System.lineSeparator() + message : message);
            err.flush();
        }), "agent-deploy-interrupted"));
        int code;
        try {
            code = run(out, err, System.getenv(), terminal, activeLayer, args);
        } finally {
            // Also after an Error, which picocli does not catch: only a signal leaves the run unfinished.
            activeLayer.finish();
        }
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs the command with the given streams and environment; the seam tests call. */
    public static int run(PrintWriter out, PrintWriter err, Map<String, String> environment, String... args) {
        return run(out, err, environment, false, new ActiveLayer(), args);
    }

    static int run(PrintWriter out, PrintWriter err, Map<String, String> environment, boolean terminal,
            ActiveLayer activeLayer, String... args) {
        CommandLine commandLine = commandLine(new AgentDeployCommand(out, err, environment, terminal,
                Clock.systemUTC(), activeLayer));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        ConfigFileDefaults defaults;
        try {
            defaults = ConfigFileDefaults.locate(args);
            defaults.check(commandLine.getCommandSpec());
        } catch (InvalidInputException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return FailureHandler.USAGE;
        }
        commandLine.setDefaultValueProvider(defaults);
        FailureHandler failures = new FailureHandler(defaults, commandLine.getParameterExceptionHandler());
        commandLine.setExecutionExceptionHandler(failures);
        commandLine.setParameterExceptionHandler(failures);
        return commandLine.execute(args);
    }

    /** Returns the command tree: the root command with every subcommand. */
    static CommandLine commandLine(AgentDeployCommand root) {
        CommandLine commandLine = new CommandLine(root);
        for (Class<?> subcommand : SUBCOMMANDS) {
            commandLine.addSubcommand(subcommand);
        }
        // Subcommands do not inherit the root's version provider, so their -V would print nothing.
        VersionProvider version = new VersionProvider();
        commandLine.getSubcommands().values().forEach(sub -> sub.getCommandSpec().versionProvider(version));
        return commandLine;
    }

    /** Returns whether the arguments ask for verbose output: {@code --verbose}, {@code -v}, or {@code -v} among clustered short options. */
    static boolean verboseRequested(String[] args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                return false;
            }
            if (arg.equals("--verbose") || arg.matches("-[A-Za-z]*v[A-Za-z]*")) {
                return true;
            }
        }
        return false;
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

    ActiveLayer activeLayer() {
        return activeLayer;
    }
}
