package io.agentdeploy.eks;

import io.agentdeploy.error.DeploymentCancelledException;
import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.progress.ProgressListener;
import io.agentdeploy.progress.Redactor;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The lock that keeps two deployments of one agent from interleaving: a {@code coordination.k8s.io/v1}
 * Lease named {@code agent-deploy-<deployment>} in the agent's namespace. A deployment takes it
 * before its first change to AgentCore or Kubernetes, renews it every {@link #RENEW_EVERY} while
 * it works and clears its holder at the end. Taking it is an optimistic write (create, or update at
 * the read resourceVersion), so of two runs racing for it exactly one wins; the other waits.
 *
 * <p>A Lease that was not renewed for {@link #DURATION} is free, so a deployment that died holding
 * it (killed, or on a machine that went away) blocks others for at most that long. A holder on this
 * machine whose process is gone frees it at once. An identity that may not use Leases in the
 * namespace deploys without the lock, after a warning that says so.
 */
public final class DeploymentLease implements AutoCloseable {

    /** Prefix of the Lease name; the rest is the Deployment's name. */
    public static final String PREFIX = "agent-deploy-";
    static final Duration DURATION = Duration.ofSeconds(30);
    static final Duration RENEW_EVERY = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(500);

    private final KubernetesClient client;
    private final KubernetesErrors errors;
    private final ProgressListener listener;
    private final Clock clock;
    private final String namespace;
    private final String name;
    private final boolean createNamespace;
    private final String holder;
    private ScheduledExecutorService renewal;
    /** Releases the lock when the JVM stops before {@link #close()}, for example on SIGTERM. */
    private Thread releaseOnExit;
    private volatile boolean held;
    private volatile boolean unavailable;

    private DeploymentLease(KubernetesClient client, KubernetesErrors errors, ProgressListener listener, Clock clock,
            String namespace, String deployment, boolean createNamespace) {
        this.client = client;
        this.errors = errors;
        this.listener = listener;
        this.clock = clock;
        this.namespace = namespace;
        this.name = PREFIX + deployment;
        this.createNamespace = createNamespace;
        this.holder = "agent-deploy@" + hostName() + "/" + ProcessHandle.current().pid() + "/"
                + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
    }

    /**
     * Connects to the request's cluster for the lock of its Deployment, reading the request's input
     * to find the namespace; takes nothing yet.
     *
     * @throws InvalidInputException when the request renders only, or its input or access is invalid
     */
    public static DeploymentLease open(KubernetesClients clients, EksDeployRequest request, ProgressListener listener,
            Redactor redactor, Clock clock) {
        ClusterAccess access = request.clusterAccess().filter(a -> request.renderTo().isEmpty())
                .orElseThrow(() -> new InvalidInputException("cluster access", null,
                        "a deployment lock needs a cluster to deploy to.", "Deploy instead of rendering."));
        String namespace = new ManifestPreparer(request, ProgressListener.NONE, redactor, new ArrayList<>()).read()
                .namespace();
        KubernetesClient client = clients.withMutationGuard(io.agentdeploy.aws.MutationGuard.NONE).open(access,
                redactor);
        KubernetesErrors errors = new KubernetesErrors(client.getMasterUrl().toString(), access, redactor);
        return new DeploymentLease(client, errors, redactor.wrap(listener), clock, namespace,
                request.agent().kubernetesName(), request.createNamespace());
    }

    /** Returns the namespace of the lock and of the agent. */
    public String namespace() {
        return namespace;
    }

    /** Returns the Lease's name. */
    public String name() {
        return name;
    }

    /** This run's identity in the Lease: host, process id and a random part. */
    public String holder() {
        return holder;
    }

    /**
     * Checks, without changing anything, that the namespace exists or may be created, so that a
     * deployment into a missing namespace stops before any layer changes something.
     *
     * @throws InvalidInputException when the namespace is missing and its creation is off
     */
    public void checkNamespace() {
        if (!createNamespace && !namespaceExists()) {
            throw EksDeployService.missingNamespace(namespace);
        }
    }

    /**
     * Takes the lock, waiting while another live deployment holds it, and keeps it renewed until
     * {@link #close()}. Creates the namespace first when it is missing and may be created.
     *
     * @throws KubernetesDeployException when another deployment still holds it after {@code maxWait},
     *     or the API refuses the Lease
     * @throws DeploymentCancelledException when the thread is interrupted while waiting
     */
    public void acquire(Duration maxWait) {
        Instant deadline = clock.instant().plus(maxWait);
        boolean announced = false;
        while (true) {
            Lease live = read();
            if (unavailable) {
                return;
            }
            if (live == null && tryCreate()) {
                break;
            }
            if (live != null && free(live) && tryTake(live)) {
                break;
            }
            if (unavailable) {
                return;
            }
            if (live != null && !free(live)) {
                if (!announced) {
                    listener.lifecycle("Waiting for another deployment of this agent to finish: " + describe(live)
                            + ".");
                    announced = true;
                }
                if (clock.instant().isAfter(deadline)) {
                    throw new KubernetesDeployException("Another deployment of '" + namespace + "/"
                            + name.substring(PREFIX.length()) + "' is still running after a wait of "
                            + Durations.format(maxWait) + ": " + describe(live) + ". This run changed nothing in"
                            + " AgentCore or Kubernetes. Run it again when the other one has finished; if that one is"
                            + " gone, its lock frees itself " + DURATION.toSeconds() + " s after its last renewal.",
                            namespace, name, "LockHeld", List.of(), null);
                }
            }
            sleep(POLL);
        }
        held = true;
        listener.lifecycle("Took the deployment lock (Lease '" + namespace + "/" + name + "').");
        // An orderly stop (SIGTERM, Ctrl-C) runs shutdown hooks, not always the finally blocks of the main
        // thread, so without this hook other runs would wait until the Lease expires.
        releaseOnExit = new Thread(this::releaseIfHeld, "agent-deploy-lease-release");
        Runtime.getRuntime().addShutdownHook(releaseOnExit);
        renewal = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "agent-deploy-lease");
            thread.setDaemon(true);
            return thread;
        });
        renewal.scheduleWithFixedDelay(this::renew, RENEW_EVERY.toMillis(), RENEW_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Returns whether another deployment holds the lock now, reading it without changing anything. */
    public boolean heldByAnother() {
        Lease live = read();
        if (unavailable) {
            return false;
        }
        return live != null && !free(live) && !holder.equals(live.getSpec().getHolderIdentity());
    }

    /** Returns whether the lock can be used: false once the API rejected this identity's access to Leases. */
    public boolean usable() {
        return !unavailable;
    }

    /** Returns whether this run holds the lock. */
    public boolean held() {
        return held;
    }

    /** Releases the lock when held (clears its holder), stops renewing, and closes the connection. */
    @Override
    public void close() {
        if (releaseOnExit != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(releaseOnExit);
            } catch (IllegalStateException e) {
                // The JVM is shutting down, and the hook releases the lock.
            }
        }
        try {
            releaseIfHeld();
        } finally {
            client.close();
        }
    }

    private synchronized void releaseIfHeld() {
        if (renewal != null) {
            renewal.shutdownNow();
        }
        if (held) {
            release();
        }
    }

    private void release() {
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                Lease live = read();
                if (live == null || !holder.equals(live.getSpec().getHolderIdentity())) {
                    break;
                }
                live.getSpec().setHolderIdentity(null);
                live.getSpec().setRenewTime(now());
                client.leases().inNamespace(namespace).resource(live).update();
                held = false;
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    listener.warning("Could not release the deployment lock (Lease '" + namespace + "/" + name
                            + "'): " + e.getMessage() + ". It frees itself " + DURATION.toSeconds() + " s after its"
                            + " last renewal.");
                    return;
                }
            }
        }
        held = false;
    }

    private void renew() {
        try {
            Lease live = read();
            if (live == null || !holder.equals(live.getSpec().getHolderIdentity())) {
                listener.warning("The deployment lock (Lease '" + namespace + "/" + name + "') was taken over: "
                        + (live == null ? "it was deleted" : describe(live)) + ". Another deployment may now run at"
                        + " the same time as this one.");
                held = false;
                renewal.shutdown();
                return;
            }
            live.getSpec().setRenewTime(now());
            client.leases().inNamespace(namespace).resource(live).update();
        } catch (RuntimeException e) {
            // A missed renewal is retried at the next one; the Lease lasts three periods.
            listener.debug("Renewing the deployment lock failed: " + e.getMessage());
        }
    }

    private Lease read() {
        try {
            return client.leases().inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                return forbidden(e);
            }
            throw errors.translate(call("get", "reading the deployment lock"), e);
        }
    }

    /** Notes, once, that the identity may not use Leases here, so the deployment goes on without the lock. */
    private Lease forbidden(KubernetesClientException e) {
        if (!unavailable) {
            unavailable = true;
            listener.warning("Deploying without the deployment lock: the Kubernetes identity may not use Leases in"
                    + " namespace '" + namespace + "' (" + reason(e) + "). Two deployments of this"
                    + " agent at the same time are then not kept apart; grant get, create and update on leases"
                    + " (coordination.k8s.io) in the namespace to keep them apart.");
        }
        return null;
    }

    /** Returns the API server's message, else the first line of the client's message. */
    private static String reason(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return e.getStatus().getMessage();
        }
        String text = e.getMessage();
        return text == null ? "403 Forbidden" : text.lines().findFirst().orElse("403 Forbidden").strip();
    }

    private boolean tryCreate() {
        ensureNamespace();
        Instant now = clock.instant();
        Lease lease = new LeaseBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace)
                .addToLabels("app.kubernetes.io/managed-by", ManifestBuilder.MANAGER).endMetadata()
                .withNewSpec().withHolderIdentity(holder).withLeaseDurationSeconds((int) DURATION.toSeconds())
                .withAcquireTime(zoned(now)).withRenewTime(zoned(now)).withLeaseTransitions(0).endSpec()
                .build();
        return tryWrite("create", () -> client.leases().inNamespace(namespace).resource(lease).create());
    }

    private boolean tryTake(Lease live) {
        Instant now = clock.instant();
        Integer transitions = live.getSpec().getLeaseTransitions();
        live.getSpec().setHolderIdentity(holder);
        live.getSpec().setLeaseDurationSeconds((int) DURATION.toSeconds());
        live.getSpec().setAcquireTime(zoned(now));
        live.getSpec().setRenewTime(zoned(now));
        live.getSpec().setLeaseTransitions(transitions == null ? 1 : transitions + 1);
        // The update carries the resourceVersion read, so a run that took the Lease meanwhile wins (409).
        return tryWrite("update", () -> client.leases().inNamespace(namespace).resource(live).update());
    }

    /**
     * Makes one write that takes the Lease: false when another run won the race (409) or the identity
     * may not use Leases (403, noted once).
     */
    private boolean tryWrite(String verb, Runnable write) {
        try {
            write.run();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return false;
            }
            if (e.getCode() == 403) {
                forbidden(e);
                return false;
            }
            throw errors.translate(call(verb, "taking the deployment lock"), e);
        }
    }

    /** Free: no holder, not renewed within its duration, or held by a process of this machine that is gone. */
    private boolean free(Lease lease) {
        String owner = lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
        if (owner == null || owner.isBlank()) {
            return true;
        }
        ZonedDateTime renewed = lease.getSpec().getRenewTime();
        Integer seconds = lease.getSpec().getLeaseDurationSeconds();
        if (renewed == null || clock.instant().isAfter(renewed.toInstant().plusSeconds(seconds == null
                ? DURATION.toSeconds() : seconds))) {
            return true;
        }
        return deadOnThisMachine(owner);
    }

    private static boolean deadOnThisMachine(String owner) {
        String prefix = "agent-deploy@" + hostName() + "/";
        if (!owner.startsWith(prefix)) {
            return false;
        }
        String[] parts = owner.substring(prefix.length()).split("/");
        try {
            long pid = Long.parseLong(parts[0]);
            return ProcessHandle.of(pid).map(process -> !process.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void ensureNamespace() {
        if (!createNamespace || namespaceExists()) {
            return;
        }
        new NamespaceSetup(client, errors, listener).create(namespace);
    }

    private boolean namespaceExists() {
        return NamespaceSetup.exists(client, errors, namespace);
    }

    private String describe(Lease lease) {
        ZonedDateTime since = lease.getSpec().getAcquireTime();
        return "held by " + lease.getSpec().getHolderIdentity() + (since == null ? "" : " since " + since.toInstant())
                + " (Lease '" + namespace + "/" + name + "')";
    }

    private KubernetesErrors.Call call(String verb, String activity) {
        return new KubernetesErrors.Call(verb, "leases", namespace, name, activity);
    }

    private ZonedDateTime now() {
        return zoned(clock.instant());
    }

    private static ZonedDateTime zoned(Instant instant) {
        return instant.atZone(ZoneOffset.UTC);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeploymentCancelledException.interrupted("waiting for the deployment lock");
        }
    }

    /** The host name without a network lookup: the kernel's, else HOSTNAME, else "localhost". */
    private static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException | RuntimeException e) {
            String variable = System.getenv("HOSTNAME");
            return variable == null || variable.isBlank() ? "localhost" : variable.trim();
        }
    }
}
