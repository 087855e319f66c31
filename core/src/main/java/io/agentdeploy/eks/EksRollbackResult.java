package io.agentdeploy.eks;

import io.agentdeploy.report.Layer;
import io.agentdeploy.report.LayerResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a rollback: what was restored or deleted.
 *
 * @param namespace the namespace
 * @param deployment the Deployment
 * @param restoredVersion the revision record re-applied, or {@code null} when there was none (a first deployment)
 * @param restoredImage the image running again, or {@code null} when nothing was restored
 * @param revision the Deployment's revision after the restore, or {@code null} when it was deleted
 * @param deleted the objects deleted because the last good state does not have them, as {@code Kind/name}
 * @param kept the objects of a failed first deployment left in place on request, as {@code Kind/name}
 */
public record EksRollbackResult(
        String namespace,
        String deployment,
        Integer restoredVersion,
        String restoredImage,
        Long revision,
        List<String> deleted,
        List<String> kept) implements LayerResult {

    public EksRollbackResult {
        deleted = List.copyOf(deleted);
        kept = List.copyOf(kept);
    }

    @Override
    public Layer layer() {
        return Layer.EKS;
    }

    @Override
    public String target() {
        return namespace + "/" + deployment;
    }

    /** Returns whether the restore changed anything: a record re-applied or objects deleted. */
    @Override
    public boolean changed() {
        return restoredVersion != null || !deleted.isEmpty();
    }

    @Override
    public String summary() {
        return describe();
    }

    /** Says what was restored, in one sentence, for notes and messages. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        if (restoredVersion != null) {
            text.append("Rolled back Deployment '").append(namespace).append('/').append(deployment)
                    .append("' to the last good state (record v").append(restoredVersion).append(", image ")
                    .append(restoredImage).append(")").append(revision == null ? "" : ", now at revision " + revision);
        } else if (kept.isEmpty()) {
            text.append("Removed the failed first deployment of '").append(namespace).append('/').append(deployment)
                    .append("'");
        } else {
            text.append("Kept the failed first deployment of '").append(namespace).append('/').append(deployment)
                    .append("' in place: ").append(String.join(", ", kept));
        }
        if (!deleted.isEmpty()) {
            text.append("; deleted ").append(String.join(", ", deleted));
        }
        return text.append('.').toString();
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("namespace", namespace);
        map.put("deployment", deployment);
        map.put("restoredVersion", restoredVersion);
        map.put("restoredImage", restoredImage);
        map.put("revision", revision);
        map.put("deleted", deleted);
        map.put("kept", kept);
        return map;
    }
}
