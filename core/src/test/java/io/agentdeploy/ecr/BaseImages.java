package io.agentdeploy.ecr;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Multi-platform base images made from local material and written straight into a registry
 * without credentials: one layer with the static busybox (and a tiny RISC-V program that this
 * machine cannot run), and one config per platform. The busybox is an amd64 program in every
 * variant; only the config says otherwise, which is all a build without RUN steps looks at.
 */
final class BaseImages {

    static final String MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final String MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI registry;
    private final HttpClient http = HttpClient.newHttpClient();

    /** @param registry the base URL of a registry that needs no login */
    BaseImages(URI registry) {
        this.registry = registry;
    }

    /** Writes {@code repository:tag} as an index over the given architectures (linux) and returns its digest. */
    String push(String repository, String tag, List<String> architectures) {
        byte[] layerTar = layer();
        String diffId = "sha256:" + sha256(layerTar);
        byte[] layer = gzip(layerTar);
        String layerDigest = blob(repository, layer);
        ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", MANIFEST_LIST);
        ArrayNode entries = index.putArray("manifests");
        for (String architecture : architectures) {
            ObjectNode config = JSON.createObjectNode().put("architecture", architecture).put("os", "linux");
            config.putObject("config").putArray("Cmd").add("/bin/busybox").add("sh");
            ObjectNode rootfs = config.putObject("rootfs").put("type", "layers");
            rootfs.putArray("diff_ids").add(diffId);
            byte[] configBytes = config.toString().getBytes(StandardCharsets.UTF_8);
            String configDigest = blob(repository, configBytes);
            ObjectNode manifest = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", MANIFEST);
            manifest.putObject("config").put("mediaType", "application/vnd.docker.container.image.v1+json")
                    .put("size", configBytes.length).put("digest", configDigest);
            manifest.putArray("layers").addObject().put("mediaType", "application/vnd.docker.image.rootfs.diff.tar.gzip")
                    .put("size", layer.length).put("digest", layerDigest);
            byte[] manifestBytes = manifest.toString().getBytes(StandardCharsets.UTF_8);
            String digest = put(repository, tag + "-" + architecture, MANIFEST, manifestBytes);
            entries.addObject().put("mediaType", MANIFEST).put("size", manifestBytes.length).put("digest", digest)
                    .putObject("platform").put("architecture", architecture).put("os", "linux");
        }
        return put(repository, tag, MANIFEST_LIST, index.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] layer() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            byte[] busybox = Files.readAllBytes(DockerTestSupport.BUSYBOX);
            add(tar, "bin/busybox", busybox);
            add(tar, "bin/foreign", riscvProgram());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void add(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        entry.setMode(0755);
        entry.setModTime(0);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    /** An ELF header for a 64-bit RISC-V executable: the kernel here refuses it with "exec format error". */
    private static byte[] riscvProgram() {
        byte[] elf = new byte[64];
        byte[] ident = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
        System.arraycopy(ident, 0, elf, 0, ident.length);
        elf[16] = 2;          // e_type: executable
        elf[18] = (byte) 243; // e_machine: RISC-V
        elf[20] = 1;          // e_version
        elf[52] = 64;         // e_ehsize
        return elf;
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private String blob(String repository, byte[] content) {
        String digest = "sha256:" + sha256(content);
        HttpResponse<byte[]> opened = send(HttpRequest.newBuilder(registry.resolve("/v2/" + repository
                + "/blobs/uploads/")).POST(HttpRequest.BodyPublishers.noBody()));
        String location = opened.headers().firstValue("Location").orElseThrow();
        URI upload = registry.resolve(location);
        String separator = upload.getRawQuery() == null ? "?" : "&";
        HttpResponse<byte[]> done = send(HttpRequest.newBuilder(URI.create(upload + separator + "digest=" + digest))
                .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
        if (done.statusCode() != 201) {
            throw new IllegalStateException("Blob upload failed: " + done.statusCode());
        }
        return digest;
    }

    private String put(String repository, String reference, String mediaType, byte[] content) {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(registry.resolve("/v2/" + repository
                + "/manifests/" + reference)).header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
        if (response.statusCode() != 201) {
            throw new IllegalStateException("Manifest upload failed: " + response.statusCode() + " "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.headers().firstValue("Docker-Content-Digest").orElseThrow();
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
