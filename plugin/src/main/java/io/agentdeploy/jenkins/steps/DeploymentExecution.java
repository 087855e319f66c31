package io.agentdeploy.jenkins.steps;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.ClassLoaderSanityThreadFactory;
import hudson.util.DaemonThreadFactory;
import hudson.util.NamingThreadFactory;
import io.agentdeploy.deploy.DeploymentState;
import io.agentdeploy.jenkins.AgentDeployConfiguration;
import io.agentdeploy.jenkins.BuildCredentials;
import io.agentdeploy.jenkins.Defaults;
import io.agentdeploy.jenkins.Messages;
import io.agentdeploy.jenkins.remote.BuildInfo;
import io.agentdeploy.jenkins.remote.PhaseWork;
import io.agentdeploy.jenkins.report.DeploymentAction;
import io.agentdeploy.report.DeploymentRecord;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.springframework.security.core.Authentication;

/**
 * Runs any of the four steps as the engine's deployment, one phase at a time, each phase on the agent
 * that holds the workspace. Before every phase the execution is saved with the engine's
 * {@link DeploymentState}. A phase that only waits (the scan, READY, the rollout) is saved as
 * resumable, so after a controller restart {@link #onResume()} runs it again, and it re-reads the
 * repository, runtime or Deployment and waits on. A phase that changes something (build and push,
 * runtime create or update, apply) blocks a safe restart; if the controller stops anyway, the step
 * fails and asks for a new build, which skips what is already done.
 *
 * <p>Aborting the build interrupts the background thread. The interrupt reaches the agent through the
 * channel, the engine cancels its wait and prints what it left behind, and the step fails with the
 * abort's cause. Credentials are looked up again before every phase and never saved.
 */
public final class DeploymentExecution extends StepExecution {

    private static final long serialVersionUID = 1L;

    private static final ExecutorService THREADS = Executors.newCachedThreadPool(new NamingThreadFactory(
            new ClassLoaderSanityThreadFactory(new DaemonThreadFactory()), "Agent Deploy step"));

    /** How long a resumed step waits for the agent of its workspace to reconnect. */
    private static final long RECONNECT_WAIT_MILLIS = 5 * 60_000;

    private final DeploymentStep step;
    private Defaults defaults;
    /** The engine's state as plain values; {@code null} before the first phase. */
    private LinkedHashMap<String, Object> state;
    /** True while a phase runs that a restart would lose. */
    private volatile boolean unresumablePhase;

    private transient volatile Future<?> task;
    private transient volatile boolean taskStarted;
    private transient volatile Throwable stopCause;
    private transient volatile String status;

    DeploymentExecution(DeploymentStep step, StepContext context) {
        super(context);
        this.step = step;
    }

    @Override
    public boolean start() {
        launch(false);
        return false;
    }

    @Override
    public void onResume() {
        if (unresumablePhase) {
            getContext().onFailure(new AbortException(Messages.DeploymentExecution_NotResumable(step.functionName())));
            return;
        }
        launch(true);
    }

    private void launch(boolean resumed) {
        Authentication authentication = Jenkins.getAuthentication2();
        task = THREADS.submit(() -> {
            taskStarted = true;
            try (ACLContext ignored = ACL.as2(authentication)) {
                getContext().onSuccess(run(resumed));
            } catch (Throwable failure) {
                Throwable cause = stopCause;
                if (cause != null) {
                    cause.addSuppressed(failure);
                    getContext().onFailure(cause);
                } else {
                    getContext().onFailure(failure);
                }
            }
        });
    }

    private Object run(boolean resumed) throws Exception {
        Run<?, ?> build = getContext().get(Run.class);
        TaskListener listener = getContext().get(TaskListener.class);
        if (defaults == null) {
            defaults = Defaults.of(AgentDeployConfiguration.get());
        }
        DeploymentState current = state == null ? null : DeploymentState.fromMap(state);
        if (resumed && current != null) {
            listener.getLogger().println(Messages.DeploymentExecution_Resuming(step.functionName(), describe(current)));
        }
        while (current == null || !current.done()) {
            runPhase(build, listener, current);
            current = DeploymentState.fromMap(state);
        }
        DeploymentRecord record = current.record(step.getAgent());
        DeploymentAction.record(build, step.functionName(), record);
        return step.returnValue(record);
    }

    /** Saves where the deployment stands, then runs its next phase on the agent and keeps the new state. */
    private void runPhase(Run<?, ?> build, TaskListener listener, DeploymentState current) throws Exception {
        boolean resumable = current != null && current.phase().resumable();
        status = current == null ? "starting" : describe(current);
        unresumablePhase = !resumable;
        getContext().saveState().get();

        BuildCredentials credentials = new BuildCredentials(build);
        PhaseWork work = new PhaseWork(step, defaults, step.resolveSecrets(credentials, defaults),
                current == null ? null : state, BuildInfo.of(build, dockerEnvironment()), listener);
        Map<String, Object> next = workspace().act(work);

        state = new LinkedHashMap<>(next);
        unresumablePhase = false;
        getContext().saveState().get();
    }

    /** The Docker daemon settings of the build's environment, for the Docker client on the agent. */
    private Map<String, String> dockerEnvironment() throws IOException, InterruptedException {
        EnvVars environment = getContext().get(EnvVars.class);
        Map<String, String> docker = new LinkedHashMap<>();
        if (environment != null) {
            for (String name : new String[] {"DOCKER_HOST", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH"}) {
                String value = environment.get(name);
                if (value != null) {
                    docker.put(name, value);
                }
            }
        }
        return docker;
    }

    private static String describe(DeploymentState current) {
        return switch (current.phase()) {
            case PUSH -> "building and pushing the image";
            case SCAN -> "waiting for the image scan";
            case AGENTCORE_BEGIN -> "creating or updating the AgentCore runtime";
            case AGENTCORE_WAIT -> "waiting for the AgentCore runtime to become READY";
            case EKS_APPLY -> "applying the Kubernetes objects";
            case EKS_WAIT -> "waiting for the Kubernetes rollout";
            case DONE -> "finished";
        };
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

    @Override
    public boolean blocksRestart() {
        return unresumablePhase;
    }

    @Override
    public String getStatus() {
        return status;
    }

    /**
     * The workspace, waiting for its agent to reconnect when a resumed step runs before the agent is
     * back online: a workspace whose channel is closed fails even a cheap call such as {@code exists()}.
     */
    private FilePath workspace() throws Exception {
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
                throw new AbortException(Messages.DeploymentExecution_AgentOffline(step.functionName()));
            }
            Thread.sleep(5_000);
        }
    }
}
