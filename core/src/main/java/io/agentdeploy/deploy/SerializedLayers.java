package io.agentdeploy.deploy;

import io.agentdeploy.aws.AwsClients;
import io.agentdeploy.aws.MutationGuard;
import io.agentdeploy.eks.DeploymentLease;
import io.agentdeploy.eks.KubernetesClients;
import io.agentdeploy.progress.ProgressLevel;
import io.agentdeploy.progress.ProgressListener;
import io.agentdeploy.progress.RecordingListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the AgentCore and Kubernetes layers of a deployment so that two deployments of one agent never
 * interleave, while a deployment that changes nothing makes no write at all, not even to a lock.
 *
 * <p>The layers first run looking only: every AWS and Kubernetes call that could change state is
 * stopped before it is sent, and their output is held back until they start a long wait. When they
 * finish without wanting to change anything, that was the deployment: its output is passed on. Otherwise the run takes the
 * agent's {@link DeploymentLease}, waiting while another deployment holds it, and runs the layers
 * again from the start under the lock, so every decision rests on state read under the lock. When
 * the lock is held by another run at the start, the look is skipped and the run waits at once.
 */
final class SerializedLayers {

    /** Thrown by the guard to stop the looking run at its first change; never leaves this class. */
    private static final class ChangeNeeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ChangeNeeded(String service, String operation) {
            super("Stopped before " + service + " " + operation + ": a change needs the deployment lock.", null,
                    false, false);
        }
    }

    /** Stops every call that could change state, and records that a change was requested. */
    private static final class StopAtFirstChange implements MutationGuard {
        private final AtomicBoolean changeRequested = new AtomicBoolean();

        @Override
        public void beforeMutation(String service, String operation) {
            changeRequested.set(true);
            throw new ChangeNeeded(service, operation);
        }
    }

    private final AwsClients aws;
    private final KubernetesClients kubernetes;
    private final DeploymentLease lease;
    private final ProgressListener listener;
    private final Duration lockWait;

    /**
     * @param lease the agent's lock, or {@code null} when the deployment has no Kubernetes layer; the
     *     layers then simply run once
     */
    SerializedLayers(AwsClients aws, KubernetesClients kubernetes, DeploymentLease lease, ProgressListener listener,
            Duration lockWait) {
        this.aws = aws;
        this.kubernetes = kubernetes;
        this.lease = lease;
        this.listener = listener;
        this.lockWait = lockWait;
    }

    /** The layers to run, with the output, the Kubernetes clients and the guard to use. */
    @FunctionalInterface
    interface Layers<T> {
        /**
         * Runs the layers.
         *
         * @param guard the guard to call before a change that the layers make without an AWS or
         *     Kubernetes client. It may throw to stop the run there.
         */
        T run(HeldOutput out, KubernetesClients clients, MutationGuard guard);
    }

    /**
     * Output of a run of the layers. A looking run's output is held back, because a run under the lock
     * may repeat it, until {@link #release()}: before a long wait the looking run releases it, so that
     * the wait shows progress.
     */
    static final class HeldOutput implements ProgressListener {
        private final ProgressListener target;
        private final List<RecordingListener.Event> held = new ArrayList<>();
        private boolean holding;

        HeldOutput(ProgressListener target, boolean holding) {
            this.target = target;
            this.holding = holding;
        }

        @Override
        public synchronized void event(ProgressLevel level, String message) {
            if (holding) {
                held.add(new RecordingListener.Event(level, message));
            } else {
                target.event(level, message);
            }
        }

        /** Passes the held output on, and all output from now on. */
        synchronized void release() {
            holding = false;
            held.forEach(event -> target.event(event.level(), event.message()));
            held.clear();
        }
    }

    /**
     * Runs the layers, once or, when they need a change, a second time under the lock.
     *
     * @return what the run that counts returned
     */
    <T> T run(Layers<T> layers) {
        if (lease == null) {
            return layers.run(new HeldOutput(listener, false), kubernetes, MutationGuard.NONE);
        }
        boolean waitFirst = lease.heldByAnother();
        if (!lease.usable()) {
            // The identity may not use Leases; the lock warned about it, and the layers run unguarded.
            return layers.run(new HeldOutput(listener, false), kubernetes, MutationGuard.NONE);
        }
        if (!waitFirst) {
            StopAtFirstChange guard = new StopAtFirstChange();
            HeldOutput held = new HeldOutput(listener, true);
            T looked = null;
            RuntimeException failure = null;
            guardAws(guard);
            try {
                looked = layers.run(held, kubernetes.withMutationGuard(guard), guard);
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                guardAws(MutationGuard.NONE);
            }
            if (!guard.changeRequested.get()) {
                held.release();
                if (failure != null) {
                    throw failure;
                }
                return looked;
            }
            listener.lifecycle("AgentCore or Kubernetes needs a change: taking the deployment lock (Lease '"
                    + lease.namespace() + "/" + lease.name() + "') first.");
        }
        lease.acquire(lockWait);
        return layers.run(new HeldOutput(listener, false), kubernetes, MutationGuard.NONE);
    }

    /** Guards the AWS clients, when the deployment uses any (a Kubernetes-only one may not). */
    private void guardAws(MutationGuard guard) {
        if (aws != null) {
            aws.guardMutations(guard);
        }
    }
}
