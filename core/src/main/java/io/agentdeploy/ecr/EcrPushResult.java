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
 * @param repositoryName the repository name
 * @param repositoryUri {@code <account>.dkr.ecr.<region>.amazonaws.com/<name>} (or {@code host/name} elsewhere)
 * @param registryId the account id that owns the registry, or {@code null} for another registry
 * @param region the AWS region, or {@code null} for another registry
 * @param imageUri the repository URI with the first tag
 * @param imageDigest the digest of the pushed manifest or image index, {@code sha256:<64 hex>}
 * @param imageRef {@code repositoryUri@imageDigest}
 * @param tags the tags that now name the image, in request order
 * @param platforms the platforms the image really has, for example {@code linux/arm64}
 * @param platformDigests platform to image manifest digest (for an index, each platform's image)
 * @param sizeBytes config plus compressed layers as stored in the registry, summed over platforms
 * @param scanStatus {@code COMPLETE}, another ECR scan status, {@code TIMED_OUT}, {@code NOT_SCANNED}
 *     or {@code NOT_AWAITED}
 * @param scanFindings finding counts by severity, most severe first; empty without a completed scan
 * @param topFindings the most severe findings, one line each
 * @param created whether the repository was created by this push
 * @param repositoryChanges repository settings created or changed, one sentence each
 * @param layersPushed layers uploaded
 * @param layersReused layers the registry already had
 * @param retries pushes and uploads repeated after transient failures
 * @param previousDigests tags that named another image before this push, with that image's digest
 * @param changed whether the repository changed or any tag now names another image than before
 * @param notes warnings worth keeping, such as an encryption that differs or skipped ECR features
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
        Map<String, String> platformDigests,
        long sizeBytes,
        String scanStatus,
        Map<String, Integer> scanFindings,
        List<String> topFindings,
        boolean created,
        List<String> repositoryChanges,
        int layersPushed,
        int layersReused,
        int retries,
        Map<String, String> previousDigests,
        boolean changed,
        List<String> notes) implements LayerResult {

    public EcrPushResult {
        tags = List.copyOf(tags);
        platforms = List.copyOf(platforms);
        platformDigests = Collections.unmodifiableMap(new LinkedHashMap<>(platformDigests));
        scanFindings = Collections.unmodifiableMap(new LinkedHashMap<>(scanFindings));
        topFindings = List.copyOf(topFindings);
        repositoryChanges = List.copyOf(repositoryChanges);
        previousDigests = Collections.unmodifiableMap(new LinkedHashMap<>(previousDigests));
        notes = List.copyOf(notes);
    }

    @Override
    public Layer layer() {
        return Layer.ECR;
    }

    @Override
    public String target() {
        return repositoryUri;
    }

    /** For example "pushed sha256:ab12cd34ef56… as 42, latest (48.2 MB, linux/arm64; scan: 0 findings)". */
    @Override
    public String summary() {
        String verb = changed ? "pushed " : "unchanged: ";
        String as = changed ? " as " : " already tagged ";
        StringBuilder details = new StringBuilder(formatSize(sizeBytes));
        if (platforms.size() > 1 || platforms.stream().anyMatch(p -> !p.equals("linux/amd64"))) {
            details.append(", ").append(String.join(" + ", platforms));
        }
        if (scanStatus.equals("COMPLETE") || scanStatus.equals("ACTIVE")) {
            details.append("; scan: ").append(findingsText(scanFindings));
        } else if (!scanStatus.equals("NOT_SCANNED") && !scanStatus.equals("NOT_AWAITED")) {
            details.append("; scan ").append(scanStatus);
        }
        return verb + ImageDigests.shortForm(imageDigest) + as + String.join(", ", tags) + " (" + details + ")";
    }

    @Override
    public List<String> notes() {
        return notes;
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
        map.put("platformDigests", platformDigests);
        map.put("sizeBytes", sizeBytes);
        map.put("scanStatus", scanStatus);
        map.put("scanFindings", scanFindings);
        map.put("topFindings", topFindings);
        map.put("created", created);
        map.put("repositoryChanges", repositoryChanges);
        map.put("layersPushed", layersPushed);
        map.put("layersReused", layersReused);
        map.put("retries", retries);
        map.put("previousDigests", previousDigests);
        map.put("changed", changed);
        return Collections.unmodifiableMap(map);
    }

    /** "no findings", or counts such as "1 CRITICAL, 2 HIGH". */
    static String findingsText(Map<String, Integer> findings) {
        List<String> parts = findings.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getValue() + " " + e.getKey()).toList();
        return parts.isEmpty() ? "no findings" : String.join(", ", parts);
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
