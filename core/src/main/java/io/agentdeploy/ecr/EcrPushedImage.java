package io.agentdeploy.ecr;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The first phase of a push, handed to the second: what was built and pushed, and what is left to
 * do (the scan gate and the tags that wait for it). Plain values only, so that a caller such as a
 * Jenkins step can keep it across a restart ({@link #toMap()} and {@link #fromMap(Map)} round-trip).
 *
 * @param repositoryName the repository name
 * @param repositoryUri {@code <account>.dkr.ecr.<region>.amazonaws.com/<name>}, or {@code host/name}
 * @param registryId the ECR account, or {@code null} for another registry
 * @param region the AWS region, or {@code null} for another registry
 * @param ecr whether the registry is ECR (scans and ECR settings apply)
 * @param imageDigest the digest the tags name: an image manifest or an image index
 * @param platforms the platforms the image really has, from its config or index
 * @param platformDigests platform to image manifest digest (one entry unless an index)
 * @param sizeBytes config plus compressed layers, summed over platforms
 * @param tags every requested tag, first one first
 * @param appliedTags tags that name the digest now
 * @param pendingTags tags to apply once the scan gate passed
 * @param previousDigests tags that named another image before this push, with that image's digest
 * @param scanOnPush whether the repository scans on push
 * @param created whether the repository was created
 * @param repositoryChanges settings created or changed, one sentence each
 * @param layersPushed layers uploaded
 * @param layersReused layers the registry already had
 * @param retries pushes and uploads repeated after transient failures
 * @param changed whether anything changed: the repository, or any tag
 * @param notes warnings worth keeping with the record
 */
public record EcrPushedImage(
        String repositoryName,
        String repositoryUri,
        String registryId,
        String region,
        boolean ecr,
        String imageDigest,
        List<String> platforms,
        Map<String, String> platformDigests,
        long sizeBytes,
        List<String> tags,
        List<String> appliedTags,
        List<String> pendingTags,
        Map<String, String> previousDigests,
        boolean scanOnPush,
        boolean created,
        List<String> repositoryChanges,
        int layersPushed,
        int layersReused,
        int retries,
        boolean changed,
        List<String> notes) implements Serializable {

    private static final long serialVersionUID = 1L;

    public EcrPushedImage {
        platforms = List.copyOf(platforms);
        platformDigests = Collections.unmodifiableMap(new LinkedHashMap<>(platformDigests));
        tags = List.copyOf(tags);
        appliedTags = List.copyOf(appliedTags);
        pendingTags = List.copyOf(pendingTags);
        previousDigests = Collections.unmodifiableMap(new LinkedHashMap<>(previousDigests));
        repositoryChanges = List.copyOf(repositoryChanges);
        notes = List.copyOf(notes);
    }

    /** {@code repositoryUri@imageDigest}. */
    public String imageRef() {
        return repositoryUri + "@" + imageDigest;
    }

    /** The value as plain values, in a stable order. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("repositoryName", repositoryName);
        map.put("repositoryUri", repositoryUri);
        map.put("registryId", registryId);
        map.put("region", region);
        map.put("ecr", ecr);
        map.put("imageDigest", imageDigest);
        map.put("platforms", platforms);
        map.put("platformDigests", platformDigests);
        map.put("sizeBytes", sizeBytes);
        map.put("tags", tags);
        map.put("appliedTags", appliedTags);
        map.put("pendingTags", pendingTags);
        map.put("previousDigests", previousDigests);
        map.put("scanOnPush", scanOnPush);
        map.put("created", created);
        map.put("repositoryChanges", repositoryChanges);
        map.put("layersPushed", layersPushed);
        map.put("layersReused", layersReused);
        map.put("retries", retries);
        map.put("changed", changed);
        map.put("notes", notes);
        return Collections.unmodifiableMap(map);
    }

    /**
     * Rebuilds the value from {@link #toMap()}, after it was stored as plain values.
     *
     * @throws IllegalArgumentException when a key is missing or of the wrong type
     */
    public static EcrPushedImage fromMap(Map<String, ?> map) {
        try {
            return new EcrPushedImage((String) map.get("repositoryName"), (String) map.get("repositoryUri"),
                    (String) map.get("registryId"), (String) map.get("region"), (Boolean) map.get("ecr"),
                    (String) map.get("imageDigest"), strings(map.get("platforms")), stringMap(map.get("platformDigests")),
                    ((Number) map.get("sizeBytes")).longValue(), strings(map.get("tags")),
                    strings(map.get("appliedTags")), strings(map.get("pendingTags")),
                    stringMap(map.get("previousDigests")), (Boolean) map.get("scanOnPush"), (Boolean) map.get("created"),
                    strings(map.get("repositoryChanges")), ((Number) map.get("layersPushed")).intValue(),
                    ((Number) map.get("layersReused")).intValue(), ((Number) map.get("retries")).intValue(),
                    (Boolean) map.get("changed"), strings(map.get("notes")));
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("Not a pushed image's map: " + e.getMessage(), e);
        }
    }

    private static List<String> strings(Object value) {
        List<String> list = new ArrayList<>();
        for (Object item : (List<?>) value) {
            list.add((String) item);
        }
        return list;
    }

    private static Map<String, String> stringMap(Object value) {
        Map<String, String> map = new LinkedHashMap<>();
        ((Map<?, ?>) value).forEach((key, item) -> map.put((String) key, (String) item));
        return map;
    }
}
