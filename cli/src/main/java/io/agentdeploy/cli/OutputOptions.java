package io.agentdeploy.cli;

import picocli.CommandLine.Option;

/** Output options shared by every subcommand. */
public final class OutputOptions {

    /** Formats of the final result on standard output. */
    enum Format { text, json }

    @Option(names = {"-o", "--output"}, paramLabel = "<format>", defaultValue = "text",
            description = "Result format on standard output: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Format format = Format.text;

    @Option(names = {"-v", "--verbose"}, description = "Print debug messages too.")
    boolean verbose;
}
