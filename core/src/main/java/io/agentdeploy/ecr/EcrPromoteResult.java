package io.agentdeploy.ecr;

import io.agentdeploy.report.Layer;
import io.agentdeploy.report.LayerResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a promotion did. {@link #imageDigest()} is the source's digest, unchanged: the image tested
 * is the image deployed.
 *
 * @param sourceRef the source, {@code repositoryUri@digest}
 * @param repositoryName the target repository
 * @param repositoryUri the target repository's URI
 * @param registryId the target account
 * @param region the target region
 * @param imageDigest the digest, the same in source and target
 * @param imageRef the target {@code repositoryUri@imageDigest}, what later layers deploy
 * @param tags the target tags that now name the image
 * @param created whether the target repository was created
 * @param blobsCopied blobs streamed from the source registry to the target
 * @param blobsMounted blobs the target registry linked from the source repository
 * @param blobsPresent blobs the target repository had already
 * @param bytesCopied bytes streamed
 * @param previousDigests target tags that named another image before, with that image's digest
 * @param changed whether any target tag was created or moved, or the repository created
 */
public record EcrPromoteResult(
        String sourceRef,
        String repositoryName,
        String repositoryUri,
        String registryId,
        String region,
        String imageDigest,
        String imageRef,
        List<String> tags,
        boolean created,
        int blobsCopied,
        int blobsMounted,
        int blobsPresent,
        long bytesCopied,
        Map<String, String> previousDigests,
        boolean changed) implements LayerResult {

    public EcrPromoteResult {
        tags = List.copyOf(tags);
        previousDigests = Collections.unmodifiableMap(new LinkedHashMap<>(previousDigests));
    }

    @Override
    public Layer layer() {
        return Layer.ECR;
    }

    @Override
    public String target() {
        return repositoryUri;
    }

    /** For example "promoted sha256:ab12… as prod (2 blobs copied, 3.4 MB; 1 mounted, 4 present)". */
    @Override
    public String summary() {
        return (changed ? "promoted " : "unchanged: ") + ImageDigests.shortForm(imageDigest)
                + (changed ? " as " : " already tagged ") + String.join(", ", tags) + " (" + blobsCopied
                + " blobs copied, " + EcrPushResult.formatSize(bytesCopied) + "; " + blobsMounted + " mounted, "
                + blobsPresent + " present)";
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("sourceRef", sourceRef);
        map.put("repositoryName", repositoryName);
        map.put("repositoryUri", repositoryUri);
        map.put("registryId", registryId);
        map.put("region", region);
        map.put("imageDigest", imageDigest);
        map.put("imageRef", imageRef);
        map.put("tags", tags);
        map.put("created", created);
        map.put("blobsCopied", blobsCopied);
        map.put("blobsMounted", blobsMounted);
        map.put("blobsPresent", blobsPresent);
        map.put("bytesCopied", bytesCopied);
        map.put("previousDigests", previousDigests);
        map.put("changed", changed);
        return Collections.unmodifiableMap(map);
    }
}
