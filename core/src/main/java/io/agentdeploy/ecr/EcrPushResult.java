package io.agentdeploy.ecr;

import io.agentdeploy.report.Layer;
import io.agentdeploy.report.LayerResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a push produced. {@link #imageRef()} pins the image by digest and is what the AgentCore and
 * Kubernetes layers deploy by default.
 *
 * @param repositoryName the ECR repository name
 * @param repositoryUri {@code <account>.dkr.ecr.<region>.amazonaws.com/<name>}
 * @param registryId the account id that owns the registry
 * @param region the AWS region
 * @param imageUri the repository URI with the first tag
 * @param imageDigest the pushed manifest's digest, {@code sha256:<64 hex>}
 * @param imageRef {@code repositoryUri@imageDigest}
 * @param tags the tags that now name the image, in request order
 * @param platforms the image's platforms from its config, for example {@code linux/amd64}
 * @param sizeBytes config plus compressed layers as stored in the registry
 * @param scanFindings finding counts by severity; empty until the scan gate exists
 * @param created whether the repository was created by this push
 * @param layersPushed layers uploaded by this push
 * @param layersReused layers the registry already had
 * @param changed whether the repository was created or any tag now names another image than before
 */
public record EcrPushResult(
        String repositoryName,
        String repositoryUri,
        String registryId,
        String region,
        String imageUri,
        String imageDigest,
        String imageRef,
        List<String> tags,
        List<String> platforms,
        long sizeBytes,
        Map<String, Integer> scanFindings,
        boolean created,
        int layersPushed,
        int layersReused,
        boolean changed) implements LayerResult {

    public EcrPushResult {
        tags = List.copyOf(tags);
        platforms = List.copyOf(platforms);
        scanFindings = Collections.unmodifiableMap(new LinkedHashMap<>(scanFindings));
    }

    @Override
    public Layer layer() {
        return Layer.ECR;
    }

    @Override
    public String target() {
        return repositoryUri;
    }

    /** For example "pushed sha256:ab12cd34ef56… as 20261204-201530, latest (48.2 MB)". */
    @Override
    public String summary() {
        String verb = changed ? "pushed " : "unchanged: ";
        String as = changed ? " as " : " already tagged ";
        return verb + ImageDigests.shortForm(imageDigest) + as + String.join(", ", tags) + " ("
                + formatSize(sizeBytes) + ")";
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("repositoryName", repositoryName);
        map.put("repositoryUri", repositoryUri);
        map.put("registryId", registryId);
        map.put("region", region);
        map.put("imageUri", imageUri);
        map.put("imageDigest", imageDigest);
        map.put("imageRef", imageRef);
        map.put("tags", tags);
        map.put("platforms", platforms);
        map.put("sizeBytes", sizeBytes);
        map.put("scanFindings", scanFindings);
        map.put("created", created);
        map.put("layersPushed", layersPushed);
        map.put("layersReused", layersReused);
        map.put("changed", changed);
        return Collections.unmodifiableMap(map);
    }

    /** Decimal units as the Docker CLI prints them: "512 B", "3.4 kB", "48.2 MB", "1.2 GB". */
    static String formatSize(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
