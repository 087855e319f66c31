package io.agentdeploy.testkit.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Pushes small images with the registry API directly, for tests that need no Docker daemon. */
public final class RegistryTestImages {

    public static final String MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json";

    private final URI endpoint;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** @param authorization the Authorization header value, or {@code null} to send none */
    public RegistryTestImages(URI endpoint, String authorization) {
        this.endpoint = endpoint;
        this.authorization = authorization;
    }

    /** Uploads a layer and a config and puts a manifest under the tag; returns the manifest digest. */
    public String push(String repository, String tag, byte[] layer) throws IOException, InterruptedException {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[\"" + digest(layer) + "\"]}}").getBytes(StandardCharsets.UTF_8);
        uploadBlob(repository, layer);
        uploadBlob(repository, config);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST_V2 + "\","
                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":"
                + config.length + ",\"digest\":\"" + digest(config) + "\"},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":"
                + layer.length + ",\"digest\":\"" + digest(layer) + "\"}]}";
        HttpResponse<String> put = send(request("/v2/" + repository + "/manifests/" + tag)
                .header("Content-Type", MANIFEST_V2)
                .PUT(HttpRequest.BodyPublishers.ofString(manifest)));
        if (put.statusCode() != 201) {
            throw new IOException("PUT manifest returned " + put.statusCode() + ": " + put.body());
        }
        return put.headers().firstValue("Docker-Content-Digest").orElseThrow();
    }

    /** Uploads one blob monolithically and returns its digest. */
    public String uploadBlob(String repository, byte[] blob) throws IOException, InterruptedException {
        HttpResponse<String> start = send(request("/v2/" + repository + "/blobs/uploads/")
                .POST(HttpRequest.BodyPublishers.noBody()));
        if (start.statusCode() != 202) {
            throw new IOException("POST upload returned " + start.statusCode() + ": " + start.body());
        }
        String location = start.headers().firstValue("Location").orElseThrow();
        String digest = digest(blob);
        String separator = location.contains("?") ? "&" : "?";
        HttpResponse<String> put = send(request(location + separator + "digest=" + digest)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(blob)));
        if (put.statusCode() != 201) {
            throw new IOException("PUT upload returned " + put.statusCode() + ": " + put.body());
        }
        return digest;
    }

    public HttpRequest.Builder request(String pathOrUrl) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint.resolve(pathOrUrl));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static String digest(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
