package io.agentdeploy.jenkins.steps;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.ClassLoaderSanityThreadFactory;
import hudson.util.DaemonThreadFactory;
import hudson.util.NamingThreadFactory;
import io.agentdeploy.error.DeployException;
import io.agentdeploy.jenkins.Messages;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.springframework.security.core.Authentication;

/**
 * Runs a step's work on a background thread, in phases. A phase that waits (for READY, for a
 * rollout) saves the execution first, with the state it waits on, so that after a controller restart
 * {@link #onResume()} runs the remaining phases; a phase that cannot resume (a Docker build, a push)
 * blocks a safe restart and fails the step if the controller stops anyway.
 *
 * <p>Aborting the build interrupts the thread; the interrupt reaches the agent through the channel,
 * the engine stops its wait and reports what it left behind, and the step then fails with the cause.
 */
public abstract class DeployExecution extends StepExecution {

    private static final long serialVersionUID = 1L;

    private static final ExecutorService THREADS = Executors.newCachedThreadPool(new NamingThreadFactory(
            new ClassLoaderSanityThreadFactory(new DaemonThreadFactory()), "AgentDeploy step"));

    private transient volatile Future<?> task;
    private transient volatile boolean taskStarted;
    private transient volatile Throwable stopCause;
    private transient volatile String status;

    /** Persisted: true while a phase runs that a restart would lose. */
    private volatile boolean unresumablePhase;

    protected DeployExecution(StepContext context) {
        super(context);
    }

    /**
     * Runs the phases not yet done and returns the step's value.
     *
     * @param resumed true when called again after a controller restart
     */
    protected abstract Object run(boolean resumed) throws Exception;

    /** The Pipeline step name, for messages. */
    protected abstract String functionName();

    @Override
    public final boolean start() {
        launch(false);
        return false;
    }

    @Override
    public final void onResume() {
        if (unresumablePhase) {
            getContext().onFailure(new AbortException(Messages.DeployExecution_NotResumable(functionName())));
            return;
        }
        launch(true);
    }

    private void launch(boolean resumed) {
        Authentication authentication = Jenkins.getAuthentication2();
        task = THREADS.submit(() -> {
            taskStarted = true;
            try (ACLContext ignored = ACL.as2(authentication)) {
                Object value = run(resumed);
                getContext().onSuccess(value);
            } catch (Throwable failure) {
                Throwable cause = stopCause;
                if (cause != null) {
                    cause.addSuppressed(failure);
                    getContext().onFailure(cause);
                } else {
                    getContext().onFailure(userFacing(failure));
                }
            }
        });
    }

    @Override
    public void stop(Throwable cause) {
        stopCause = cause;
        Future<?> running = task;
        if (running == null || running.isDone()) {
            getContext().onFailure(cause);
            return;
        }
        running.cancel(true);
        if (!taskStarted) {
            // Cancelled before it ran: no thread will report the failure.
            getContext().onFailure(cause);
        }
    }

    /** Marks the start of work a restart would lose, and saves that mark before it begins. */
    protected final void beginUnresumable(String what) throws Exception {
        status = what;
        unresumablePhase = true;
        getContext().saveState().get();
    }

    /** Marks a point the step can resume from, and saves the execution with its state. */
    protected final void checkpoint(String what) throws Exception {
        status = what;
        unresumablePhase = false;
        getContext().saveState().get();
    }

    @Override
    public boolean blocksRestart() {
        return unresumablePhase;
    }

    @Override
    public String getStatus() {
        return status;
    }

    protected final Run<?, ?> build() throws Exception {
        return getContext().get(Run.class);
    }

    protected final TaskListener listener() throws Exception {
        return getContext().get(TaskListener.class);
    }

    /**
     * The workspace, waiting for its agent to reconnect when a resumed step runs before the agent is
     * back online. A workspace whose channel is closed fails even a cheap call such as {@code exists()}.
     */
    protected final FilePath workspace() throws Exception {
        long deadline = System.currentTimeMillis() + RECONNECT_WAIT_MILLIS;
        while (true) {
            FilePath workspace = getContext().get(FilePath.class);
            try {
                if (workspace != null) {
                    workspace.exists();
                    return workspace;
                }
            } catch (IOException offline) {
                // The agent is not back yet; try again until the deadline.
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AbortException(Messages.DeployExecution_AgentOffline(functionName()));
            }
            Thread.sleep(5_000);
        }
    }

    private static final long RECONNECT_WAIT_MILLIS = 5 * 60_000;

    /** Engine failures carry a complete message: shown without a stack trace. */
    private static Throwable userFacing(Throwable failure) {
        if (failure instanceof DeployException) {
            return new AbortException(failure.getMessage());
        }
        return failure;
    }
}
