package io.agentdeploy.testkit.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.agentdeploy.testkit.ImageLookup;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated Deployment controller and kubelet for the Kubernetes API mock, which has no
 * controllers of its own. A background thread lists Deployments every {@value #TICK_MILLIS} ms and,
 * like the real controllers: creates a ReplicaSet per pod template (with the
 * {@code pod-template-hash} label, the {@code deployment.kubernetes.io/revision} annotation and an
 * owner reference), creates its pods, runs them through pull, start, crash and readiness, scales
 * old ReplicaSets down once the new one is available, keeps {@code revisionHistoryLimit} old ones,
 * and writes truthful status on pods, ReplicaSets and the Deployment (observedGeneration, replica
 * counts, Progressing and Available conditions, ProgressDeadlineExceeded after
 * {@code progressDeadlineSeconds} times the time scale).
 *
 * <p>Simplifications: all new pods are created at once and old pods go only when every new pod is
 * available (no maxSurge/maxUnavailable arithmetic); a pod counts as available as soon as it is
 * ready (no minReadySeconds); ReplicaFailure is set only for {@link PodBehavior#QUOTA_EXCEEDED}; the controller remembers the
 * ReplicaSets and pods it created instead of reading them back, so objects deleted by hand are not recreated.
 */
public final class DeploymentController implements AutoCloseable {

    /** Pod template annotation that selects a {@link PodBehavior} by its annotation value. */
    public static final String SIMULATE_ANNOTATION = "agent-deploy.test/simulate";

    static final String REVISION_ANNOTATION = "deployment.kubernetes.io/revision";
    static final String HASH_LABEL = "pod-template-hash";
    static final long TICK_MILLIS = 50;

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentController.class);
    private static final ObjectMapper CANONICAL = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final class DeploymentState {
        final Map<String, ReplicaSetState> replicaSets = new LinkedHashMap<>();
        final DeploymentStatusWriter statusWriter = new DeploymentStatusWriter();
        Instant lastProgress;
        int lastAvailable;

        long maxRevision() {
            return replicaSets.values().stream().mapToLong(rs -> rs.revision).max().orElse(0);
        }
    }

    private static final class ReplicaSetState {
        final ReplicaSet object;
        final String hash;
        final List<SimulatedPod> pods = new ArrayList<>();
        long revision;
        ReplicaSetStatus writtenStatus;
        boolean quotaReported;

        ReplicaSetState(ReplicaSet object, String hash, long revision) {
            this.object = object;
            this.hash = hash;
            this.revision = revision;
        }

        String name() {
            return object.getMetadata().getName();
        }

        int ready() {
            return (int) pods.stream().filter(SimulatedPod::ready).count();
        }
    }

    private final KubernetesClient client;
    private final ControllerWrites writes;
    private final ImageLookup images;
    private final PodLogs logs;
    private final Clock clock;
    /** Touched only by the controller thread. */
    private final Map<String, DeploymentState> states = new HashMap<>();
    private final Map<String, PodBehavior> simulations = new ConcurrentHashMap<>();
    private volatile double timeScale = 1.0;
    private volatile Duration pullDelay = Duration.ofMillis(100);
    private volatile Duration readyDelay = Duration.ofMillis(300);
    private volatile Duration crashAfter = Duration.ofMillis(200);
    private volatile List<String> startLog = List.of("Starting agent server", "Listening on 0.0.0.0:8080");
    /** Lines set by {@link #crashLog(List)}, or {@code null} for the default, which names the pod's behavior. */
    private volatile List<String> crashLog;
    private ScheduledExecutorService executor;
    /** Set by {@link #close()}: a step cut off by the shutdown is not worth a warning. */
    private volatile boolean stopping;

    /**
     * @param client a client with the system identity, whose calls the call log leaves out
     * @param images decides which images the simulated kubelet can pull
     * @param logs where the simulated containers write their logs
     */
    public DeploymentController(KubernetesClient client, ImageLookup images, PodLogs logs, Clock clock) {
        this.client = client;
        this.writes = new ControllerWrites(client, clock);
        this.images = images;
        this.logs = logs;
        this.clock = clock;
    }

    /** Starts the controller thread. */
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "simulated-deployment-controller");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        stopping = true;
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
    }

    /** Makes pods created from now on for the Deployment behave as given; wins over the template annotation. */
    public void simulate(String namespace, String deployment, PodBehavior behavior) {
        simulations.put(namespace + "/" + deployment, Objects.requireNonNull(behavior, "behavior"));
    }

    /** Forgets every behavior set with {@link #simulate(String, String, PodBehavior)}. */
    public void clearSimulations() {
        simulations.clear();
    }

    /**
     * Multiplies progress deadlines and kubelet back-offs (10 s doubling to 5 min) by {@code factor},
     * so that a test reaches ProgressDeadlineExceeded or a crash loop in seconds. Default 1.
     */
    public void timeScale(double factor) {
        if (factor <= 0) {
            throw new IllegalArgumentException("time scale must be positive: " + factor);
        }
        this.timeScale = factor;
    }

    /** Time from image pull to a started container (and a ready pod, for healthy pods). Default 300 ms. */
    public void readyDelay(Duration delay) {
        this.readyDelay = Objects.requireNonNull(delay, "delay");
    }

    /** Time a crashing container runs before it exits with code 1. Default 200 ms. */
    public void crashAfter(Duration delay) {
        this.crashAfter = Objects.requireNonNull(delay, "delay");
    }

    /**
     * Sets the lines a crashing container writes before it exits. By default they end with
     * {@code RuntimeError: simulated crash (agent-deploy.test/simulate=<behavior>)}, naming the pod's
     * behavior, for example {@code FlakyStart}.
     */
    public void crashLog(List<String> lines) {
        this.crashLog = List.copyOf(lines);
    }

    /** Lines every container writes when it starts. */
    public void startLog(List<String> lines) {
        this.startLog = List.copyOf(lines);
    }

    private void tick() {
        try {
            Instant now = clock.instant();
            List<Deployment> deployments = client.apps().deployments().inAnyNamespace().list().getItems();
            Set<String> seen = deployments.stream().map(d -> d.getMetadata().getUid()).collect(Collectors.toSet());
            for (Deployment deployment : deployments) {
                reconcile(deployment, now);
            }
            states.keySet().removeIf(uid -> !seen.contains(uid) && collectGarbage(states.get(uid)));
        } catch (KubernetesClientException | IllegalStateException e) {
            if (!stopping) {
                LOG.warn("Simulated controller step failed, retrying: {}", e.toString());
            }
        }
    }

    private void reconcile(Deployment deployment, Instant now) {
        if (Boolean.TRUE.equals(deployment.getSpec().getPaused())) {
            return;
        }
        DeploymentState state = states.computeIfAbsent(deployment.getMetadata().getUid(), uid -> new DeploymentState());
        String hash = templateHash(deployment.getSpec().getTemplate());
        ReplicaSetState current = state.replicaSets.get(hash);
        if (current == null) {
            current = createReplicaSet(deployment, hash, state.maxRevision() + 1);
            state.replicaSets.put(hash, current);
            state.lastProgress = now;
            state.lastAvailable = 0;
        } else if (current.revision < state.maxRevision()) {
            // A template that an old ReplicaSet already has (a rollback) reuses it with the next revision.
            current.revision = state.maxRevision() + 1;
            writes.annotateRevision(current.object, current.revision);
            state.lastProgress = now;
            state.lastAvailable = current.ready();
        }
        writes.annotateRevision(deployment, current.revision);

        int desired = replicas(deployment);
        String quotaFailure = null;
        if (behavior(deployment) == PodBehavior.QUOTA_EXCEEDED) {
            // Admission rejects every pod, so the ReplicaSet creates none and reports why.
            quotaFailure = "pods \"" + current.name() + "-\" is forbidden: exceeded quota: compute-resources, requested:"
                    + " requests.cpu=100m, used: requests.cpu=2, limited: requests.cpu=2";
            if (!current.quotaReported) {
                writes.objectEvent(current.object, "Warning", "FailedCreate", "Error creating: " + quotaFailure,
                        "replicaset-controller");
                current.quotaReported = true;
            }
        } else {
            scale(deployment, current, desired, now, state);
        }
        for (ReplicaSetState replicaSet : state.replicaSets.values()) {
            replicaSet.pods.forEach(pod -> runKubelet(pod, now));
        }
        if (current.ready() >= desired) {
            for (ReplicaSetState old : state.replicaSets.values()) {
                if (old != current && !old.pods.isEmpty()) {
                    scale(deployment, old, 0, now, state);
                }
            }
        }
        pruneHistory(deployment, state, current);
        state.replicaSets.values().forEach(this::writeReplicaSetStatus);
        if (current.ready() > state.lastAvailable) {
            state.lastProgress = now;
        }
        state.lastAvailable = current.ready();

        int total = state.replicaSets.values().stream().mapToInt(rs -> rs.pods.size()).sum();
        int ready = state.replicaSets.values().stream().mapToInt(ReplicaSetState::ready).sum();
        Duration deadline = Duration.ofMillis((long) (progressDeadline(deployment).toMillis() * timeScale));
        state.statusWriter.write(writes, deployment, current.name(), desired, total, current.pods.size(), ready,
                now.isAfter(state.lastProgress.plus(deadline)), quotaFailure, now);
    }

    private ReplicaSetState createReplicaSet(Deployment deployment, String hash, long revision) {
        String namespace = deployment.getMetadata().getNamespace();
        PodTemplateSpec template = new PodTemplateSpec(
                new io.fabric8.kubernetes.api.model.ObjectMetaBuilder(deployment.getSpec().getTemplate().getMetadata())
                        .addToLabels(HASH_LABEL, hash).build(),
                deployment.getSpec().getTemplate().getSpec());
        ReplicaSet replicaSet = new ReplicaSetBuilder()
                .withNewMetadata()
                    .withName(truncate(deployment.getMetadata().getName(), 52) + "-" + hash)
                    .withNamespace(namespace)
                    .withLabels(template.getMetadata().getLabels())
                    .addToAnnotations(REVISION_ANNOTATION, Long.toString(revision))
                    .addToAnnotations("deployment.kubernetes.io/desired-replicas", Integer.toString(replicas(deployment)))
                    .withOwnerReferences(ownerReference(deployment))
                .endMetadata()
                .withNewSpec()
                    .withReplicas(0)
                    .withNewSelector().withMatchLabels(selector(deployment, hash)).endSelector()
                    .withTemplate(template)
                .endSpec()
                .build();
        ReplicaSet created = client.apps().replicaSets().inNamespace(namespace).resource(replicaSet).create();
        writes.objectEvent(deployment, "Normal", "ScalingReplicaSet",
                "Scaled up replica set " + created.getMetadata().getName() + " to " + replicas(deployment),
                "deployment-controller");
        return new ReplicaSetState(created, hash, revision);
    }

    private void scale(Deployment deployment, ReplicaSetState replicaSet, int desired, Instant now, DeploymentState state) {
        String namespace = deployment.getMetadata().getNamespace();
        boolean changed = replicaSet.pods.size() != desired;
        while (replicaSet.pods.size() < desired) {
            replicaSet.pods.add(createPod(deployment, replicaSet, now));
            state.lastProgress = now;
        }
        while (replicaSet.pods.size() > desired) {
            SimulatedPod pod = replicaSet.pods.remove(replicaSet.pods.size() - 1);
            client.pods().inNamespace(namespace).withName(pod.name).delete();
            logs.remove(namespace, pod.name);
        }
        if (changed) {
            client.apps().replicaSets().inNamespace(namespace).withName(replicaSet.name())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + desired + "}}");
            if (desired == 0) {
                writes.objectEvent(deployment, "Normal", "ScalingReplicaSet",
                        "Scaled down replica set " + replicaSet.name() + " to 0", "deployment-controller");
            }
        }
    }

    private SimulatedPod createPod(Deployment deployment, ReplicaSetState replicaSet, Instant now) {
        String namespace = deployment.getMetadata().getNamespace();
        PodTemplateSpec template = replicaSet.object.getSpec().getTemplate();
        PodBehavior behavior = behavior(deployment);
        Pod pod = new PodBuilder()
                .withNewMetadata()
                    .withName(replicaSet.name() + "-" + randomSuffix())
                    .withNamespace(namespace)
                    .withLabels(template.getMetadata().getLabels())
                    .withAnnotations(template.getMetadata().getAnnotations())
                    .withOwnerReferences(ownerReference(replicaSet.object))
                .endMetadata()
                .withSpec(new io.fabric8.kubernetes.api.model.PodSpecBuilder(template.getSpec())
                        .withNodeName(behavior == PodBehavior.UNSCHEDULABLE ? null : "agent-deploy-node").build())
                .build();
        Pod created = client.pods().inNamespace(namespace).resource(pod).create();
        SimulatedPod simulated = new SimulatedPod(namespace, created.getMetadata().getName(),
                created.getMetadata().getUid(), replicaSet.name(), behavior, now);
        for (Container container : template.getSpec().getContainers()) {
            simulated.addContainer(container.getName(), container.getImage(), imageExists(container.getImage()));
        }
        writePodStatus(simulated);
        return simulated;
    }

    private void runKubelet(SimulatedPod pod, Instant now) {
        SimulatedPod.Timing timing = new SimulatedPod.Timing(pullDelay, readyDelay, crashAfter, timeScale, startLog, crashLog);
        boolean changed = pod.advance(now, timing, logs);
        // Events go first: a watcher that reacts to the new status should find the events that explain it.
        for (SimulatedPod.PodEvent event : pod.takeEvents()) {
            writes.podEvent(pod, event);
        }
        if (changed) {
            writePodStatus(pod);
        }
    }

    private void writePodStatus(SimulatedPod pod) {
        writes.replaceStatus(new PodBuilder().withNewMetadata().withName(pod.name).withNamespace(pod.namespace).endMetadata()
                .build(), pod.status());
    }

    private void writeReplicaSetStatus(ReplicaSetState replicaSet) {
        int ready = replicaSet.ready();
        ReplicaSetStatus status = new ReplicaSetStatusBuilder()
                .withReplicas(replicaSet.pods.size())
                .withFullyLabeledReplicas(replicaSet.pods.size())
                .withReadyReplicas(ready == 0 ? null : ready)
                .withAvailableReplicas(ready == 0 ? null : ready)
                .withObservedGeneration(1L)
                .build();
        if (status.equals(replicaSet.writtenStatus)) {
            return;
        }
        writes.replaceStatus(replicaSet.object, status);
        replicaSet.writtenStatus = status;
    }

    /** Deletes old ReplicaSets without pods beyond the Deployment's revisionHistoryLimit, oldest first. */
    private void pruneHistory(Deployment deployment, DeploymentState state, ReplicaSetState current) {
        int limit = deployment.getSpec().getRevisionHistoryLimit() == null ? 10 : deployment.getSpec().getRevisionHistoryLimit();
        List<ReplicaSetState> old = state.replicaSets.values().stream()
                .filter(rs -> rs != current && rs.pods.isEmpty())
                .sorted(Comparator.comparingLong(rs -> rs.revision))
                .toList();
        for (int i = 0; i < old.size() - limit; i++) {
            ReplicaSetState replicaSet = old.get(i);
            client.apps().replicaSets().inNamespace(deployment.getMetadata().getNamespace()).withName(replicaSet.name()).delete();
            state.replicaSets.remove(replicaSet.hash);
        }
    }

    /** Deletes the ReplicaSets and pods of a deleted Deployment, as the garbage collector does; returns true. */
    private boolean collectGarbage(DeploymentState state) {
        for (ReplicaSetState replicaSet : state.replicaSets.values()) {
            String namespace = replicaSet.object.getMetadata().getNamespace();
            for (SimulatedPod pod : replicaSet.pods) {
                client.pods().inNamespace(namespace).withName(pod.name).delete();
                logs.remove(namespace, pod.name);
            }
            client.apps().replicaSets().inNamespace(namespace).withName(replicaSet.name()).delete();
        }
        return true;
    }

    private PodBehavior behavior(Deployment deployment) {
        PodBehavior simulated = simulations.get(deployment.getMetadata().getNamespace() + "/" + deployment.getMetadata().getName());
        if (simulated != null) {
            return simulated;
        }
        Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(SIMULATE_ANNOTATION);
        return value == null ? PodBehavior.HEALTHY : PodBehavior.fromAnnotation(value).orElse(PodBehavior.HEALTHY);
    }

    private boolean imageExists(String image) {
        try {
            return image != null && images.exists(image);
        } catch (RuntimeException e) {
            LOG.warn("Image lookup for {} failed, treating the image as missing: {}", image, e.toString());
            return false;
        }
    }

    private static int replicas(Deployment deployment) {
        return deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
    }

    private static Duration progressDeadline(Deployment deployment) {
        Integer seconds = deployment.getSpec().getProgressDeadlineSeconds();
        return Duration.ofSeconds(seconds == null ? 600 : seconds);
    }

    private static Map<String, String> selector(Deployment deployment, String hash) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (deployment.getSpec().getSelector() != null && deployment.getSpec().getSelector().getMatchLabels() != null) {
            labels.putAll(deployment.getSpec().getSelector().getMatchLabels());
        }
        labels.put(HASH_LABEL, hash);
        return labels;
    }

    private static OwnerReference ownerReference(HasMetadata owner) {
        return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    /** Hashes a pod template; the result does not depend on the order of the template's fields. */
    static String templateHash(PodTemplateSpec template) {
        try {
            JsonNode tree = CANONICAL.readTree(SERIALIZATION.asJson(template));
            Object canonical = CANONICAL.treeToValue(tree, Object.class);
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(CANONICAL.writeValueAsString(canonical).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 10);
        } catch (java.io.IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Could not hash a pod template", e);
        }
    }

    private static String randomSuffix() {
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            suffix.append(NAME_ALPHABET.charAt(RANDOM.nextInt(NAME_ALPHABET.length())));
        }
        return suffix.toString();
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
