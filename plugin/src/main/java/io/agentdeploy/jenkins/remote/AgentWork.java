package io.agentdeploy.jenkins.remote;

import hudson.AbortException;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.agentdeploy.aws.AwsClients;
import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.jenkins.AwsAccess;
import io.agentdeploy.jenkins.ConsoleProgress;
import io.agentdeploy.progress.ProgressListener;
import io.agentdeploy.progress.Redactor;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import jenkins.MasterToSlaveFileCallable;

/**
 * One phase of a step, run on the agent that holds the workspace: Docker builds, registry pushes and
 * cluster access happen where the build runs, and so do the AWS calls, with the agent's default
 * credential chain when no Jenkins credential supplied keys. The build's {@link TaskListener} is
 * remoted, so the engine's output reaches the console; every secret the phase carries is registered
 * with a {@link Redactor} before anything is printed.
 *
 * @param <T> the plugin-defined, serializable value returned to the controller
 */
abstract class AgentWork<T extends Serializable> extends MasterToSlaveFileCallable<T> {

    private static final long serialVersionUID = 1L;

    private final AwsAccess aws;
    private final TaskListener listener;

    AgentWork(AwsAccess aws, TaskListener listener) {
        this.aws = aws;
        this.listener = listener;
    }

    /** Runs the phase with a redacting listener and the AWS clients of this step. */
    protected abstract T work(Path workspace, AwsClients clients, ProgressListener progress, Redactor redactor)
            throws IOException, InterruptedException;

    /**
     * Reads a drop-down value as the engine's enum.
     *
     * @throws InvalidInputException naming the parameter and the allowed values
     */
    static <E extends Enum<E>> E choice(String parameter, Class<E> type, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(parameter, value,
                    "allowed values are " + java.util.Arrays.toString(type.getEnumConstants()) + ".", null);
        }
    }

    /** Registers the secrets a subclass carries besides the AWS keys. */
    protected void registerSecrets(Redactor redactor) {
    }

    @Override
    public final T invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
        Redactor redactor = new Redactor();
        aws.registerSecrets(redactor);
        registerSecrets(redactor);
        ProgressListener progress = redactor.wrap(new ConsoleProgress(listener, false));
        try (AwsClients clients = new AwsClients(aws.toSettings(), progress)) {
            return work(workspace.toPath(), clients, progress, redactor);
        } catch (InvalidInputException e) {
            // Bad input: a clean failure without a stack trace, as before any change.
            throw new AbortException(redactor.redact(e.getMessage()));
        }
    }
}
