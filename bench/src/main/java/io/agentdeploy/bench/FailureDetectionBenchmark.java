package io.agentdeploy.bench;

import io.agentdeploy.eks.ClusterAccess;
import io.agentdeploy.eks.EksApplied;
import io.agentdeploy.eks.EksDeployRequest;
import io.agentdeploy.eks.EksDeployService;
import io.agentdeploy.eks.KubernetesClients;
import io.agentdeploy.error.DeployException;
import io.agentdeploy.progress.RecordingListener;
import io.agentdeploy.progress.Redactor;
import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.kubernetes.KubernetesStack;
import io.agentdeploy.testkit.kubernetes.PodBehavior;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark of the delay between a pod showing a failure and the failure being reported. It compares
 * the engine's watch (pod states, restart threshold) with a watcher that only waits for the
 * Deployment's progress deadline, as {@code kubectl rollout status} does. Both run against the same simulated cluster
 * (the local stack's controller, with back-offs and deadlines scaled by the same factor), for a
 * container that crashes (CrashLoopBackOff) and an image that does not exist (ImagePullBackOff).
 *
 * <p>The clock starts when a pod of the Deployment first reports the waiting reason, seen through a
 * watch with the system identity, and stops when the watcher reports the failure.
 *
 * <p>Run from the repository root, after {@code mvn -B -T1 -q -pl bench -am package -DskipTests
 * dependency:build-classpath -Dmdep.outputFile=target/classpath.txt}: {@code java -cp
 * bench/target/classes:$(cat bench/target/classpath.txt) io.agentdeploy.bench.FailureDetectionBenchmark
 * [time-scale]}. The default time scale 0.1 gives a 54-second progress deadline for the default
 * 10-minute rollout timeout; the run takes about two minutes.
 */
public final class FailureDetectionBenchmark {

    private static final String AGENT = "agentic_chat_enhanced";
    private static final String NAME = "agentic-chat-enhanced";
    private static final String REPOSITORY = "123456789012.dkr.ecr.us-east-1.amazonaws.com/agentic-platform-agentic_chat_enhanced";
    private static final String GOOD_IMAGE = REPOSITORY + "@sha256:" + "1".repeat(64);
    private static final String MISSING_IMAGE = REPOSITORY + "@sha256:" + "9".repeat(64);
    private static final Path VALUES = Path.of("examples/agentic-platform/k8s/helm/values/applications/"
            + "agentic-chat-enhanced-values.yaml");

    private FailureDetectionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        double timeScale = args.length > 0 ? Double.parseDouble(args[0]) : 0.1;
        Path values = Path.of(System.getProperty("agentdeploy.repositoryRoot", ".")).resolve(VALUES);
        BenchmarkReport report = new BenchmarkReport("Rollout failure detection",
                "Seconds from a pod entering the failure state to the failure being reported: agent-deploy's rollout"
                        + " watch against a watcher that waits for the progress deadline like kubectl rollout status."
                        + " Same simulated cluster, back-offs and deadline scaled by " + timeScale + ".",
                "java -cp bench/target/classes:$(cat bench/target/classpath.txt)"
                        + " io.agentdeploy.bench.FailureDetectionBenchmark " + timeScale);
        for (Scenario scenario : List.of(Scenario.CRASH_LOOP, Scenario.IMAGE_PULL)) {
            double engine = measure(scenario, timeScale, values, true);
            double baseline = measure(scenario, timeScale, values, false);
            report.row(scenario.label, round(engine), round(baseline), "s");
        }
        report.note("Progress deadline: " + (int) (540 * timeScale) + " s (540 s for the default 10 m timeout, times the"
                + " time scale). Restart threshold: 2.");
        report.print(System.out);
    }

    private enum Scenario {
        CRASH_LOOP("CrashLoopBackOff", Set.of("CrashLoopBackOff")),
        // The kubelet reports ErrImagePull first, then ImagePullBackOff: the pull failure starts at the first.
        IMAGE_PULL("ImagePullBackOff (from the first ErrImagePull)", Set.of("ErrImagePull", "ImagePullBackOff"));

        final String label;
        final Set<String> reasons;

        Scenario(String label, Set<String> reasons) {
            this.label = label;
            this.reasons = reasons;
        }
    }

    /** Returns the seconds from the first pod in the failure state to the failure report. */
    private static double measure(Scenario scenario, double timeScale, Path values, boolean engine) throws Exception {
        Set<String> images = Set.of(GOOD_IMAGE);
        try (KubernetesStack stack = KubernetesStack.start(images::contains, new CallLog(), 0)) {
            stack.controller().timeScale(timeScale);
            String image = GOOD_IMAGE;
            if (scenario == Scenario.CRASH_LOOP) {
                stack.controller().simulate("default", NAME, PodBehavior.CRASH_LOOP_BACK_OFF);
            } else {
                image = MISSING_IMAGE;
            }
            AtomicLong entered = new AtomicLong();
            try (Watch ignored = stack.client().pods().inNamespace("default").watch(new FirstReason(scenario.reasons, entered))) {
                EksDeployRequest request = EksDeployRequest.builder().agent(AGENT).image(image).valuesFile(values)
                        .clusterAccess(ClusterAccess.kubeconfigFile(stack.kubeconfigFile(), null))
                        .timeout(Duration.ofMinutes(10)).rollback(false).build();
                EksDeployService service = new EksDeployService(new KubernetesClients(), new RecordingListener(),
                        new Redactor());
                long reported;
                if (engine) {
                    try {
                        service.deploy(request);
                        throw new IllegalStateException("The rollout succeeded; the scenario should fail");
                    } catch (DeployException expected) {
                        reported = System.nanoTime();
                    }
                } else {
                    EksApplied applied = service.apply(request);
                    reported = waitForDeadline(stack, applied.generation());
                }
                if (entered.get() == 0) {
                    throw new IllegalStateException("No pod entered " + scenario.reasons);
                }
                return (reported - entered.get()) / 1e9;
            }
        }
    }

    /**
     * The baseline: waits as {@code kubectl rollout status} does, until the rollout is complete or the
     * Deployment reports ProgressDeadlineExceeded; returns when the latter was seen.
     */
    private static long waitForDeadline(KubernetesStack stack, long generation) {
        stack.client().apps().deployments().inNamespace("default").withName(NAME).waitUntilCondition(deployment -> {
            if (deployment == null || deployment.getStatus() == null
                    || deployment.getStatus().getObservedGeneration() == null
                    || deployment.getStatus().getObservedGeneration() < generation) {
                return false;
            }
            if (deadlineExceeded(deployment)) {
                return true;
            }
            if (complete(deployment)) {
                throw new IllegalStateException("The rollout succeeded; the scenario should fail");
            }
            return false;
        }, 30, TimeUnit.MINUTES);
        return System.nanoTime();
    }

    private static boolean deadlineExceeded(Deployment deployment) {
        List<DeploymentCondition> conditions = deployment.getStatus().getConditions();
        return conditions != null && conditions.stream().anyMatch(c -> "Progressing".equals(c.getType())
                && "ProgressDeadlineExceeded".equals(c.getReason()));
    }

    private static boolean complete(Deployment deployment) {
        int desired = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        var status = deployment.getStatus();
        int updated = status.getUpdatedReplicas() == null ? 0 : status.getUpdatedReplicas();
        int replicas = status.getReplicas() == null ? 0 : status.getReplicas();
        int available = status.getAvailableReplicas() == null ? 0 : status.getAvailableReplicas();
        return updated >= desired && replicas == updated && available >= updated;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 100) / 100.0;
    }

    /** Records when a container of any pod first waits with the given reason. */
    private static final class FirstReason implements Watcher<Pod> {

        private final Set<String> reasons;
        private final AtomicLong entered;

        FirstReason(Set<String> reasons, AtomicLong entered) {
            this.reasons = reasons;
            this.entered = entered;
        }

        @Override
        public void eventReceived(Action action, Pod pod) {
            if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
                return;
            }
            for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
                if (status.getState() != null && status.getState().getWaiting() != null
                        && reasons.contains(status.getState().getWaiting().getReason())) {
                    entered.compareAndSet(0, System.nanoTime());
                }
            }
        }

        @Override
        public void onClose(WatcherException cause) {
            // The watch ends with the stack.
        }

        @Override
        public String toString() {
            return "first of " + String.join(", ", reasons).toLowerCase(Locale.ROOT);
        }
    }
}
