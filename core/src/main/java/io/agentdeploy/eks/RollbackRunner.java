package io.agentdeploy.eks;

import io.agentdeploy.progress.ProgressListener;
import io.agentdeploy.progress.Redactor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Restores the last good state of a deployment: re-applies the objects recorded for the last
 * successful deployment, deletes what the failed attempt created that the good state does not have,
 * and waits for the restored rollout with its own timeout. On a first deployment, where no good
 * state exists, it deletes what the attempt created (or keeps it, when asked to).
 *
 * <p>The restore is declarative, so it can run again after it failed: objects already restored
 * match and are not sent, objects already deleted are skipped. fabric8's {@code rolling().undo()} is
 * not used: it needs two ReplicaSets, restores only the pod template and copies the ReplicaSet's
 * {@code pod-template-hash} label into the Deployment.
 */
final class RollbackRunner {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final KubernetesClient client;
    private final KubernetesErrors errors;
    private final ProgressListener listener;
    private final Redactor redactor;
    private final RolloutPolicy policy;
    private final Clock clock;

    RollbackRunner(KubernetesClient client, KubernetesErrors errors, ProgressListener listener, Redactor redactor,
            RolloutPolicy policy, Clock clock) {
        this.client = client;
        this.errors = errors;
        this.listener = listener;
        this.redactor = redactor;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * Restores the state before {@code applied}.
     *
     * @throws KubernetesDeployException when an API call fails or the restored rollout fails
     */
    EksRollbackResult restore(EksDeployRequest request, EksApplied applied) {
        RevisionHistory history = new RevisionHistory(client, errors, applied.namespace(), applied.deployment());
        Optional<RevisionHistory.Record> target = applied.previousHistoryVersion() == null ? Optional.empty()
                : history.find(applied.previousHistoryVersion());
        if (applied.previousHistoryVersion() != null && target.isEmpty()) {
            throw new KubernetesDeployException("The last good state of Deployment '" + applied.namespace() + "/"
                    + applied.deployment() + "' (Secret '" + history.secretName(applied.previousHistoryVersion())
                    + "') no longer exists, so it cannot be restored. Deploy the previous image again instead.",
                    applied.namespace(), applied.deployment(), "NoRollbackTarget", List.of(), null);
        }
        if (target.isEmpty()) {
            return removeFirstDeployment(request, applied);
        }
        RevisionHistory.Record record = target.get();
        listener.lifecycle("Rolling back Deployment '" + applied.namespace() + "/" + applied.deployment() + "' to record v"
                + record.version() + " (image " + record.image() + ")");
        List<HasMetadata> objects = history.objects(record);
        ResourceApplier applier = new ResourceApplier(client, errors, true);
        Deployment restored = null;
        for (HasMetadata object : objects) {
            ResourceApplier.Applied result = applier.apply(object);
            listener.lifecycle(result.kindAndName() + " " + (result.outcome() == ResourceApplier.Outcome.UNCHANGED
                    ? "unchanged" : "restored"));
            if (result.object() instanceof Deployment deployment && deployment.getMetadata().getName().equals(applied.deployment())) {
                restored = deployment;
            }
        }
        Set<String> kept = new HashSet<>(objects.stream().map(PreparedManifests::reference).toList());
        List<String> deleted = delete(applied.created().stream().filter(ref -> !kept.contains(ref)).toList(),
                applied.namespace());

        Long revision = null;
        if (restored != null) {
            RolloutWatcher.Rollout rollout = new RolloutWatcher(client, errors, listener, redactor, policy, clock)
                    .await(new RolloutWatcher.Watched(applied.namespace(), applied.deployment(),
                            restored.getSpec().getSelector().getMatchLabels()),
                            restored.getMetadata().getGeneration(), request.rollbackTimeout(), null);
            revision = rollout.revision();
        }
        if (applied.historyVersion() != record.version()) {
            history.mark(applied.historyVersion(), RevisionHistory.ROLLED_BACK);
        }
        history.mark(record.version(), RevisionHistory.DEPLOYED);
        EksRollbackResult result = new EksRollbackResult(applied.namespace(), applied.deployment(), record.version(),
                record.image(), revision, deleted, List.of());
        listener.lifecycle(result.describe());
        return result;
    }

    private EksRollbackResult removeFirstDeployment(EksDeployRequest request, EksApplied applied) {
        List<String> created = applied.created().stream().map(RollbackRunner::kindAndName).toList();
        if (request.keepFailed()) {
            EksRollbackResult result = new EksRollbackResult(applied.namespace(), applied.deployment(), null, null, null,
                    List.of(), created);
            listener.lifecycle(result.describe());
            return result;
        }
        listener.lifecycle("Removing what the failed first deployment of '" + applied.namespace() + "/"
                + applied.deployment() + "' created");
        List<String> deleted = delete(applied.created(), applied.namespace());
        EksRollbackResult result = new EksRollbackResult(applied.namespace(), applied.deployment(), null, null, null,
                deleted, List.of());
        listener.lifecycle(result.describe());
        return result;
    }

    /** Deletes objects by reference ({@code apiVersion/Kind/name}), last created first; returns {@code Kind/name} of each. */
    private List<String> delete(List<String> references, String namespace) {
        List<String> deleted = new ArrayList<>();
        List<String> reversed = new ArrayList<>(references);
        java.util.Collections.reverse(reversed);
        for (String reference : reversed) {
            HasMetadata object = object(reference, namespace);
            String description = kindAndName(reference);
            errors.call(new KubernetesErrors.Call("delete", HasMetadata.getPlural(object.getClass()), namespace,
                    object.getMetadata().getName(), "deleting " + description), () -> client.resource(object).delete());
            listener.lifecycle(description + " deleted");
            deleted.add(description);
        }
        return deleted;
    }

    /** Builds a typed object that names the referenced one, enough for fabric8 to address it. */
    private static HasMetadata object(String reference, String namespace) {
        int nameStart = reference.lastIndexOf('/');
        int kindStart = reference.lastIndexOf('/', nameStart - 1);
        String json = "{\"apiVersion\":\"" + reference.substring(0, kindStart) + "\",\"kind\":\""
                + reference.substring(kindStart + 1, nameStart) + "\",\"metadata\":{\"name\":\""
                + reference.substring(nameStart + 1) + "\",\"namespace\":\"" + namespace + "\"}}";
        HasMetadata object = SERIALIZATION.unmarshal(json, HasMetadata.class);
        if (KindOrder.CLUSTER_SCOPED.contains(object.getKind())) {
            object.getMetadata().setNamespace(null);
        }
        return object;
    }

    static String kindAndName(String reference) {
        int nameStart = reference.lastIndexOf('/');
        int kindStart = reference.lastIndexOf('/', nameStart - 1);
        return reference.substring(kindStart + 1);
    }
}
