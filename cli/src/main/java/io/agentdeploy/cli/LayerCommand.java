package io.agentdeploy.cli;

import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.progress.ProgressListener;
import io.agentdeploy.progress.Redactor;
import io.agentdeploy.report.DeploymentRecord;
import io.agentdeploy.report.JsonRecords;
import io.agentdeploy.report.LayerRecord;
import io.agentdeploy.report.TextSummary;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Base of the subcommands that deploy: sets up the listener and AWS clients, runs the layers,
 * prints the summary or JSON record on standard output, and returns the exit code
 * (0 success, 1 failed deployment; bad input is turned into 2 by the root command).
 */
abstract class LayerCommand implements Callable<Integer> {

    /**
     * Options for which the engine takes an empty value as not given, by what it then uses. An
     * empty value usually comes from an unset shell variable, and would deploy to that default
     * without a word. {@code --region} and {@code --profile} are checked in {@link AwsOptions}.
     */
    private static final Map<String, String> EMPTY_MEANS_DEFAULT = orderedMap(
            "--namespace", "the values file's namespace, else default",
            "--cluster", "the kubeconfig",
            "--kube-context", "the kubeconfig's current-context",
            "--kubeconfig", "the first existing file in KUBECONFIG, else ~/.kube/config",
            "--repository", "the repository prefix followed by the agent name",
            "--runtime-name", "agent_name from the tfvars file, else the agent name",
            "--endpoint", "DEFAULT");

    @ParentCommand
    AgentDeployCommand root;

    @Mixin
    AwsOptions aws;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Option(names = "--repo-root", paramLabel = "<dir>", defaultValue = ".",
            description = "Root of the agent repository; the paths of files in it (--dockerfile, --tfvars, --values,"
                    + " ...) are resolved against it. Default: the working directory.")
    Path repositoryRoot = Path.of(".");

    // Read before parsing by ConfigFileDefaults; declared here so picocli accepts it and lists it in the help.
    @Option(names = "--config", paramLabel = "<file>",
            description = "Option defaults file, relative to the working directory. Default: agent-deploy.yaml in"
                    + " the repository root, if present.")
    Path configFile;

    /** The agent this run deploys, for the record. */
    protected abstract String agentName();

    /** Runs the layers and returns their records in order. */
    protected abstract List<LayerRecord> execute(CommandContext context);

    /**
     * Rejects options given together on the command line that contradict each other. Runs before
     * anything else, so nothing has changed when it throws.
     *
     * @throws io.agentdeploy.error.InvalidInputException naming both options
     */
    protected void checkOptions(OptionConflicts conflicts) {
    }

    @Override
    public final Integer call() {
        checkOptions(new OptionConflicts(spec));
        rejectEmptyValues();
        Path rootDirectory = checkedRepositoryRoot();
        Redactor redactor = new Redactor();
        redactor.register(root.environment().get("AWS_SECRET_ACCESS_KEY"));
        redactor.register(root.environment().get("AWS_SESSION_TOKEN"));
        ProgressListener listener = redactor.wrap(
                new ConsoleListener(root.err(), root.terminal(), output.verbose, root.clock()));
        try (CommandContext context = new CommandContext(listener, redactor, root.environment(), rootDirectory,
                root.clock(), root.activeLayer(), () -> aws.toSettings(root.environment(), redactor))) {
            DeploymentRecord record = new DeploymentRecord(agentName(), execute(context));
            print(record, redactor);
            return record.succeeded() ? 0 : 1;
        }
    }

    /** Rejects an empty or blank value, from the command line or the file, for the options that would take it as unset. */
    private void rejectEmptyValues() {
        EMPTY_MEANS_DEFAULT.forEach((name, fallback) -> {
            OptionSpec option = spec.findOption(name);
            Object value = option == null ? null : option.getValue();
            if (value != null && value.toString().isBlank()) {
                throw new InvalidInputException(name, value.toString(), "the value is empty.", "Pass a value, or leave "
                        + name + " out to use " + fallback + ".");
            }
        });
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    /**
     * Returns the absolute {@code --repo-root}. It is checked here, because the engine would report
     * a missing root as its first use, for example as a missing build context.
     */
    private Path checkedRepositoryRoot() {
        Path absolute = repositoryRoot.toAbsolutePath().normalize();
        if (!Files.isDirectory(absolute)) {
            String shown = absolute.toString().equals(repositoryRoot.toString()) ? "" : absolute + " ";
            throw new InvalidInputException("--repo-root", repositoryRoot.toString(), "the directory " + shown
                    + "does not exist.",
                    "Pass the root of the agent repository, or leave --repo-root out to use the working directory.");
        }
        return absolute;
    }

    private void print(DeploymentRecord record, Redactor redactor) {
        PrintWriter out = root.out();
        if (output.format == OutputOptions.Format.json) {
            out.println(redactor.redact(JsonRecords.toJson(record)));
        } else {
            out.print(redactor.redact(TextSummary.render(record)));
        }
        out.flush();
    }
}
