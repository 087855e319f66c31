package io.agentdeploy.cli;

import io.agentdeploy.error.DeployException;
import io.agentdeploy.error.InvalidInputException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Prints failures as one {@code error:} line and returns the exit code: 2 for invalid input and
 * usage errors, 1 for a failed deployment. Only unexpected exceptions get a stack trace.
 */
final class FailureHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

    static final int FAILED = 1;
    static final int USAGE = 2;

    private final ConfigFileDefaults defaults;
    private final IParameterExceptionHandler picocliHandler;

    /**
     * @param defaults the agent-deploy.yaml of this run, to name it in messages about its values
     * @param picocliHandler picocli's own handler, which prints other usage errors with the usage help
     */
    FailureHandler(ConfigFileDefaults defaults, IParameterExceptionHandler picocliHandler) {
        this.defaults = defaults;
        this.picocliHandler = picocliHandler;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (e instanceof InvalidInputException invalid) {
            return print(err, new InputErrors(commandLine.getCommandSpec(), defaults).message(invalid), USAGE);
        }
        if (e instanceof DeployException) {
            return print(err, e.getMessage(), FAILED);
        }
        err.println("error: unexpected failure: " + e);
        e.printStackTrace(err);
        err.flush();
        return FAILED;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) throws Exception {
        CommandLine commandLine = e.getCommandLine();
        InputErrors errors = new InputErrors(commandLine.getCommandSpec(), defaults);
        // picocli wraps what the default value provider throws; the user needs only our message.
        InvalidInputException invalid = invalidInput(e);
        if (invalid != null) {
            return print(commandLine.getErr(), errors.message(invalid), USAGE);
        }
        String message = fixDoubledWord(e.getMessage());
        if (e.getArgSpec() instanceof OptionSpec option && errors.fromFile(option)) {
            // The usage help explains the command line, not a value in the file.
            return print(commandLine.getErr(), message + " (from " + defaults.file() + ")", USAGE);
        }
        if (!message.equals(e.getMessage())) {
            e = new ParameterException(commandLine, message, e.getCause(), e.getArgSpec(), e.getValue());
        }
        return picocliHandler.handleParseException(e, args);
    }

    /**
     * picocli 4.7.7 writes "Value for option option '--build-arg' ..." for a map entry without '=':
     * its option description already starts with the word "option".
     */
    static String fixDoubledWord(String message) {
        return message == null ? "" : message.replace("option option '", "option '");
    }

    private static InvalidInputException invalidInput(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidInputException invalid) {
                return invalid;
            }
        }
        return null;
    }

    private static int print(PrintWriter err, String message, int code) {
        err.println("error: " + message);
        err.flush();
        return code;
    }
}
