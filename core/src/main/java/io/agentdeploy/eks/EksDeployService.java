package io.agentdeploy.eks;

import io.agentdeploy.error.DeployException;
import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.progress.ProgressListener;
import io.agentdeploy.progress.Redactor;
import io.agentdeploy.report.LayerResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Deploys an agent to Kubernetes and waits for the rollout, with rollback on failure.
 *
 * <p>In one call ({@link #deploy}) or in two phases that survive a restart of the caller between
 * them: {@link #apply} makes the objects (built-in manifests, a Helm chart, or manifest files),
 * applies them with server-side apply (skipping objects that already match) and records them as a
 * revision; {@link #awaitRollout} follows the Deployment until the rollout completes, fails or
 * times out, and on a failure restores the last good revision. {@link #rollback} restores it on
 * request, for an orchestrator whose later layer failed; {@link #rollbackOnly} does so from the
 * request alone, to rerun a rollback that failed. {@link #render} writes the objects to a folder
 * instead of applying them.
 */
public final class EksDeployService {

    private final ProgressListener listener;
    private final Redactor redactor;
    private final KubernetesClientSource clients;
    private final RolloutPolicy policy;
    private final Clock clock;

    /**
     * Uses the JDK HTTP client and no AWS clients (kubeconfig and in-cluster access only).
     *
     * @param listener receives progress; messages pass through the redactor first
     * @param redactor collects every credential read so that no message shows them
     */
    public EksDeployService(ProgressListener listener, Redactor redactor) {
        this(new KubernetesClients(), listener, redactor);
    }

    /**
     * @param clients opens the Kubernetes clients: the HTTP transport, and the AWS clients for EKS access
     * @param listener receives progress; messages pass through the redactor first
     * @param redactor collects every credential read so that no message shows them
     */
    public EksDeployService(KubernetesClients clients, ProgressListener listener, Redactor redactor) {
        this(listener, redactor, clients, RolloutPolicy.DEFAULT, Clock.systemUTC());
    }

    EksDeployService(ProgressListener listener, Redactor redactor, KubernetesClientSource clients, RolloutPolicy policy,
            Clock clock) {
        this.redactor = Objects.requireNonNull(redactor, "redactor");
        this.listener = redactor.wrap(Objects.requireNonNull(listener, "listener"));
        this.clients = Objects.requireNonNull(clients, "clients");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Renders when the request has {@code renderTo}, else deploys; the form the command line and orchestrators use. */
    public LayerResult run(EksDeployRequest request) {
        return request.renderTo().isPresent() ? render(request) : deploy(request);
    }

    /**
     * Checks what {@link #apply} checks before its first change, and changes nothing: the input files,
     * the cluster access, the namespace (present, or allowed to be created), the shared ConfigMap and
     * the objects made from them. An orchestrator calls it before earlier layers change anything.
     *
     * @throws InvalidInputException when the input is invalid or the namespace is missing with creation off
     * @throws KubernetesDeployException when the cluster cannot be read
     */
    public void check(EksDeployRequest request) {
        List<String> notes = new ArrayList<>();
        ManifestPreparer preparer = new ManifestPreparer(request, ProgressListener.NONE, redactor, notes);
        ManifestPreparer.Input input = preparer.read();
        if (request.renderTo().isPresent() && request.clusterAccess().isEmpty()) {
            preparer.prepare(input, null, null, progressDeadlineSeconds(request.timeout()));
            return;
        }
        ClusterAccess access = requireAccess(request);
        try (KubernetesClient client = clients.open(access, redactor)) {
            KubernetesErrors errors = new KubernetesErrors(client.getMasterUrl().toString(), access, redactor);
            if (request.renderTo().isEmpty() && !request.createNamespace() && !NamespaceSetup.exists(client, errors,
                    input.namespace())) {
                throw missingNamespace(input.namespace());
            }
            PreparedManifests prepared = preparer.prepare(input, client, errors,
                    progressDeadlineSeconds(request.timeout()));
            Deployment live = errors.call(new KubernetesErrors.Call("get", "deployments", prepared.namespace(),
                    prepared.deploymentName(), "reading Deployment '" + prepared.qualifiedName() + "'"),
                    () -> client.apps().deployments().inNamespace(prepared.namespace())
                            .withName(prepared.deploymentName()).get());
            requireSameSelector(live, prepared);
        }
    }

    /**
     * Deploys and waits for the rollout: {@link #apply} then {@link #awaitRollout}.
     *
     * @throws InvalidInputException when the input (values, chart, manifests, access) is invalid; nothing was changed then
     * @throws KubernetesDeployException when the API refuses a call, or the rollout fails or times out; it tells whether
     *         the last good state was restored
     * @throws io.agentdeploy.error.DeploymentCancelledException when the thread is interrupted
     */
    public EksDeployResult deploy(EksDeployRequest request) {
        return awaitRollout(request, apply(request));
    }

    /**
     * Makes and applies the objects, and records them as a new revision (unless nothing changed).
     * Returns what {@link #awaitRollout} needs, as plain values.
     *
     * @throws InvalidInputException when the input is invalid or the request is render-only; nothing was changed then
     * @throws KubernetesDeployException when the API refuses a call
     */
    public EksApplied apply(EksDeployRequest request) {
        List<String> notes = new ArrayList<>();
        ManifestPreparer preparer = new ManifestPreparer(request, listener, redactor, notes);
        ManifestPreparer.Input input = preparer.read();
        ClusterAccess access = requireAccess(request);
        try (KubernetesClient client = clients.open(access, redactor)) {
            KubernetesErrors errors = new KubernetesErrors(client.getMasterUrl().toString(), access, redactor);
            NamespaceSetup namespace = new NamespaceSetup(client, errors, listener);
            boolean createNamespace = namespace.mustCreate(input.namespace(), request.createNamespace());
            PreparedManifests prepared = preparer.prepare(input, client, errors, progressDeadlineSeconds(request.timeout()));
            if (createNamespace) {
                namespace.create(input.namespace());
            }
            listener.lifecycle("Deploying " + prepared.image() + " as Deployment '" + prepared.qualifiedName() + "' to "
                    + client.getMasterUrl() + " (" + access.describe() + ")");
            Deployment live = errors.call(new KubernetesErrors.Call("get", "deployments", prepared.namespace(),
                    prepared.deploymentName(), "reading Deployment '" + prepared.qualifiedName() + "'"),
                    () -> client.apps().deployments().inNamespace(prepared.namespace()).withName(prepared.deploymentName()).get());
            requireSameSelector(live, prepared);
            RevisionHistory history = new RevisionHistory(client, errors, prepared.namespace(), prepared.deploymentName());
            List<RevisionHistory.Record> records = history.list();
            Optional<RevisionHistory.Record> lastGood = records.stream()
                    .filter(r -> RevisionHistory.DEPLOYED.equals(r.status())).findFirst();

            Applying applying = new Applying(prepared, revision(live), lastGood.map(RevisionHistory.Record::version).orElse(null));
            int version;
            try {
                applyAll(client, errors, request, prepared, applying);
                version = record(history, records, lastGood, prepared, applying);
            } catch (KubernetesDeployException e) {
                // Also when the revision cannot be recorded: applied objects without a record would stay in place.
                throw undoPartialApply(client, errors, request, applying, e, notes);
            }
            return applying.toApplied(version, notes);
        }
    }

    /**
     * Returns the revision record of what was just applied: the last good one when nothing changed, the
     * pending one of an attempt that stopped before its rollout ended (its process died) when it contains
     * the same objects, so it is resumed rather than recorded twice, else a new one.
     */
    private static int record(RevisionHistory history, List<RevisionHistory.Record> records,
            Optional<RevisionHistory.Record> lastGood, PreparedManifests prepared, Applying applying) {
        if (!applying.changed() && lastGood.isPresent() && prepared.contentHash().equals(lastGood.get().contentHash())) {
            return lastGood.get().version();
        }
        Optional<RevisionHistory.Record> unfinished = records.stream().findFirst()
                .filter(r -> RevisionHistory.PENDING.equals(r.status()) && prepared.contentHash().equals(r.contentHash()));
        return unfinished.map(RevisionHistory.Record::version).orElseGet(() -> history.add(prepared.objects(),
                prepared.image(), prepared.contentHash(), applying.created, records));
    }

    /**
     * Waits for the rollout that {@link #apply} started, re-reading the Deployment from the cluster, so
     * it can resume after a restart of the caller. On a failure it restores the last good revision
     * (unless the request turns rollback off) and reports both outcomes.
     *
     * @throws KubernetesDeployException when the rollout fails or times out, with diagnostics and the rollback's outcome
     */
    public EksDeployResult awaitRollout(EksDeployRequest request, EksApplied applied) {
        ClusterAccess access = requireAccess(request);
        try (KubernetesClient client = clients.open(access, redactor)) {
            KubernetesErrors errors = new KubernetesErrors(client.getMasterUrl().toString(), access, redactor);
            String qualified = applied.namespace() + "/" + applied.deployment();
            Deployment live = errors.call(new KubernetesErrors.Call("get", "deployments", applied.namespace(),
                    applied.deployment(), "reading Deployment '" + qualified + "'"),
                    () -> client.apps().deployments().inNamespace(applied.namespace()).withName(applied.deployment()).get());
            if (live == null) {
                throw new KubernetesDeployException("Deployment '" + qualified + "' no longer exists, so its rollout cannot"
                        + " be followed. Deploy again.", applied.namespace(), applied.deployment(), "NotFound", List.of(), null);
            }
            RolloutWatcher.Rollout rollout;
            try {
                rollout = new RolloutWatcher(client, errors, listener, redactor, policy.forRequest(request), clock)
                        .await(new RolloutWatcher.Watched(applied.namespace(), applied.deployment(),
                                live.getSpec().getSelector().getMatchLabels()), applied.generation(), request.timeout(),
                                applied.appliedAt());
            } catch (KubernetesDeployException failure) {
                throw afterFailure(client, errors, request, applied, failure);
            }
            boolean recorded = !Objects.equals(applied.previousHistoryVersion(), applied.historyVersion());
            if (recorded) {
                RevisionHistory history = new RevisionHistory(client, errors, applied.namespace(), applied.deployment());
                history.mark(applied.historyVersion(), RevisionHistory.DEPLOYED);
                if (applied.previousHistoryVersion() != null) {
                    history.mark(applied.previousHistoryVersion(), RevisionHistory.SUPERSEDED);
                }
            }
            report(qualified, rollout, applied.changed());
            return new EksDeployResult(applied.namespace(), applied.deployment(), applied.image(), rollout.revision(),
                    applied.previousRevision(), rollout.replicas(), rollout.readyReplicas(), applied.resources(),
                    applied.changed(), applied.notes());
        }
    }

    /**
     * Restores the state before {@code applied}, whether its rollout succeeded or not: for an
     * orchestrator that rolls back every layer when a later one fails. Re-applies the last good
     * revision and waits for it, or removes what a first deployment created (unless the request keeps it).
     *
     * @throws KubernetesDeployException when the restore fails; calling it again is safe
     */
    public EksRollbackResult rollback(EksDeployRequest request, EksApplied applied) {
        ClusterAccess access = requireAccess(request);
        try (KubernetesClient client = clients.open(access, redactor)) {
            KubernetesErrors errors = new KubernetesErrors(client.getMasterUrl().toString(), access, redactor);
            return new RollbackRunner(client, errors, listener, redactor, policy.forRequest(request), clock)
                    .restore(request, applied);
        }
    }

    /**
     * Restores the last good revision of the request's Deployment without the result of an apply,
     * for example to rerun a rollback that failed. Objects that the newest failed attempt created
     * and the good revision lacks are deleted.
     *
     * @throws InvalidInputException when there is no good revision to restore
     * @throws KubernetesDeployException when the restore fails
     */
    public EksRollbackResult rollbackOnly(EksDeployRequest request) {
        List<String> notes = new ArrayList<>();
        ManifestPreparer preparer = new ManifestPreparer(request, listener, redactor, notes);
        ManifestPreparer.Input input = preparer.read();
        ClusterAccess access = requireAccess(request);
        try (KubernetesClient client = clients.open(access, redactor)) {
            KubernetesErrors errors = new KubernetesErrors(client.getMasterUrl().toString(), access, redactor);
            PreparedManifests prepared = preparer.prepare(input, client, errors, progressDeadlineSeconds(request.timeout()));
            RevisionHistory history = new RevisionHistory(client, errors, prepared.namespace(), prepared.deploymentName());
            List<RevisionHistory.Record> records = history.list();
            RevisionHistory.Record good = records.stream().filter(r -> RevisionHistory.DEPLOYED.equals(r.status()))
                    .findFirst().orElseThrow(() -> new InvalidInputException("rollback", prepared.qualifiedName(),
                            "Deployment '" + prepared.qualifiedName() + "' has no recorded good revision.",
                            "Deploy a known good image instead."));
            RevisionHistory.Record newest = records.get(0);
            EksApplied undone = new EksApplied(prepared.namespace(), prepared.deploymentName(), 0, newest.image(), null,
                    newest.version(), good.version(), List.of(), newest.version() == good.version() ? List.of()
                            : newest.created(), false, List.of(), null);
            return new RollbackRunner(client, errors, listener, redactor, policy.forRequest(request), clock)
                    .restore(request, undone);
        }
    }

    /**
     * Writes the exact objects that {@link #apply} would apply to the request's {@code renderTo}
     * folder, one file per object, without changing the cluster. With cluster access the shared
     * ConfigMap is read as for a deployment; without it, values that depend on it stay unresolved.
     *
     * @throws InvalidInputException when the input is invalid or the folder cannot be written
     */
    public EksRenderResult render(EksDeployRequest request) {
        List<String> notes = new ArrayList<>();
        ManifestPreparer preparer = new ManifestPreparer(request, listener, redactor, notes);
        ManifestPreparer.Input input = preparer.read();
        java.nio.file.Path folder = request.renderTo().orElseThrow(() -> new InvalidInputException("render to", null,
                "a folder is required to render.", "Pass the folder to write the manifests to."));
        PreparedManifests prepared;
        if (request.clusterAccess().isPresent()) {
            ClusterAccess access = request.clusterAccess().get();
            try (KubernetesClient client = clients.open(access, redactor)) {
                KubernetesErrors errors = new KubernetesErrors(client.getMasterUrl().toString(), access, redactor);
                prepared = preparer.prepare(input, client, errors, progressDeadlineSeconds(request.timeout()));
            }
        } else {
            prepared = preparer.prepare(input, null, null, progressDeadlineSeconds(request.timeout()));
        }
        List<String> files = RenderedFiles.write(folder, prepared.objects());
        listener.lifecycle("Rendered " + Plurals.count(files.size(), "manifest") + " of Deployment '"
                + prepared.qualifiedName() + "' to " + folder);
        return new EksRenderResult(prepared.namespace(), prepared.deploymentName(), prepared.image(), folder.toString(), files,
                prepared.resources(), notes);
    }

    private void applyAll(KubernetesClient client, KubernetesErrors errors, EksDeployRequest request,
            PreparedManifests prepared, Applying applying) {
        ResourceApplier applier = new ResourceApplier(client, errors, request.forceConflicts());
        for (HasMetadata object : prepared.objects()) {
            Instant sent = clock.instant();
            ResourceApplier.Applied result = applier.apply(object);
            listener.lifecycle(result.kindAndName() + " " + result.outcome().name().toLowerCase(Locale.ROOT));
            applying.add(object, result, sent);
        }
    }

    /** After an apply failed part-way, restores what was already changed, so no half-applied set stays behind. */
    private KubernetesDeployException undoPartialApply(KubernetesClient client, KubernetesErrors errors,
            EksDeployRequest request, Applying applying, KubernetesDeployException failure, List<String> notes) {
        if (!applying.changed()) {
            return failure;
        }
        EksApplied partial = applying.toApplied(applying.previousHistoryVersion == null ? 0 : applying.previousHistoryVersion,
                notes);
        return afterFailure(client, errors, request, partial, failure);
    }

    /** Marks the attempt failed, rolls back unless turned off or impossible, and returns the failure with the outcome. */
    private KubernetesDeployException afterFailure(KubernetesClient client, KubernetesErrors errors, EksDeployRequest request,
            EksApplied applied, KubernetesDeployException failure) {
        if (KubernetesErrors.API_SERVER_LOST.equals(failure.reason())) {
            String note = "No rollback was attempted, because it needs the API server. When the server responds again"
                    + " and the rollout of '" + applied.namespace() + "/" + applied.deployment() + "' has failed, run"
                    + " the rollback (agent-deploy eks --rollback-only with the same options).";
            return failure.withRollback(failure.getMessage() + "\n" + note, false, List.of(note));
        }
        List<String> notes = new ArrayList<>();
        if (!Objects.equals(applied.historyVersion(), applied.previousHistoryVersion()) && applied.historyVersion() > 0) {
            try {
                new RevisionHistory(client, errors, applied.namespace(), applied.deployment())
                        .mark(applied.historyVersion(), RevisionHistory.FAILED);
            } catch (KubernetesDeployException e) {
                notes.add("The revision record could not be marked failed: " + e.getMessage());
            }
        }
        if (!request.rollback()) {
            String note = "Rollback is off: the failed rollout of '" + applied.namespace() + "/" + applied.deployment()
                    + "' stays in place.";
            listener.warning(note);
            notes.add(note);
            return failure.withRollback(failure.getMessage() + "\n" + note, false, notes);
        }
        try {
            EksRollbackResult restored = new RollbackRunner(client, errors, listener, redactor, policy.forRequest(request),
                    clock).restore(request, applied);
            notes.add(restored.describe());
            return failure.withRollback(failure.getMessage() + "\n" + restored.describe(), restored.kept().isEmpty(), notes);
        } catch (DeployException rollbackFailure) {
            String note = "The rollback failed too: " + redactor.redact(rollbackFailure.getMessage()) + "\nThe failed"
                    + " rollout may still be in place. Fix the cause, then run the rollback again (agent-deploy eks"
                    + " --rollback-only with the same options); it is safe to repeat.";
            listener.error(note);
            notes.add(note);
            return failure.withRollback(failure.getMessage() + "\n" + note, false, notes);
        }
    }

    /** The error for a namespace that is missing while its creation is off: bad input, found before any change. */
    static InvalidInputException missingNamespace(String namespace) {
        return new InvalidInputException("namespace", namespace, "the namespace does not exist in the cluster and"
                + " namespace creation is off.", "Create the namespace (kubectl create namespace " + namespace
                + "), allow its creation (--create-namespace), or deploy to another namespace.");
    }

    /**
     * Stops before any change when the Deployment's selector would change: the API server rejects it
     * (spec.selector is immutable), and only deleting the Deployment gets past that.
     */
    private static void requireSameSelector(Deployment live, PreparedManifests prepared) {
        if (live == null || live.getSpec().getSelector() == null) {
            return;
        }
        Map<String, String> current = live.getSpec().getSelector().getMatchLabels();
        Map<String, String> desired = prepared.selector();
        if (Objects.equals(current, desired)) {
            return;
        }
        throw new KubernetesDeployException("Deployment '" + prepared.qualifiedName() + "' selects its pods by "
                + new java.util.TreeMap<>(current) + ", and the new manifests select them by " + new java.util.TreeMap<>(desired)
                + ". The API server rejects any change of"
                + " spec.selector (it is immutable), so nothing was applied. Keep the old selector labels (for the"
                + " built-in manifests: the same nameOverride and fullnameOverride as before), or delete the Deployment"
                + " first (kubectl delete deployment " + prepared.deploymentName() + " -n " + prepared.namespace()
                + "; its pods stop) and deploy again.", prepared.namespace(), prepared.deploymentName(), "SelectorChanged",
                List.of(), null);
    }

    private void report(String qualified, RolloutWatcher.Rollout rollout, boolean changed) {
        String ready = rollout.readyReplicas() + " of " + Plurals.count(rollout.replicas(), "replica") + " ready";
        if (changed) {
            listener.lifecycle("Deployment '" + qualified + "' rolled out: revision " + rollout.revision() + ", " + ready
                    + " (" + Durations.format(rollout.took()) + " after the apply)");
        } else {
            listener.lifecycle("Deployment '" + qualified + "' is unchanged at revision " + rollout.revision() + ", " + ready);
        }
    }

    private static ClusterAccess requireAccess(EksDeployRequest request) {
        return request.clusterAccess().orElseThrow(() -> new InvalidInputException("cluster access", null,
                "applying needs a cluster.", "Pass a kubeconfig, an EKS cluster name or in-cluster access."));
    }

    /**
     * Computes the Deployment's progress deadline. It stays below the rollout timeout, so that the
     * cluster itself declares a stuck rollout failed before the watch gives up, and at most at the
     * Kubernetes default of 600 s.
     */
    static int progressDeadlineSeconds(Duration timeout) {
        long seconds = timeout.toSeconds();
        long margin = Math.max(5, seconds / 10);
        return (int) Math.max(5, Math.min(600, seconds - margin));
    }

    static Long revision(Deployment live) {
        if (live == null) {
            return null;
        }
        Map<String, String> annotations = live.getMetadata().getAnnotations();
        String revision = annotations == null ? null : annotations.get(RolloutWatcher.REVISION_ANNOTATION);
        return revision == null ? null : Long.valueOf(revision);
    }

    /** Progress of an apply: what it created and changed so far. */
    private static final class Applying {
        final PreparedManifests prepared;
        final Long previousRevision;
        final Integer previousHistoryVersion;
        final List<String> created = new ArrayList<>();
        boolean changed;
        long generation;
        Instant deploymentAppliedAt;

        Applying(PreparedManifests prepared, Long previousRevision, Integer previousHistoryVersion) {
            this.prepared = prepared;
            this.previousRevision = previousRevision;
            this.previousHistoryVersion = previousHistoryVersion;
        }

        /** Records one applied object; {@code sent} is when its apply was sent, the start of a rollout it causes. */
        void add(HasMetadata desired, ResourceApplier.Applied result, Instant sent) {
            if (result.outcome() == ResourceApplier.Outcome.CREATED) {
                created.add(PreparedManifests.reference(desired));
            }
            changed |= result.outcome() != ResourceApplier.Outcome.UNCHANGED;
            if (desired == prepared.deployment()) {
                generation = result.object().getMetadata().getGeneration();
                deploymentAppliedAt = sent;
            }
        }

        boolean changed() {
            return changed;
        }

        EksApplied toApplied(int historyVersion, List<String> notes) {
            return new EksApplied(prepared.namespace(), prepared.deploymentName(), generation, prepared.image(),
                    previousRevision, historyVersion, previousHistoryVersion, prepared.resources(), created, changed, notes,
                    deploymentAppliedAt);
        }
    }
}
