package io.agentdeploy.testkit.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeploy.testkit.aws.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the registry directly (no gateway, no credentials): tags, manifests and their digests and
 * sizes. The ECR double and the image lookup use it to answer from what was really pushed.
 */
public final class RegistryClient {

    /** Manifest media types sent in {@code Accept}; without them the registry converts to schema 1. */
    public static final List<String> MANIFEST_MEDIA_TYPES = List.of(
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.index.v1+json");

    /**
     * A manifest as stored.
     *
     * @param digest the {@code Docker-Content-Digest} of the stored bytes
     * @param mediaType the manifest's media type
     * @param content the manifest bytes
     */
    public record Manifest(String digest, String mediaType, byte[] content) {

        /** Whether it is an image index or manifest list rather than a single image. */
        public boolean isIndex() {
            return mediaType.endsWith("manifest.list.v2+json") || mediaType.endsWith("image.index.v1+json");
        }

        /** Parses the manifest JSON. */
        public JsonNode json() {
            return Json.parse(content);
        }

        /**
         * The size ECR reports for an image: config plus compressed layers for an image manifest,
         * the sum of the referenced manifests' sizes for an index.
         */
        public long imageSize() {
            long size = 0;
            JsonNode json = json();
            if (isIndex()) {
                for (JsonNode child : json.path("manifests")) {
                    size += child.path("size").asLong();
                }
                return size;
            }
            size += json.path("config").path("size").asLong();
            for (JsonNode layer : json.path("layers")) {
                size += layer.path("size").asLong();
            }
            return size;
        }
    }

    private final URI endpoint;
    private final HttpClient http;

    /** @param endpoint the registry's own base URL, for example {@link RegistryServer#endpoint()} */
    public RegistryClient(URI endpoint) {
        this.endpoint = endpoint;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public URI endpoint() {
        return endpoint;
    }

    /** The tags of a repository; empty when the repository has none or does not exist. */
    public List<String> tags(String repository) {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri("/v2/" + repository + "/tags/list")).GET());
        List<String> tags = new ArrayList<>();
        if (response.statusCode() == 200) {
            Json.parse(response.body()).path("tags").forEach(tag -> tags.add(tag.asText()));
        }
        return tags;
    }

    /** The digest a tag or digest reference resolves to, from a HEAD with the manifest media types. */
    public Optional<String> digest(String repository, String reference) {
        HttpResponse<byte[]> response = send(manifestRequest(repository, reference).method("HEAD",
                HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() != 200) {
            return Optional.empty();
        }
        return response.headers().firstValue("Docker-Content-Digest");
    }

    /** The manifest a tag or digest names, or empty when the registry does not have it. */
    public Optional<Manifest> manifest(String repository, String reference) {
        HttpResponse<byte[]> response = send(manifestRequest(repository, reference).GET());
        if (response.statusCode() != 200) {
            return Optional.empty();
        }
        String digest = response.headers().firstValue("Docker-Content-Digest").orElseThrow();
        String mediaType = response.headers().firstValue("Content-Type").orElse(MANIFEST_MEDIA_TYPES.get(0));
        return Optional.of(new Manifest(digest, mediaType, response.body()));
    }

    /**
     * Stores a manifest under a tag or digest and returns the registry's response: the status, and
     * the error body when it refused (for example {@code MANIFEST_BLOB_UNKNOWN}).
     */
    public HttpResponse<byte[]> putManifest(String repository, String reference, String mediaType, byte[] content) {
        return send(HttpRequest.newBuilder(uri("/v2/" + repository + "/manifests/" + reference))
                .header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
    }

    /** Whether the repository has the blob. */
    public boolean hasBlob(String repository, String digest) {
        return send(HttpRequest.newBuilder(uri("/v2/" + repository + "/blobs/" + digest))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())).statusCode() == 200;
    }

    /** Deletes a manifest by digest; returns whether the registry had it. */
    public boolean deleteManifest(String repository, String digest) {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri("/v2/" + repository + "/manifests/" + digest))
                .DELETE());
        return response.statusCode() == 202;
    }

    private HttpRequest.Builder manifestRequest(String repository, String reference) {
        return HttpRequest.newBuilder(uri("/v2/" + repository + "/manifests/" + reference))
                .header("Accept", String.join(", ", MANIFEST_MEDIA_TYPES));
    }

    private URI uri(String path) {
        return endpoint.resolve(path);
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("The registry at " + endpoint + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling the registry", e);
        }
    }
}
