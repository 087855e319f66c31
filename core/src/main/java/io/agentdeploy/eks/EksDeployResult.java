package io.agentdeploy.eks;

import io.agentdeploy.report.Layer;
import io.agentdeploy.report.LayerResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a Kubernetes deployment.
 *
 * @param namespace the namespace
 * @param deployment the Deployment's name
 * @param image the image the Deployment runs
 * @param revision the Deployment's revision ({@code deployment.kubernetes.io/revision}) after the rollout
 * @param previousRevision the revision before this run, or {@code null} when the Deployment is new;
 *        equal to {@code revision} when nothing changed
 * @param replicas the desired replicas
 * @param readyReplicas the ready replicas when the rollout completed
 * @param resources the objects applied, as {@code Kind/name}, in apply order
 * @param changed whether any object was created or changed
 * @param notes warnings worth keeping with the record, such as ignored values keys
 */
public record EksDeployResult(
        String namespace,
        String deployment,
        String image,
        long revision,
        Long previousRevision,
        int replicas,
        int readyReplicas,
        List<String> resources,
        boolean changed,
        List<String> notes) implements LayerResult {

    public EksDeployResult {
        resources = List.copyOf(resources);
        notes = List.copyOf(notes);
    }

    @Override
    public Layer layer() {
        return Layer.EKS;
    }

    /** {@code namespace/deployment}. */
    @Override
    public String target() {
        return namespace + "/" + deployment;
    }

    @Override
    public String summary() {
        String ready = " (" + readyReplicas + "/" + replicas + " ready)";
        return changed ? "rolled out revision " + revision + " of " + target() + ready
                : target() + " unchanged at revision " + revision + ready;
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("namespace", namespace);
        map.put("deployment", deployment);
        map.put("image", image);
        map.put("revision", revision);
        map.put("previousRevision", previousRevision);
        map.put("replicas", replicas);
        map.put("readyReplicas", readyReplicas);
        map.put("resources", resources);
        map.put("changed", changed);
        return map;
    }
}
