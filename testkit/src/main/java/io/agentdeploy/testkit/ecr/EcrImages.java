package io.agentdeploy.testkit.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentdeploy.testkit.aws.AwsError;
import io.agentdeploy.testkit.aws.Json;
import io.agentdeploy.testkit.registry.RegistryClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** DescribeImages, BatchGetImage and PutImage, computed from and written to the real registry. */
final class EcrImages {

    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}");
    private static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

    private final EcrRegistry owner;
    private final RegistryClient registry;
    private final String accountId;
    /** The registry keeps no push time; the first time the double sees a digest is used in its place. */
    private final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();

    EcrImages(EcrRegistry owner) {
        this.owner = owner;
        this.registry = owner.client();
        this.accountId = owner.accountId();
    }

    ObjectNode describeImages(EcrRepository repository, JsonNode input) {
        Map<String, List<String>> tagsByDigest = tagsByDigest(repository.name());
        ArrayNode details = Json.MAPPER.createArrayNode();
        if (input.has("imageIds")) {
            for (JsonNode id : input.path("imageIds")) {
                String digest = resolve(repository.name(), id)
                        .orElseThrow(() -> imageNotFound(repository, id));
                details.add(detail(repository, digest, tagsByDigest.getOrDefault(digest, List.of())));
            }
        } else {
            // NOTE: the registry cannot list untagged manifests, so UNTAGGED finds nothing and ANY
            // finds only tagged images. One page; maxResults and nextToken are not honoured.
            String tagStatus = input.path("filter").path("tagStatus").asText("ANY");
            if (!tagStatus.equals("UNTAGGED")) {
                tagsByDigest.forEach((digest, tags) -> details.add(detail(repository, digest, tags)));
            }
        }
        ObjectNode output = Json.object();
        output.set("imageDetails", details);
        return output;
    }

    ObjectNode batchGetImage(EcrRepository repository, JsonNode input) {
        JsonNode ids = input.path("imageIds");
        if (!ids.isArray() || ids.isEmpty() || ids.size() > 100) {
            throw EcrDouble.invalidParameter("imageIds", "Member must have length between 1 and 100");
        }
        List<String> accepted = new ArrayList<>();
        input.path("acceptedMediaTypes").forEach(type -> accepted.add(type.asText()));
        ArrayNode images = Json.MAPPER.createArrayNode();
        ArrayNode failures = Json.MAPPER.createArrayNode();
        for (JsonNode id : ids) {
            String tag = id.path("imageTag").asText(null);
            String digest = id.path("imageDigest").asText(null);
            Optional<String> failure = checkId(repository.name(), tag, digest);
            if (failure.isPresent()) {
                failures.addObject().<ObjectNode>set("imageId", id.deepCopy())
                        .put("failureCode", failure.get()).put("failureReason", reason(failure.get()));
                continue;
            }
            Optional<RegistryClient.Manifest> manifest = registry.manifest(repository.name(), digest != null ? digest : tag);
            // NOTE: ECR converts schema 2 manifests to schema 1 when only that is accepted; the double
            // does not convert and reports the image as not found instead.
            if (manifest.isEmpty() || !accepted.isEmpty() && !accepted.contains(manifest.get().mediaType())) {
                failures.addObject().<ObjectNode>set("imageId", id.deepCopy())
                        .put("failureCode", "ImageNotFound").put("failureReason", reason("ImageNotFound"));
                continue;
            }
            ObjectNode image = images.addObject().put("registryId", accountId).put("repositoryName", repository.name());
            ObjectNode imageId = image.putObject("imageId").put("imageDigest", manifest.get().digest());
            if (tag != null) {
                imageId.put("imageTag", tag);
            }
            image.put("imageManifest", new String(manifest.get().content(), StandardCharsets.UTF_8))
                    .put("imageManifestMediaType", manifest.get().mediaType());
        }
        ObjectNode output = Json.object();
        output.set("images", images);
        output.set("failures", failures);
        return output;
    }

    /**
     * PutImage: stores a manifest under a tag (or untagged), after the checks ECR makes: the digest
     * matches, the tag does not already name this image, an immutable tag does not move, and the
     * referenced layers and images exist.
     */
    ObjectNode putImage(EcrRepository repository, JsonNode input) {
        String text = input.path("imageManifest").asText(null);
        if (text == null || text.isEmpty() || text.length() > MAX_MANIFEST_BYTES) {
            throw EcrDouble.invalidParameter("imageManifest", "Member must have length between 1 and "
                    + MAX_MANIFEST_BYTES);
        }
        byte[] content = text.getBytes(StandardCharsets.UTF_8);
        JsonNode manifest = Json.parse(content);
        String mediaType = input.path("imageManifestMediaType").asText(manifest.path("mediaType").asText(null));
        if (mediaType == null) {
            throw new AwsError(400, "InvalidParameterException", "Invalid parameter: the manifest has no mediaType;"
                    + " pass imageManifestMediaType");
        }
        String digest = "sha256:" + sha256(content);
        String requested = input.path("imageDigest").asText(null);
        if (requested != null && !requested.equals(digest)) {
            throw new AwsError(400, "ImageDigestDoesNotMatchException", "The image digest '" + requested
                    + "' does not match the digest of the manifest, '" + digest + "'");
        }
        String tag = input.path("imageTag").asText(null);
        Optional<String> current = registry.digest(repository.name(), tag != null ? tag : digest);
        if (current.isPresent() && current.get().equals(digest)) {
            throw new AwsError(400, "ImageAlreadyExistsException", "Image with digest '" + digest + "'"
                    + (tag == null ? "" : " and tag '" + tag + "'") + " already exists in the repository with name '"
                    + repository.name() + "' in registry with id '" + accountId + "'");
        }
        if (tag != null && current.isPresent() && repository.immutable()) {
            throw new AwsError(400, "ImageTagAlreadyExistsException", "The image tag '" + tag + "' already exists in"
                    + " the '" + repository.name() + "' repository and cannot be overwritten because the repository"
                    + " is immutable.");
        }
        store(repository, tag != null ? tag : digest, mediaType, content, manifest);
        if (repository.scanOnPush() && manifest.has("layers")) {
            owner.scans().start(repository.name(), digest);
        }
        ObjectNode output = Json.object();
        ObjectNode image = output.putObject("image").put("registryId", accountId).put("repositoryName", repository.name());
        ObjectNode imageId = image.putObject("imageId").put("imageDigest", digest);
        if (tag != null) {
            imageId.put("imageTag", tag);
        }
        image.put("imageManifest", text).put("imageManifestMediaType", mediaType);
        return output;
    }

    private void store(EcrRepository repository, String reference, String mediaType, byte[] content, JsonNode manifest) {
        var response = registry.putManifest(repository.name(), reference, mediaType, content);
        if (response.statusCode() == 201) {
            return;
        }
        String body = new String(response.body(), StandardCharsets.UTF_8);
        if (manifest.has("manifests")) {
            throw new AwsError(400, "ReferencedImagesNotFoundException", "Some of the images referenced by the"
                    + " manifest list do not exist in the repository with name '" + repository.name()
                    + "' in the registry with id '" + accountId + "': " + body);
        }
        List<String> missing = new ArrayList<>();
        JsonNode config = manifest.path("config").path("digest");
        if (!config.isMissingNode() && !registry.hasBlob(repository.name(), config.asText())) {
            missing.add(config.asText());
        }
        manifest.path("layers").forEach(layer -> {
            if (!registry.hasBlob(repository.name(), layer.path("digest").asText())) {
                missing.add(layer.path("digest").asText());
            }
        });
        if (!missing.isEmpty()) {
            throw new AwsError(400, "LayersNotFoundException", "Layers with digests '" + missing + "' required for"
                    + " pushing image into repository with name '" + repository.name() + "' in the registry with id '"
                    + accountId + "' do not exist");
        }
        throw new AwsError(400, "InvalidParameterException", "Invalid parameter: the registry refused the manifest: "
                + body);
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Optional<String> checkId(String repository, String tag, String digest) {
        if (tag == null && digest == null) {
            return Optional.of("MissingDigestAndTag");
        }
        if (digest != null && !DIGEST.matcher(digest).matches()) {
            return Optional.of("InvalidImageDigest");
        }
        if (tag != null && digest != null) {
            Optional<String> tagged = registry.digest(repository, tag);
            if (tagged.isPresent() && !tagged.get().equals(digest)) {
                return Optional.of("ImageTagDoesNotMatchDigest");
            }
        }
        return Optional.empty();
    }

    private static String reason(String code) {
        return switch (code) {
            case "MissingDigestAndTag" -> "Missing digest and tag";
            case "InvalidImageDigest" -> "Invalid image digest";
            case "ImageTagDoesNotMatchDigest" -> "Image tag does not match digest";
            default -> "Requested image not found";
        };
    }

    private Map<String, List<String>> tagsByDigest(String repository) {
        Map<String, List<String>> byDigest = new LinkedHashMap<>();
        for (String tag : registry.tags(repository)) {
            registry.digest(repository, tag)
                    .ifPresent(digest -> byDigest.computeIfAbsent(digest, d -> new ArrayList<>()).add(tag));
        }
        return byDigest;
    }

    private Optional<String> resolve(String repository, JsonNode id) {
        String digest = id.path("imageDigest").asText(null);
        String tag = id.path("imageTag").asText(null);
        if (digest == null && tag == null) {
            throw EcrDouble.invalidParameter("imageIds", "an image id needs imageDigest or imageTag");
        }
        return registry.digest(repository, digest != null ? digest : tag);
    }

    private ObjectNode detail(EcrRepository repository, String digest, List<String> tags) {
        RegistryClient.Manifest manifest = registry.manifest(repository.name(), digest).orElseThrow();
        ObjectNode detail = Json.object().put("registryId", accountId).put("repositoryName", repository.name())
                .put("imageDigest", digest);
        if (!tags.isEmpty()) {
            ArrayNode tagArray = detail.putArray("imageTags");
            tags.forEach(tagArray::add);
        }
        detail.put("imageSizeInBytes", manifest.imageSize())
                .put("imagePushedAt", EcrDouble.epochSeconds(firstSeen.computeIfAbsent(digest, d -> Instant.now())))
                .put("imageManifestMediaType", manifest.mediaType());
        JsonNode configMediaType = manifest.json().path("config").path("mediaType");
        if (!configMediaType.isMissingNode()) {
            detail.put("artifactMediaType", configMediaType.asText());
        }
        detail.put("imageStatus", "ACTIVE");
        return detail;
    }

    private AwsError imageNotFound(EcrRepository repository, JsonNode id) {
        return new AwsError(400, "ImageNotFoundException", "The image with imageId {imageDigest:'"
                + id.path("imageDigest").asText("null") + "', imageTag:'" + id.path("imageTag").asText("null")
                + "'} does not exist within the repository with name '" + repository.name()
                + "' in the registry with id '" + accountId + "'");
    }
}
