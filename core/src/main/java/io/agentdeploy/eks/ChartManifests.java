package io.agentdeploy.eks;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeploy.progress.ProgressListener;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The chart source: renders the chart with {@link ChartRenderer} against the deployment's cluster
 * (so its {@code lookup} calls read the shared ConfigMap there), substitutes the image, and fills
 * the IRSA role annotation when the render left it empty but the role is known (from the request or
 * the shared ConfigMap). Every lookup call is reported, with what stays unresolved.
 */
final class ChartManifests {

    private final EksDeployRequest request;
    private final ManifestPreparer.Input input;
    private final SharedConfig shared;
    private final ProgressListener listener;
    private final List<String> notes;
    private List<ChartLookups.Lookup> lookups = List.of();

    ChartManifests(EksDeployRequest request, ManifestPreparer.Input input, SharedConfig shared, ProgressListener listener,
            List<String> notes) {
        this.request = request;
        this.input = input;
        this.shared = shared;
        this.listener = listener;
        this.notes = notes;
    }

    /**
     * Renders the chart as release {@code <kubernetes-name>} and puts the image into the matching containers.
     *
     * @param resolver reads the objects the chart's lookups ask for, or {@code null} without a cluster
     */
    List<HasMetadata> render(String image, ChartLookups.Resolver resolver) {
        String release = request.agent().kubernetesName();
        ChartRenderer.Rendered rendered = ChartRenderer.render(request.chart().orElseThrow(), request.valuesFile().orElse(null),
                request.overrides(), release, input.namespace(), resolver);
        lookups = rendered.lookups();
        List<HasMetadata> objects = new ArrayList<>(ManifestFiles.parse(rendered.yaml(), "chart",
                request.chart().get().toString()));
        ImageSubstitution.apply(objects, image, "the chart's rendered manifests");
        return objects;
    }

    /** Returns the key of the IRSA role in the shared ConfigMap: {@code serviceAccount.irsaConfigKey}, else {@code irsaConfigKey}. */
    String irsaKey() {
        JsonNode serviceAccount = input.chartValues().path("serviceAccount");
        String key = ManifestPreparer.text(serviceAccount, "irsaConfigKey");
        return key != null ? key : ManifestPreparer.text(input.chartValues(), "irsaConfigKey");
    }

    /**
     * Fills the IRSA annotation of the Deployment's ServiceAccount when the render left it empty, and
     * reports the chart's lookup calls with what was and was not resolved.
     */
    void fillFromCluster(List<HasMetadata> objects, Deployment deployment, String roleArn) {
        List<String> filled = new ArrayList<>();
        List<String> unresolved = new ArrayList<>();

        String accountName = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
        for (HasMetadata object : objects) {
            if (object instanceof ServiceAccount account && account.getMetadata().getName().equals(accountName)) {
                Map<String, String> annotations = account.getMetadata().getAnnotations();
                String current = annotations == null ? null : annotations.get(ManifestBuilder.ROLE_ARN_ANNOTATION);
                if (current != null && !current.isBlank()) {
                    continue;
                }
                if (roleArn != null) {
                    account.getMetadata().setAnnotations(annotations == null ? new java.util.LinkedHashMap<>() : annotations);
                    account.getMetadata().getAnnotations().put(ManifestBuilder.ROLE_ARN_ANNOTATION, roleArn);
                    filled.add("annotation " + ManifestBuilder.ROLE_ARN_ANNOTATION + " of ServiceAccount '" + accountName
                            + "' (" + (request.iamRoleArn().isPresent() ? "--iam-role-arn" : "key " + irsaKey()) + ")");
                } else if (current != null) {
                    unresolved.add("annotation " + ManifestBuilder.ROLE_ARN_ANNOTATION + " of ServiceAccount '" + accountName
                            + "' is empty (" + (irsaKey() == null ? "no irsaConfigKey in the values" : shared.whyMissing(irsaKey()))
                            + ")");
                }
            }
        }
        for (Container container : ImageSubstitution.podSpec(deployment).getContainers()) {
            if (!EksDeployRequest.IMAGE.matcher(String.valueOf(container.getImage())).matches()) {
                unresolved.add("container '" + container.getName() + "' has the malformed image '" + container.getImage() + "'");
            }
        }
        report(filled, unresolved);
    }

    private void report(List<String> filled, List<String> unresolved) {
        if (lookups.isEmpty()) {
            if (!unresolved.isEmpty()) {
                warn("The chart's render left values unresolved: " + String.join("; ", unresolved) + ".");
            }
            return;
        }
        List<String> resolved = lookups.stream().filter(ChartLookups.Lookup::resolved).map(ChartLookups.Lookup::describe)
                .toList();
        lookups.stream().filter(l -> !l.resolved()).forEach(l -> unresolved.add("lookup in " + l.describe()
                + " returned nothing (" + (shared.problem() != null && shared.problem().contains("render only")
                ? "no cluster was consulted" : "its arguments are not literals") + ")"));
        String message = resolved.isEmpty() ? "The chart calls lookup." : "The chart calls lookup in "
                + String.join(", ", resolved) + "; resolved against namespace '" + input.namespace() + "' of the cluster"
                + (shared.problem() == null ? "" : ", where ConfigMap '" + ManifestBuilder.SHARED_CONFIG_MAP + "' "
                + shared.problem()) + ".";
        if (!filled.isEmpty()) {
            message += " Filled in from the request: " + String.join("; ", filled) + ".";
        }
        if (unresolved.isEmpty()) {
            listener.lifecycle(message);
            notes.add(message);
        } else {
            warn(message + " Not resolved: " + String.join("; ", unresolved) + ". Check the manifests with --render-to.");
        }
    }

    private void warn(String message) {
        listener.warning(message);
        notes.add(message);
    }
}
