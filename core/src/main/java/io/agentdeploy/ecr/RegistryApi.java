package io.agentdeploy.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentdeploy.progress.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
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
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The OCI distribution API of one registry, called with the JDK HTTP client: manifests by tag or
 * digest, blob checks, cross-repository mounts and streamed blob uploads. Every manifest request
 * sends the manifest media types in {@code Accept}, because a registry answers a request without
 * them with a converted schema 1 manifest whose digest differs.
 *
 * <p>Failures are handled here once: a 401 renews the login through {@link RegistryAuth} (or fetches
 * a bearer token when the registry asks for one) and repeats the call; throttling, 5xx and dropped
 * connections are retried with exponential backoff, each retry reported as a warning.
 */
final class RegistryApi {

    static final List<String> MANIFEST_MEDIA_TYPES = List.of(
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.index.v1+json");
    private static final Set<Integer> TRANSIENT = Set.of(408, 429, 500, 502, 503, 504);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final long FIRST_BACKOFF_MILLIS = 500;
    private static final long MAX_BACKOFF_MILLIS = 8000;

    /**
     * A stored manifest.
     *
     * @param digest its digest, checked against the bytes received
     * @param mediaType its media type
     * @param content its bytes, exactly as stored
     */
    record Manifest(String digest, String mediaType, byte[] content) {

        JsonNode json() {
            try {
                return JSON.readTree(content);
            } catch (IOException e) {
                return JSON.createObjectNode();
            }
        }

        boolean isIndex() {
            return mediaType.endsWith("manifest.list.v2+json") || mediaType.endsWith("image.index.v1+json");
        }

        /** Config plus layers for an image, the referenced manifests' sizes for an index. */
        long contentSize() {
            JsonNode json = json();
            long size = 0;
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

    /** Opens a stream of blob bytes; called again for each attempt of an upload. */
    @FunctionalInterface
    interface BlobSource {
        InputStream open() throws IOException;
    }

    private final RegistryAuth auth;
    private final DockerErrors errors;
    private final ProgressListener listener;
    private final int maxAttempts;
    private final HttpClient http;
    private final BearerTokens bearer;
    private final AtomicInteger retries = new AtomicInteger();

    RegistryApi(RegistryAuth auth, DockerErrors errors, ProgressListener listener, int maxAttempts) {
        this.auth = auth;
        this.errors = errors;
        this.listener = listener;
        this.maxAttempts = maxAttempts;
        // Redirects are followed by hand: blob downloads from ECR redirect to S3, which must not get our login.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.bearer = new BearerTokens(http);
    }

    /** {@code host[:port]} of the registry, as image references name it. */
    String host() {
        return auth.current().host();
    }

    /** Retries made so far, after throttling, server errors and dropped connections. */
    int retries() {
        return retries.get();
    }

    /** The digest a tag or digest names, or empty when the registry does not have it. */
    Optional<String> digestOf(String repository, String reference) {
        HttpResponse<byte[]> response = call("HEAD", manifestPath(repository, reference), repository,
                builder -> builder.method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Accept", accept()));
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        requireStatus(response, 200, "HEAD " + manifestPath(repository, reference));
        return Optional.of(response.headers().firstValue("Docker-Content-Digest").orElseThrow(() ->
                errors.exception("The registry responded to HEAD " + manifestPath(repository, reference)
                        + " without a Docker-Content-Digest header, so the digest cannot be confirmed.", null, null)));
    }

    /** The manifest a tag or digest names, with its bytes checked against its digest; empty when missing. */
    Optional<Manifest> manifest(String repository, String reference) {
        String path = manifestPath(repository, reference);
        HttpResponse<byte[]> response = call("GET", path, repository,
                builder -> builder.GET().header("Accept", accept()));
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        requireStatus(response, 200, "GET " + path);
        String digest = "sha256:" + sha256(response.body());
        String expected = reference.startsWith("sha256:") ? reference
                : response.headers().firstValue("Docker-Content-Digest").orElse(digest);
        if (!digest.equals(expected)) {
            throw errors.exception("The registry returned a manifest for " + expected + " whose bytes hash to "
                    + digest + "; the registry may have converted it. Report this with the registry's name.", null,
                    null);
        }
        String mediaType = response.headers().firstValue("Content-Type").orElse(MANIFEST_MEDIA_TYPES.get(0));
        return Optional.of(new Manifest(digest, mediaType.replaceFirst(";.*", "").trim(), response.body()));
    }

    /** Stores a manifest under a tag or digest and returns its digest as the registry computed it. */
    String putManifest(String repository, String reference, String mediaType, byte[] content) {
        String path = manifestPath(repository, reference);
        HttpResponse<byte[]> response = call("PUT", path, repository, builder -> builder
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).header("Content-Type", mediaType));
        requireStatus(response, 201, "PUT " + path);
        String digest = "sha256:" + sha256(content);
        String stored = response.headers().firstValue("Docker-Content-Digest").orElse(digest);
        if (!stored.equals(digest)) {
            throw errors.exception("The registry stored the manifest of " + repository + ":" + reference + " as "
                    + stored + ", not " + digest + ". Report this with the registry's name.", null, null);
        }
        return digest;
    }

    /** Whether the repository has the blob. */
    boolean hasBlob(String repository, String digest) {
        String path = "/v2/" + repository + "/blobs/" + digest;
        HttpResponse<byte[]> response = call("HEAD", path, repository,
                builder -> builder.method("HEAD", HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() == 404) {
            return false;
        }
        // ECR and others may answer a blob HEAD with a redirect to the storage; the blob exists then.
        if (response.statusCode() / 100 == 3) {
            return true;
        }
        requireStatus(response, 200, "HEAD " + path);
        return true;
    }

    /**
     * Asks the registry to link a blob from another repository of the same registry, without any
     * blob bytes passing through this process.
     *
     * @return whether the blob is now in {@code repository}; false when the registry did not mount it
     */
    boolean mountBlob(String repository, String digest, String fromRepository) {
        String path = "/v2/" + repository + "/blobs/uploads/?mount=" + digest + "&from=" + fromRepository;
        HttpResponse<byte[]> response = call("POST", path, repository,
                builder -> builder.POST(HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() == 201) {
            return true;
        }
        // 202 opened an upload session instead of mounting; it is left to expire unused.
        requireStatus(response, 202, "POST " + path);
        return false;
    }

    /**
     * Uploads a blob of known size with a streamed body: POST to open the upload, one PATCH with the
     * bytes, PUT with the digest to finish (the sequence every registry accepts). The source is
     * opened again for each attempt.
     */
    void uploadBlob(String repository, String digest, long size, BlobSource source) {
        String path = "/v2/" + repository + "/blobs/uploads/";
        attempt("upload of blob " + digest + " to " + repository, () -> {
            HttpResponse<byte[]> opened = send("POST", path, repository,
                    builder -> builder.POST(HttpRequest.BodyPublishers.noBody()));
            requireStatus(opened, 202, "POST " + path);
            URI location = location(opened, path);
            HttpResponse<byte[]> patched = send("PATCH", location.getRawPath(), repository, builder -> builder
                    .uri(location)
                    .method("PATCH", HttpRequest.BodyPublishers.fromPublisher(
                            HttpRequest.BodyPublishers.ofInputStream(() -> open(source)), size))
                    .header("Content-Type", "application/octet-stream"));
            requireStatus(patched, 202, "PATCH " + path);
            URI next = location(patched, path);
            String separator = next.getRawQuery() == null ? "?" : "&";
            URI finish = URI.create(next + separator + "digest=" + digest);
            HttpResponse<byte[]> finished = send("PUT", finish.getRawPath(), repository, builder -> builder
                    .uri(finish).PUT(HttpRequest.BodyPublishers.noBody()));
            requireStatus(finished, 201, "PUT " + path + "<upload>?digest=" + digest);
            return finished;
        });
    }

    /**
     * Opens a blob for reading. A redirect (ECR sends blob downloads to S3) is followed without the
     * registry login, because the redirect URL carries its own signature.
     */
    InputStream openBlob(String repository, String digest) throws IOException {
        String path = "/v2/" + repository + "/blobs/" + digest;
        HttpResponse<InputStream> response = attempt("download of blob " + digest + " from " + repository, () -> {
            HttpResponse<InputStream> first = sendStreaming(request(path, repository).GET().build());
            if (first.statusCode() == 401 && auth.renew().isPresent()) {
                closeQuietly(first.body());
                first = sendStreaming(request(path, repository).GET().build());
            }
            if (first.statusCode() / 100 == 3) {
                closeQuietly(first.body());
                String location = first.headers().firstValue("Location").orElseThrow(() -> errors.exception(
                        "The registry redirected GET " + path + " without a Location header.", null, null));
                return sendStreaming(HttpRequest.newBuilder(endpoint().resolve(location)).timeout(TIMEOUT).GET()
                        .build());
            }
            return first;
        });
        if (response.statusCode() != 200) {
            String body = new String(response.body().readNBytes(2000), StandardCharsets.UTF_8);
            response.body().close();
            throw failure(response.statusCode(), "GET " + path, body);
        }
        return response.body();
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // Nothing was read from it; the connection is dropped either way.
        }
    }

    private InputStream open(BlobSource source) {
        try {
            return source.open();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private HttpResponse<InputStream> sendStreaming(HttpRequest request) {
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (TRANSIENT.contains(response.statusCode())) {
                closeQuietly(response.body());
                throw new TransientFailure("HTTP " + response.statusCode());
            }
            return response;
        } catch (IOException e) {
            throw new TransientFailure(e.toString());
        } catch (InterruptedException e) {
            throw errors.interrupted("reading from the registry at " + endpoint());
        }
    }

    /** Sends a request with retries for transient failures. */
    private HttpResponse<byte[]> call(String method, String path, String repository,
            java.util.function.UnaryOperator<HttpRequest.Builder> shape) {
        return attempt(method + " " + path, () -> send(method, path, repository, shape));
    }

    /**
     * Sends a request once, with the current credentials; a 401 renews them (or gets a bearer token)
     * and sends it once more. Transient statuses become a {@link TransientFailure}.
     */
    private HttpResponse<byte[]> send(String method, String path, String repository,
            java.util.function.UnaryOperator<HttpRequest.Builder> shape) {
        HttpResponse<byte[]> response = exchange(shape.apply(request(path, repository)).build());
        if (response.statusCode() == 401) {
            String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
            if (challenge.regionMatches(true, 0, "Bearer ", 0, 7)) {
                bearer.fetch(challenge, auth.current(), repository);
            } else if (auth.renew().isEmpty()) {
                return response;
            }
            response = exchange(shape.apply(request(path, repository)).build());
        }
        if (TRANSIENT.contains(response.statusCode())) {
            throw new TransientFailure("HTTP " + response.statusCode());
        }
        return response;
    }

    private HttpResponse<byte[]> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new TransientFailure(e.toString());
        } catch (InterruptedException e) {
            throw errors.interrupted(request.method() + " " + request.uri().getPath());
        }
    }

    private HttpRequest.Builder request(String path, String repository) {
        String authorization = bearer.header(repository).orElse(auth.current().basicAuthorization());
        return HttpRequest.newBuilder(endpoint().resolve(path)).timeout(TIMEOUT).header("Authorization", authorization);
    }

    private <T> T attempt(String action, java.util.function.Supplier<T> call) {
        long backoff = FIRST_BACKOFF_MILLIS;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (TransientFailure e) {
                if (attempt >= maxAttempts) {
                    throw errors.exception("The registry at " + endpoint() + " failed " + action + " " + maxAttempts
                            + " times, last with " + e.getMessage() + ". Check the registry and the network, then"
                            + " try again.", "REGISTRY_UNAVAILABLE", null);
                }
                retries.incrementAndGet();
                listener.warning("Retrying registry " + action + " (attempt " + (attempt + 1) + " of " + maxAttempts
                        + ") after " + e.getMessage() + ".");
                sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }
    }

    private URI endpoint() {
        return auth.current().endpoint();
    }

    private URI location(HttpResponse<byte[]> response, String path) {
        String location = response.headers().firstValue("Location").orElseThrow(() -> errors.exception(
                "The registry answered " + path + " without a Location header for the upload.", null, null));
        return endpoint().resolve(location);
    }

    private void requireStatus(HttpResponse<byte[]> response, int expected, String call) {
        if (response.statusCode() != expected) {
            throw failure(response.statusCode(), call, new String(response.body(), StandardCharsets.UTF_8).strip());
        }
    }

    private EcrException failure(int status, String call, String body) {
        String detail = body.isEmpty() ? "" : " (" + (body.length() > 500 ? body.substring(0, 500) + "…" : body) + ")";
        if ((status == 401 || status == 403) && auth.current().username() == null) {
            return errors.exception("The registry " + auth.current().host() + " requires a login, and none was given,"
                    + " on " + call + " with HTTP " + status + detail + ". Set the registry user name and password.",
                    "HTTP_" + status, null);
        }
        if (status == 401 || status == 403) {
            RegistryCredentials credentials = auth.current();
            return errors.exception("The registry " + credentials.host() + " rejected the login of "
                    + credentials.username() + (credentials.expiresAt() == null ? ""
                    : " (valid until " + credentials.expiresAt() + ")") + " on " + call + " with HTTP " + status
                    + detail + ". Check that the credentials may read and write the repository.",
                    "HTTP_" + status, null);
        }
        return errors.exception("The registry " + auth.current().host() + " responded to " + call + " with HTTP "
                + status + detail + ".", "HTTP_" + status, null);
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw errors.interrupted("waiting to retry a registry call");
        }
    }

    private static String accept() {
        return String.join(", ", MANIFEST_MEDIA_TYPES);
    }

    private static String manifestPath(String repository, String reference) {
        return "/v2/" + repository + "/manifests/" + reference;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    /** A failure worth another attempt: throttling, a server error or a dropped connection. */
    static final class TransientFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TransientFailure(String message) {
            super(message, null, false, false);
        }
    }
}
