package io.agentdeploy.testkit.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One pod as the simulated kubelet runs it: per container a small state machine (pull, create,
 * run, crash, back off), the pod's status as the kubelet would report it, Warning events and
 * container logs.
 */
final class SimulatedPod {

    /**
     * Settings the controller passes to every step; durations of back-offs are multiplied by {@code timeScale}.
     * A {@code null} crash log means the default one, {@link #defaultCrashLog(PodBehavior)}.
     */
    record Timing(Duration pullDelay, Duration readyDelay, Duration crashAfter, double timeScale, List<String> startLog,
            List<String> crashLog) {
    }

    /** Returns the lines a crashing container writes by default, naming the behavior that makes it crash. */
    static List<String> defaultCrashLog(PodBehavior behavior) {
        return List.of("Traceback (most recent call last):",
                "  File \"/app/server.py\", line 1, in <module>",
                "RuntimeError: simulated crash (" + DeploymentController.SIMULATE_ANNOTATION + "="
                        + behavior.annotationValue() + ")");
    }

    /** An event the kubelet or scheduler reports about this pod. */
    record PodEvent(String type, String reason, String message, String component) {
    }

    private enum Stage { PULLING, ERR_IMAGE_PULL, IMAGE_PULL_BACK_OFF, INVALID_IMAGE, CONFIG_ERROR, CREATING, RUNNING, BACK_OFF }

    /** Back-off of image pulls and container restarts in the kubelet: 10 s doubling up to 5 minutes. */
    private static final Duration BACK_OFF_BASE = Duration.ofSeconds(10);
    private static final Duration BACK_OFF_MAX = Duration.ofMinutes(5);
    /** Crashes of a {@link PodBehavior#FLAKY_START} container before it runs for good. */
    static final int FLAKY_CRASHES = 2;
    /** Image references the runtime can parse: lowercase repository path, optional tag and digest. */
    private static final java.util.regex.Pattern REFERENCE = java.util.regex.Pattern.compile(
            "([a-zA-Z0-9.-]+(:\\d+)?/)?[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*(:[\\w][\\w.-]{0,127})?"
                    + "(@sha256:[a-f0-9]{64})?");

    private final class Container {
        final String name;
        final String image;
        final boolean imageExists;
        Stage stage = Stage.PULLING;
        Instant stageSince;
        Instant startedAt;
        int restartCount;
        int pullAttempts;
        ContainerState lastState;

        Container(String name, String image, boolean imageExists, Instant now) {
            this.name = name;
            this.image = image;
            this.imageExists = imageExists;
            this.stageSince = now;
        }

        boolean ready() {
            return stage == Stage.RUNNING && (behavior == PodBehavior.HEALTHY
                    || behavior == PodBehavior.FLAKY_START && restartCount >= FLAKY_CRASHES);
        }

        boolean crashes() {
            return behavior == PodBehavior.CRASH_LOOP_BACK_OFF
                    || behavior == PodBehavior.FLAKY_START && restartCount < FLAKY_CRASHES;
        }
    }

    final String namespace;
    final String name;
    final String uid;
    final String replicaSet;
    private final PodBehavior behavior;
    private final Instant created;
    private final List<Container> containers = new ArrayList<>();
    private final List<PodEvent> pendingEvents = new ArrayList<>();
    private final Set<PodEvent> reportedEvents = new LinkedHashSet<>();

    SimulatedPod(String namespace, String name, String uid, String replicaSet, PodBehavior behavior, Instant now) {
        this.namespace = namespace;
        this.name = name;
        this.uid = uid;
        this.replicaSet = replicaSet;
        this.behavior = behavior;
        this.created = now;
    }

    void addContainer(String containerName, String image, boolean imageExists) {
        Container container = new Container(containerName, image, imageExists, created);
        if (image == null || !REFERENCE.matcher(image).matches()) {
            container.stage = Stage.INVALID_IMAGE;
            report("Warning", "InspectFailed", "Failed to apply default image tag \"" + image + "\": couldn't parse image"
                    + " reference \"" + image + "\": invalid reference format", "kubelet");
            report("Warning", "Failed", "Error: InvalidImageName", "kubelet");
        }
        containers.add(container);
    }

    boolean scheduled() {
        return behavior != PodBehavior.UNSCHEDULABLE;
    }

    boolean ready() {
        return scheduled() && !containers.isEmpty() && containers.stream().allMatch(Container::ready);
    }

