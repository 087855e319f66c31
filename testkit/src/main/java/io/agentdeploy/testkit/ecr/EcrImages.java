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

/** DescribeImages and BatchGetImage, computed from what the registry really stores. */
final class EcrImages {

    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}");

    private final RegistryClient registry;
    private final String accountId;
    /** The registry keeps no push time; the first time the double sees a digest is used in its place. */
    private final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();

    EcrImages(RegistryClient registry, String accountId) {
        this.registry = registry;
        this.accountId = accountId;
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
            if (manifest.isEmpty()) {
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
