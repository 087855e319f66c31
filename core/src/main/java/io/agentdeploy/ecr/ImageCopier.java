package io.agentdeploy.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeploy.progress.ProgressListener;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Copies an image's content (config and layer blobs, and for an index the image manifests it lists)
 * from one repository to another through the registry API. Blobs the target has are skipped; within
 * one registry the target mounts them from the source, so no bytes pass through this process; between
 * registries the bytes are streamed from the source's response into the target's upload, checked
 * against their digest, and never stored on disk or given to a Docker daemon.
 */
final class ImageCopier {

    private static final long PROGRESS_INTERVAL_MILLIS = 3000;

    /** Counts of a copy: blobs streamed, mounted and already present, and the bytes streamed. */
    static final class Counts {
        int copied;
        int mounted;
        int present;
        long bytes;
    }

    private final RegistryApi source;
    private final RegistryApi target;
    private final boolean sameRegistry;
    private final ProgressListener listener;
    private final DockerErrors errors;
    private final Counts counts = new Counts();
    private long lastProgress;

    ImageCopier(RegistryApi source, RegistryApi target, boolean sameRegistry, ProgressListener listener,
            DockerErrors errors) {
        this.source = source;
        this.target = target;
        this.sameRegistry = sameRegistry;
        this.listener = listener;
        this.errors = errors;
    }

    /**
     * Copies everything the manifest refers to; the manifest itself is left to the caller (an index's
     * image manifests are copied, by digest).
     */
    Counts copy(String sourceRepository, String targetRepository, RegistryApi.Manifest manifest) {
        if (manifest.isIndex()) {
            for (JsonNode child : manifest.json().path("manifests")) {
                String digest = child.path("digest").asText();
                RegistryApi.Manifest image = source.manifest(sourceRepository, digest).orElseThrow(() ->
                        errors.exception("The image index " + manifest.digest() + " in " + sourceRepository
                                + " lists " + digest + ", which the repository does not have.", "MANIFEST_UNKNOWN",
                                null));
                copyBlobs(sourceRepository, targetRepository, image);
                if (target.digestOf(targetRepository, digest).isEmpty()) {
                    target.putManifest(targetRepository, digest, image.mediaType(), image.content());
                }
            }
        } else {
            copyBlobs(sourceRepository, targetRepository, manifest);
        }
        return counts;
    }

    private void copyBlobs(String sourceRepository, String targetRepository, RegistryApi.Manifest image) {
        JsonNode json = image.json();
        copyBlob(sourceRepository, targetRepository, json.path("config"));
        for (JsonNode layer : json.path("layers")) {
            copyBlob(sourceRepository, targetRepository, layer);
        }
    }

    private void copyBlob(String sourceRepository, String targetRepository, JsonNode descriptor) {
        String digest = descriptor.path("digest").asText();
        long size = descriptor.path("size").asLong();
        if (target.hasBlob(targetRepository, digest)) {
            counts.present++;
            listener.debug("Blob " + ImageDigests.shortForm(digest) + " is in " + targetRepository + " already.");
            return;
        }
        if (sameRegistry && target.mountBlob(targetRepository, digest, sourceRepository)) {
            counts.mounted++;
            listener.debug("Mounted blob " + ImageDigests.shortForm(digest) + " from " + sourceRepository + ".");
            return;
        }
        target.uploadBlob(targetRepository, digest, size, () -> new Verified(source.openBlob(sourceRepository, digest),
                digest));
        counts.copied++;
        counts.bytes += size;
        listener.debug("Copied blob " + ImageDigests.shortForm(digest) + " (" + EcrPushResult.formatSize(size) + ").");
        long now = System.currentTimeMillis();
        if (now - lastProgress >= PROGRESS_INTERVAL_MILLIS) {
            lastProgress = now;
            listener.progress("Copied " + counts.copied + " blobs (" + EcrPushResult.formatSize(counts.bytes) + "), "
                    + counts.mounted + " mounted, " + counts.present + " present");
        }
    }

    /** Passes bytes through and fails at the end when they do not hash to the expected digest. */
    private static final class Verified extends FilterInputStream {
        private final String expected;
        private final MessageDigest sha256;
        private boolean checked;

        Verified(InputStream in, String expected) {
            super(in);
            this.expected = expected;
            try {
                this.sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("Every Java runtime has SHA-256", e);
            }
        }

        @Override
        public int read() throws IOException {
            int value = super.read();
            if (value >= 0) {
                sha256.update((byte) value);
            } else {
                check();
            }
            return value;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            if (read > 0) {
                sha256.update(buffer, offset, read);
            } else if (read < 0) {
                check();
            }
            return read;
        }

        private void check() throws IOException {
            if (checked) {
                return;
            }
            checked = true;
            String actual = "sha256:" + HexFormat.of().formatHex(sha256.digest());
            if (!actual.equals(expected)) {
                throw new IOException("the source sent bytes that hash to " + actual + " for blob " + expected);
            }
        }
    }
}
