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
 * The chart source: renders the chart with {@link ChartRenderer}, substitutes the image, and makes up
 * for what the chart's {@code lookup} calls could not see in a client-side render, using the shared
 * ConfigMap read from the cluster: the image registry (through the image itself) and the IRSA role
 * annotation. Every lookup call is reported, with what was filled in and what stays unresolved.
 */
final class ChartManifests {

    private final EksDeployRequest request;
    private final ManifestPreparer.Input input;
    private final SharedConfig shared;
    private final ProgressListener listener;
    private final List<String> notes;
    private List<ChartRenderer.Lookup> lookups = List.of();

    ChartManifests(EksDeployRequest request, ManifestPreparer.Input input, SharedConfig shared, ProgressListener listener,
            List<String> notes) {
        this.request = request;
        this.input = input;
        this.shared = shared;
        this.listener = listener;
        this.notes = notes;
    }

    /** Renders the chart as release {@code <kubernetes-name>} and puts the image into the matching containers. */
    List<HasMetadata> render(String image) {
        String release = request.agent().kubernetesName();
        ChartRenderer.Rendered rendered = ChartRenderer.render(request.chart().orElseThrow(), request.valuesFile().orElse(null),
                request.overrides(), release, input.namespace());
        lookups = rendered.lookups();
        List<HasMetadata> objects = new ArrayList<>(ManifestFiles.parse(rendered.yaml(), "chart " + request.chart().get()));
        ImageSubstitution.apply(objects, image, "the chart's rendered manifests");
        return objects;
    }

    /** The key of the IRSA role in the shared ConfigMap: {@code serviceAccount.irsaConfigKey}, else {@code irsaConfigKey}. */
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
        filled.add("the image of Deployment '" + deployment.getMetadata().getName() + "' (" + request.image() + ")");

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
        String calls = String.join(", ", lookups.stream().map(ChartRenderer.Lookup::describe).toList());
        String message = "The chart calls lookup in " + calls + ". Helm renders here without a cluster connection, so"
                + " lookup returned nothing; filled in from the cluster instead: " + String.join("; ", filled) + ".";
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
