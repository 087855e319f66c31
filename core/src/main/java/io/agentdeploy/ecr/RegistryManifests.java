package io.agentdeploy.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Reads manifests from the registry API ({@code /v2/<name>/manifests/<reference>}) with the push's
 * Basic credentials: the digest a tag names, and the stored manifest's size. Every request sends the
 * manifest media types in {@code Accept}, because a registry responds to a request without them with a
 * converted schema 1 manifest whose digest differs from the pushed one.
 */
final class RegistryManifests {

    static final List<String> MANIFEST_MEDIA_TYPES = List.of(
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.index.v1+json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /**
     * A stored manifest.
     *
     * @param digest its digest, checked against the bytes received
     * @param mediaType its media type
     * @param sizeBytes config plus layers for an image, the referenced manifests' sizes for an index
     */
    record Summary(String digest, String mediaType, long sizeBytes) {
    }

    private final RegistryCredentials credentials;
    private final String repository;
    private final DockerErrors errors;
    private final HttpClient http;

    RegistryManifests(RegistryCredentials credentials, String repository, DockerErrors errors) {
        this.credentials = credentials;
        this.repository = repository;
        this.errors = errors;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The digest {@code reference} (a tag) names now, or empty when the registry has no such tag. */
    Optional<String> digestOf(String reference) {
        HttpResponse<byte[]> response = send("HEAD", reference);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        requireOk(response, reference);
        return Optional.of(response.headers().firstValue("Docker-Content-Digest").orElseThrow(() ->
                errors.exception("The registry responded to HEAD " + path(reference) + " without a Docker-Content-Digest"
                        + " header, so the pushed digest cannot be confirmed.", null, null)));
    }

    /** Reads the manifest stored under {@code digest} and checks that its bytes hash to that digest. */
    Summary summary(String digest) {
        HttpResponse<byte[]> response = send("GET", digest);
        requireOk(response, digest);
        String actual = "sha256:" + sha256(response.body());
        if (!actual.equals(digest)) {
            throw errors.exception("The registry returned a manifest for " + digest + " whose bytes hash to " + actual
                    + "; the registry may have converted it. Report this with the registry's name.", null, null);
        }
        String mediaType = response.headers().firstValue("Content-Type").orElse(MANIFEST_MEDIA_TYPES.get(0));
        return new Summary(digest, mediaType, size(response.body()));
    }

    private static long size(byte[] manifest) {
        JsonNode json;
        try {
            json = JSON.readTree(manifest);
        } catch (IOException e) {
            return 0;
        }
        long size = 0;
        if (json.has("manifests")) {
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

    private HttpResponse<byte[]> send(String method, String reference) {
        HttpRequest request = HttpRequest.newBuilder(credentials.endpoint().resolve(path(reference)))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Accept", String.join(", ", MANIFEST_MEDIA_TYPES))
                .header("Authorization", credentials.basicAuthorization())
                .timeout(TIMEOUT)
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw errors.exception("The registry at " + credentials.endpoint() + " could not be reached for "
                    + method + " " + path(reference) + ": " + e.getMessage() + ". Check the network and push again.",
                    null, e);
        } catch (InterruptedException e) {
            throw errors.interrupted("reading the manifest of " + repository + ":" + reference);
        }
    }

    private void requireOk(HttpResponse<byte[]> response, String reference) {
        if (response.statusCode() == 200) {
            return;
        }
        String body = new String(response.body(), StandardCharsets.UTF_8).strip();
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw errors.exception("The registry rejected the login from GetAuthorizationToken (valid until "
                    + credentials.expiresAt() + ") on " + response.request().method() + " " + path(reference)
                    + " with HTTP " + response.statusCode() + (body.isEmpty() ? "" : " (" + body + ")")
                    + ". The token may have expired, or the credentials lack ecr:BatchGetImage; push again.",
                    "HTTP_" + response.statusCode(), null);
        }
        throw errors.exception("The registry responded to " + response.request().method() + " " + path(reference)
                + " with HTTP " + response.statusCode() + (body.isEmpty() ? "" : " (" + body + ")")
                + ". The pushed manifest could not be read back.", "HTTP_" + response.statusCode(), null);
    }

    private String path(String reference) {
        return "/v2/" + repository + "/manifests/" + reference;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
