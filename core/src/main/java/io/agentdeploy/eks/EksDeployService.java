package io.agentdeploy.eks;

import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.progress.ProgressListener;
import io.agentdeploy.progress.Redactor;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Deploys an agent to Kubernetes: reads its values file, builds the ConfigMap, ServiceAccount,
 * Service, Deployment and Ingress, applies them with server-side apply (skipping objects that
 * already match), and follows the Deployment's rollout until it completes, fails or times out.
 */
public final class EksDeployService {

    private static final Pattern SECRET_NAME = Pattern.compile(".*(KEY|SECRET|TOKEN|PASSWORD|CREDENTIAL).*");

    private final ProgressListener listener;
    private final Redactor redactor;
    private final KubernetesClientSource clients;
    private final RolloutPolicy policy;
    private final Clock clock;

    /**
     * @param listener receives progress; messages pass through the redactor first
     * @param redactor collects the kubeconfig's credentials so that no message shows them
     */
    public EksDeployService(ProgressListener listener, Redactor redactor) {
        this(listener, redactor, new KubernetesConnections(), RolloutPolicy.DEFAULT, Clock.systemUTC());
    }

    EksDeployService(ProgressListener listener, Redactor redactor, KubernetesClientSource clients, RolloutPolicy policy,
            Clock clock) {
        this.redactor = Objects.requireNonNull(redactor, "redactor");
        this.listener = redactor.wrap(Objects.requireNonNull(listener, "listener"));
        this.clients = Objects.requireNonNull(clients, "clients");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Deploys and waits for the rollout.
     *
     * @throws InvalidInputException when the values file, a name or the kubeconfig is invalid; nothing was changed then
     * @throws KubernetesDeployException when the API refuses a call, or the rollout fails or times out
     * @throws io.agentdeploy.error.DeploymentCancelledException when the thread is interrupted
     */
    public EksDeployResult deploy(EksDeployRequest request) {
        List<String> notes = new ArrayList<>();
        AgentValues values = readValues(request, notes);
        String namespace = request.namespace().orElse(values.namespace() != null ? values.namespace() : "default");
        io.agentdeploy.naming.NameRules.requireKubernetesName("namespace", namespace);
        DeploymentTarget target = DeploymentTarget.of(request.agent(), namespace, values, request.image());

        try (KubernetesClient client = clients.open(request.clusterAccess(), redactor)) {
            KubernetesErrors errors = new KubernetesErrors(client.getMasterUrl().toString(), redactor);
            listener.lifecycle("Deploying " + request.image() + " as Deployment '" + target.qualifiedName() + "' to "
                    + client.getMasterUrl() + " (" + request.clusterAccess().describe() + ")");

            ensureNamespace(client, errors, namespace, request.createNamespace());
            String roleArn = roleArn(client, errors, request, values, namespace, notes);
            Manifests manifests = ManifestBuilder.build(target, request.image(), values, roleArn,
                    progressDeadlineSeconds(request.timeout()));
            Long previousRevision = revision(errors.call(new KubernetesErrors.Call("get", "deployments", namespace,
                    target.name(), "reading Deployment '" + target.qualifiedName() + "'"),
                    () -> client.apps().deployments().inNamespace(namespace).withName(target.name()).get()));

            List<ResourceApplier.Applied> applied = apply(client, errors, manifests);
            Deployment deployment = (Deployment) applied.stream().map(ResourceApplier.Applied::object)
                    .filter(Deployment.class::isInstance).findFirst().orElseThrow();
            boolean changed = applied.stream().anyMatch(a -> a.outcome() != ResourceApplier.Outcome.UNCHANGED);

            RolloutWatcher.Rollout rollout = new RolloutWatcher(client, errors, listener, redactor, policy, clock)
                    .await(target, deployment.getMetadata().getGeneration(), request.timeout());
            report(target, rollout, changed);
            return new EksDeployResult(namespace, target.name(), request.image(), rollout.revision(), previousRevision,
                    rollout.replicas(), rollout.readyReplicas(),
                    applied.stream().map(ResourceApplier.Applied::kindAndName).toList(), changed, notes);
        }
    }

    private AgentValues readValues(EksDeployRequest request, List<String> notes) {
        ValuesReader.Result result = ValuesReader.read(request.valuesFile(), request.overrides());
        if (!result.unknownKeys().isEmpty()) {
            warn(notes, "Values file " + request.valuesFile() + ": ignoring keys the built-in manifests do not use: "
                    + String.join(", ", result.unknownKeys()) + ".");
        }
        AgentValues values = result.values();
        values.env().stream().filter(v -> looksSecret(v.name())).forEach(v -> {
            redactor.register(v.value());
            warn(notes, "Environment variable '" + v.name() + "' looks secret but is set as plain text in the values;"
                    + " keep secrets in AWS Secrets Manager (agentSecret) instead.");
        });
        values.configDefaults().entrySet().stream().filter(e -> looksSecret(e.getKey())).forEach(e -> {
            redactor.register(e.getValue());
            warn(notes, "configDefaults key '" + e.getKey() + "' looks secret but is stored in a plain ConfigMap;"
                    + " keep secrets in AWS Secrets Manager (agentSecret) instead.");
        });
        return values;
    }

    private void ensureNamespace(KubernetesClient client, KubernetesErrors errors, String namespace, boolean create) {
        HasMetadata existing;
        try {
            existing = client.namespaces().withName(namespace).get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                // Identities limited to one namespace often may not read Namespace objects; the applies will tell.
                listener.debug("Not allowed to read Namespace '" + namespace + "'; assuming it exists.");
                return;
            }
            throw errors.translate(new KubernetesErrors.Call("get", "namespaces", null, namespace,
                    "reading Namespace '" + namespace + "'"), e);
        }
        if (existing != null) {
            return;
        }
        if (!create) {
            throw new KubernetesDeployException("Namespace '" + namespace + "' does not exist and namespace creation is"
                    + " off. Create the namespace, or allow its creation (--create-namespace).", null, namespace, "NotFound",
                    List.of(), null);
        }
        errors.call(new KubernetesErrors.Call("patch", "namespaces", null, namespace, "creating Namespace '" + namespace + "'"),
                () -> client.resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                        .addToLabels("app.kubernetes.io/managed-by", ManifestBuilder.MANAGER).endMetadata().build())
                        .fieldManager(ManifestBuilder.MANAGER).forceConflicts().serverSideApply());
        listener.lifecycle("Created Namespace '" + namespace + "'");
    }

    /**
     * The IRSA role ARN: from the request, else from the shared ConfigMap under the key the values
     * name ({@code serviceAccount.irsaConfigKey}, else {@code irsaConfigKey}), as the teams' chart reads it.
     */
    private String roleArn(KubernetesClient client, KubernetesErrors errors, EksDeployRequest request, AgentValues values,
            String namespace, List<String> notes) {
        if (request.iamRoleArn().isPresent() || !values.serviceAccount().create()) {
            return request.iamRoleArn().orElse(null);
        }
        String key = values.serviceAccount().irsaConfigKey() != null ? values.serviceAccount().irsaConfigKey()
                : values.irsaConfigKey();
        if (key == null) {
            return null;
        }
        ConfigMap shared;
        try {
            shared = client.configMaps().inNamespace(namespace).withName(ManifestBuilder.SHARED_CONFIG_MAP).get();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 403) {
                throw errors.translate(new KubernetesErrors.Call("get", "configmaps", namespace,
                        ManifestBuilder.SHARED_CONFIG_MAP, "reading ConfigMap '" + ManifestBuilder.SHARED_CONFIG_MAP + "'"), e);
            }
            shared = null;
        }
        String arn = shared == null || shared.getData() == null ? null : shared.getData().get(key);
        if (arn == null || arn.isBlank()) {
            warn(notes, "No IAM role for the ServiceAccount: no role ARN was given and ConfigMap '"
                    + ManifestBuilder.SHARED_CONFIG_MAP + "' in namespace '" + namespace + "' has no key '" + key
                    + "'. The pods get no AWS role (IRSA); pass --iam-role-arn to set one.");
            return null;
        }
        return arn;
    }

    private List<ResourceApplier.Applied> apply(KubernetesClient client, KubernetesErrors errors, Manifests manifests) {
        ResourceApplier applier = new ResourceApplier(client, errors);
        List<ResourceApplier.Applied> applied = new ArrayList<>();
        for (HasMetadata object : manifests.inApplyOrder()) {
            ResourceApplier.Applied result = applier.apply(object);
            listener.lifecycle(result.kindAndName() + " " + result.outcome().name().toLowerCase(Locale.ROOT));
            applied.add(result);
        }
        return applied;
    }

    private void report(DeploymentTarget target, RolloutWatcher.Rollout rollout, boolean changed) {
        String ready = rollout.readyReplicas() + " of " + rollout.replicas() + " replicas ready";
        if (changed) {
            listener.lifecycle("Deployment '" + target.qualifiedName() + "' rolled out: revision " + rollout.revision()
                    + ", " + ready + " (" + Durations.format(rollout.waited()) + ")");
        } else {
            listener.lifecycle("Deployment '" + target.qualifiedName() + "' is unchanged at revision " + rollout.revision()
                    + ", " + ready);
        }
    }

    private void warn(List<String> notes, String message) {
        listener.warning(message);
        notes.add(redactor.redact(message));
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

    private static Long revision(Deployment live) {
        if (live == null) {
            return null;
        }
        Map<String, String> annotations = live.getMetadata().getAnnotations();
        String revision = annotations == null ? null : annotations.get(RolloutWatcher.REVISION_ANNOTATION);
        return revision == null ? null : Long.valueOf(revision);
    }

    private static boolean looksSecret(String name) {
        return SECRET_NAME.matcher(name.toUpperCase(Locale.ROOT)).matches();
    }
}
