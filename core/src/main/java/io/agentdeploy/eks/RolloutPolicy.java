package io.agentdeploy.eks;

import java.time.Duration;

/**
 * When the rollout watch gives up early, and how much it gathers when it does.
 *
 * @param restartThreshold a container in CrashLoopBackOff (or exited non-zero) with at least this many restarts fails the rollout
 * @param unschedulableGrace how long a pod may stay Unschedulable before the rollout fails (the cluster autoscaler may add a node)
 * @param pollInterval how often the watch re-evaluates without an event, for grace windows and progress lines
 * @param logLines how many log lines per container the failure diagnostics show
 * @param maxPodsDiagnosed how many pods the failure diagnostics describe
 * @param tolerateFailuresUntilDeadline whether failing pods are tolerated, so that only the progress deadline,
 *        ReplicaFailure or the timeout end the rollout (for agents that restart while their dependencies start)
 * @param apiLossWindow how long direct reads of the Deployment must fail before the watch ends because the API
 *        server is gone (see {@link ApiServerMonitor})
 */
record RolloutPolicy(int restartThreshold, Duration unschedulableGrace, Duration pollInterval, int logLines,
        int maxPodsDiagnosed, boolean tolerateFailuresUntilDeadline, Duration apiLossWindow) {

    /**
     * How long the API server may fail to respond during a watch by default. An estimate: long enough to ride out
     * a brief outage of one API server instance behind a load balancer, short against a rollout timeout of minutes.
     */
    static final Duration DEFAULT_API_LOSS_WINDOW = Duration.ofSeconds(10);

    /** Two restarts, 15 s for scheduling (kstatus uses the same window), a 1 s tick, 20 log lines, 10 pods. */
    static final RolloutPolicy DEFAULT = new RolloutPolicy(2, Duration.ofSeconds(15), Duration.ofSeconds(1), 20, 10, false);

    /** Creates a policy with the default API loss window. */
    RolloutPolicy(int restartThreshold, Duration unschedulableGrace, Duration pollInterval, int logLines,
            int maxPodsDiagnosed, boolean tolerateFailuresUntilDeadline) {
        this(restartThreshold, unschedulableGrace, pollInterval, logLines, maxPodsDiagnosed, tolerateFailuresUntilDeadline,
                DEFAULT_API_LOSS_WINDOW);
    }

    /** Returns this policy with the request's restart threshold and tolerance. */
    RolloutPolicy forRequest(EksDeployRequest request) {
        return new RolloutPolicy(request.restartThreshold(), unschedulableGrace, pollInterval, logLines, maxPodsDiagnosed,
                request.tolerateFailuresUntilDeadline(), apiLossWindow);
    }
}
