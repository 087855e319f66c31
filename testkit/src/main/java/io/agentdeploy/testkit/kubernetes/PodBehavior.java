package io.agentdeploy.testkit.kubernetes;

import java.util.Arrays;
import java.util.Optional;

/**
 * The fate the simulated kubelet gives a pod whose images can be pulled. It is chosen per Deployment
 * through {@link DeploymentController#simulate(String, String, PodBehavior)} or through the pod
 * template annotation {@value DeploymentController#SIMULATE_ANNOTATION} with the value in
 * {@link #annotationValue()}. A missing image gives ErrImagePull and ImagePullBackOff, and a malformed
 * reference InvalidImageName, whatever the behavior.
 */
public enum PodBehavior {

    /** Containers start and the pod becomes ready after the ready delay. */
    HEALTHY("Healthy"),

    /** Containers exit with code 1 after a moment and restart with a growing back-off (CrashLoopBackOff). */
    CRASH_LOOP_BACK_OFF("CrashLoopBackOff"),

    /** The scheduler finds no node: the pod stays Pending with PodScheduled=False/Unschedulable. */
    UNSCHEDULABLE("Unschedulable"),

    /** Containers run but the readiness probe keeps failing, so the rollout stalls until its progress deadline. */
    NEVER_READY("NeverReady"),

    /** Containers crash twice while "their dependencies start", then run and become ready. */
    FLAKY_START("FlakyStart"),

    /** The kubelet cannot build the container's configuration: a referenced ConfigMap is missing. */
    CREATE_CONTAINER_CONFIG_ERROR("CreateContainerConfigError"),

    /**
     * A ResourceQuota rejects the pods: the ReplicaSet creates none, and the Deployment reports
     * ReplicaFailure=True with reason FailedCreate.
     */
    QUOTA_EXCEEDED("QuotaExceeded");

    private final String annotationValue;

    PodBehavior(String annotationValue) {
        this.annotationValue = annotationValue;
    }

    /** Returns the value of the simulate annotation that selects this behavior, for example {@code CrashLoopBackOff}. */
    public String annotationValue() {
        return annotationValue;
    }

    /** Returns the behavior an annotation value names, ignoring case. */
    public static Optional<PodBehavior> fromAnnotation(String value) {
        return Arrays.stream(values()).filter(b -> b.annotationValue.equalsIgnoreCase(value)).findFirst();
    }
}