    /** Takes the events produced since the last call; each distinct event is reported once. */
    List<PodEvent> takeEvents() {
        List<PodEvent> events = List.copyOf(pendingEvents);
        pendingEvents.clear();
        return events;
    }

    /** Moves every container one step on if its time has come; returns whether the status changed. */
    boolean advance(Instant now, Timing timing, PodLogs logs) {
        if (!scheduled()) {
            report("Warning", "FailedScheduling", "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are"
                    + " available: 1 No preemption victims found for incoming pod.", "default-scheduler");
            return false;
        }
        boolean changed = false;
        for (Container container : containers) {
            changed |= advance(container, now, timing, logs);
        }
        return changed;
    }

    private boolean advance(Container c, Instant now, Timing timing, PodLogs logs) {
        Duration inStage = Duration.between(c.stageSince, now);
        switch (c.stage) {
            case PULLING -> {
                if (inStage.compareTo(timing.pullDelay()) < 0) {
                    return false;
                }
                c.pullAttempts++;
                if (!c.imageExists) {
                    report("Warning", "Failed", "Failed to pull image \"" + c.image + "\": rpc error: code = NotFound desc ="
                            + " failed to pull and unpack image \"" + c.image + "\": not found", "kubelet");
                    report("Warning", "Failed", "Error: ErrImagePull", "kubelet");
                    return enter(c, Stage.ERR_IMAGE_PULL, now);
                }
                report("Normal", "Pulled", "Container image \"" + c.image + "\" pulled", "kubelet");
                if (behavior == PodBehavior.CREATE_CONTAINER_CONFIG_ERROR) {
                    report("Warning", "Failed", "Error: configmap \"agent-settings\" not found", "kubelet");
                    return enter(c, Stage.CONFIG_ERROR, now);
                }
                return enter(c, Stage.CREATING, now);
            }
            case ERR_IMAGE_PULL -> {
                if (inStage.compareTo(timing.pullDelay()) < 0) {
                    return false;
                }
                report("Normal", "BackOff", "Back-off pulling image \"" + c.image + "\"", "kubelet");
                report("Warning", "Failed", "Error: ImagePullBackOff", "kubelet");
                return enter(c, Stage.IMAGE_PULL_BACK_OFF, now);
            }
            case INVALID_IMAGE, CONFIG_ERROR -> {
                return false;
            }
            case IMAGE_PULL_BACK_OFF -> {
                if (inStage.compareTo(backOff(c.pullAttempts, timing)) < 0) {
                    return false;
                }
                return enter(c, Stage.PULLING, now);
            }
            case CREATING -> {
                if (inStage.compareTo(timing.readyDelay()) < 0) {
                    return false;
                }
                report("Normal", "Started", "Started container " + c.name, "kubelet");
                c.startedAt = now;
                logs.append(namespace, name, c.name, timing.startLog());
                if (behavior == PodBehavior.NEVER_READY) {
                    report("Warning", "Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 503", "kubelet");
                }
                return enter(c, Stage.RUNNING, now);
            }
            case RUNNING -> {
                if (!c.crashes() || inStage.compareTo(timing.crashAfter()) < 0) {
                    return false;
                }
                logs.append(namespace, name, c.name, timing.crashLog() != null ? timing.crashLog()
                        : defaultCrashLog(behavior));
                c.lastState = new ContainerStateBuilder().withNewTerminated().withExitCode(1).withReason("Error")
                        .withStartedAt(timestamp(c.startedAt)).withFinishedAt(timestamp(now)).endTerminated().build();
                c.restartCount++;
                logs.restart(namespace, name, c.name);
                report("Warning", "BackOff", "Back-off restarting failed container " + c.name + " in pod " + name + "_"
                        + namespace + "(" + uid + ")", "kubelet");
                return enter(c, Stage.BACK_OFF, now);
            }
            case BACK_OFF -> {
                if (inStage.compareTo(backOff(c.restartCount, timing)) < 0) {
                    return false;
                }
                c.startedAt = now;
                logs.append(namespace, name, c.name, timing.startLog());
                return enter(c, Stage.RUNNING, now);
            }
            default -> throw new IllegalStateException("Unknown stage " + c.stage);
        }
    }

    private static boolean enter(Container container, Stage stage, Instant now) {
        container.stage = stage;
        container.stageSince = now;
        return true;
    }

