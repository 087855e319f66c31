package io.agentdeploy.eks;

import io.agentdeploy.report.Layer;
import io.agentdeploy.report.LayerResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a render-only run: the manifests that would be applied, written to a folder.
 *
 * @param namespace the namespace of the objects
 * @param deployment the Deployment that would be watched
 * @param image the image deployed
 * @param folder the folder written to
 * @param files the files written, one per object, in apply order
 * @param resources the objects, as {@code Kind/name}, in apply order
 * @param notes warnings worth keeping with the record
 */
public record EksRenderResult(String namespace, String deployment, String image, String folder, List<String> files,
        List<String> resources, List<String> notes) implements LayerResult {

    public EksRenderResult {
        files = List.copyOf(files);
        resources = List.copyOf(resources);
        notes = List.copyOf(notes);
    }

    @Override
    public Layer layer() {
        return Layer.EKS;
    }

    @Override
    public String target() {
        return namespace + "/" + deployment;
    }

    /** Returns false: a render changes nothing in the cluster. */
    @Override
    public boolean changed() {
        return false;
    }

    @Override
    public String summary() {
        return "rendered " + Plurals.count(files.size(), "manifest") + " of " + target() + " to " + folder;
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("namespace", namespace);
        map.put("deployment", deployment);
        map.put("image", image);
        map.put("renderedTo", folder);
        map.put("files", files);
        map.put("resources", resources);
        map.put("changed", false);
        return map;
    }
}