    private static Duration backOff(int attempts, Duration base, Duration max, double scale) {
        Duration backOff = base.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 10));
        if (backOff.compareTo(max) > 0) {
            backOff = max;
        }
        return Duration.ofNanos((long) (backOff.toNanos() * scale));
    }

    private static Duration backOff(int attempts, Timing timing) {
        return backOff(attempts, BACK_OFF_BASE, BACK_OFF_MAX, timing.timeScale());
    }

    private void report(String type, String reason, String message, String component) {
        PodEvent event = new PodEvent(type, reason, message, component);
        if (reportedEvents.add(event)) {
            pendingEvents.add(event);
        }
    }

    /** Returns the pod status the kubelet (or, for an unschedulable pod, the scheduler) reports now. */
    PodStatus status() {
        PodStatusBuilder status = new PodStatusBuilder().withStartTime(timestamp(created));
        if (!scheduled()) {
            return status.withPhase("Pending")
                    .withConditions(condition("PodScheduled", false, "Unschedulable",
                            "0/1 nodes are available: 1 Insufficient cpu."))
                    .build();
        }
        boolean ready = ready();
        boolean running = containers.stream().allMatch(c -> c.stage == Stage.RUNNING || c.stage == Stage.BACK_OFF);
        List<ContainerStatus> containerStatuses = containers.stream().map(this::containerStatus).toList();
        return status.withPhase(running ? "Running" : "Pending")
                .withHostIP("127.0.0.1")
                .withPodIP("10.0.0." + (Math.abs(uid.hashCode()) % 250 + 2))
                .withConditions(
                        condition("PodScheduled", true, null, null),
                        condition("Initialized", true, null, null),
                        condition("ContainersReady", ready, ready ? null : "ContainersNotReady", ready ? null
                                : "containers with unready status: " + unreadyNames()),
                        condition("Ready", ready, ready ? null : "ContainersNotReady", ready ? null
                                : "containers with unready status: " + unreadyNames()))
                .withContainerStatuses(containerStatuses)
                .build();
    }

    private ContainerStatus containerStatus(Container c) {
        ContainerStateBuilder state = new ContainerStateBuilder();
        switch (c.stage) {
            case PULLING, CREATING -> state.withNewWaiting().withReason("ContainerCreating").endWaiting();
            case ERR_IMAGE_PULL -> state.withNewWaiting().withReason("ErrImagePull").withMessage(
                    "rpc error: code = NotFound desc = failed to pull and unpack image \"" + c.image + "\": not found")
                    .endWaiting();
            case INVALID_IMAGE -> state.withNewWaiting().withReason("InvalidImageName").withMessage(
                    "Failed to apply default image tag \"" + c.image + "\": couldn't parse image reference \"" + c.image
                            + "\": invalid reference format").endWaiting();
            case CONFIG_ERROR -> state.withNewWaiting().withReason("CreateContainerConfigError")
                    .withMessage("configmap \"agent-settings\" not found").endWaiting();
            case IMAGE_PULL_BACK_OFF -> state.withNewWaiting().withReason("ImagePullBackOff")
                    .withMessage("Back-off pulling image \"" + c.image + "\"").endWaiting();
            case RUNNING -> state.withNewRunning().withStartedAt(timestamp(c.startedAt)).endRunning();
            case BACK_OFF -> state.withNewWaiting().withReason("CrashLoopBackOff").withMessage("back-off "
                    + backOff(c.restartCount, BACK_OFF_BASE, BACK_OFF_MAX, 1.0).toSeconds() + "s restarting failed container="
                    + c.name + " pod=" + name + "_" + namespace + "(" + uid + ")").endWaiting();
            default -> throw new IllegalStateException("Unknown stage " + c.stage);
        }
        return new ContainerStatusBuilder()
                .withName(c.name)
                .withImage(c.image)
                .withImageID(c.stage == Stage.RUNNING || c.stage == Stage.BACK_OFF ? c.image : "")
                .withReady(c.ready())
                .withStarted(c.stage == Stage.RUNNING)
                .withRestartCount(c.restartCount)
                .withState(state.build())
                .withLastState(c.lastState == null ? new ContainerState() : c.lastState)
                .build();
    }

    private String unreadyNames() {
        return "[" + String.join(" ", containers.stream().filter(c -> !c.ready()).map(c -> c.name).toList()) + "]";
    }

    private PodCondition condition(String type, boolean value, String reason, String message) {
        return new PodConditionBuilder().withType(type).withStatus(value ? "True" : "False").withReason(reason)
                .withMessage(message).withLastTransitionTime(timestamp(created)).build();
    }

    private static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
