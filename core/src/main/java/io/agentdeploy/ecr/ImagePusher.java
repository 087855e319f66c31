package io.agentdeploy.ecr;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PushResponseItem;
import io.agentdeploy.progress.ProgressListener;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pushes the tagged image through the daemon, one tag after the other, with the registry login as
 * the push's AuthConfig. Counts uploaded and reused layers, reports upload progress at most every
 * {@link #PROGRESS_INTERVAL_MILLIS} ms, and reads the manifest digest from the push stream.
 */
final class ImagePusher {

    static final long PROGRESS_INTERVAL_MILLIS = 1000;

    /**
     * The pushes' report.
     *
     * @param digest the manifest digest from the push stream's aux record, or {@code null} when none came
     * @param layersPushed layers uploaded
     * @param layersReused layers the registry already had or mounted
     */
    record Outcome(String digest, int layersPushed, int layersReused) {
    }

    private final DockerClient docker;
    private final ProgressListener listener;
    private final DockerErrors errors;

    ImagePusher(DockerClient docker, ProgressListener listener, DockerErrors errors) {
        this.docker = docker;
        this.listener = listener;
        this.errors = errors;
    }

    /**
     * @param localRepository {@code <registry host>/<repository>}, as the image was tagged
     * @param tags the tags to push
     */
    Outcome push(String localRepository, List<String> tags, RegistryCredentials credentials) {
        AuthConfig auth = new AuthConfig()
                .withUsername(credentials.username())
                .withPassword(credentials.password())
                .withRegistryAddress(credentials.endpoint().toString());
        Layers layers = new Layers();
        String digest = null;
        for (String tag : tags) {
            // A docker-java callback completes once, so every push gets its own.
            PushOutput output = new PushOutput(layers);
            try {
                docker.pushImageCmd(localRepository).withTag(tag).withAuthConfig(auth).exec(output).awaitCompletion();
            } catch (InterruptedException e) {
                throw errors.interrupted("pushing " + localRepository + ":" + tag);
            } catch (RuntimeException e) {
                if (output.error == null) {
                    throw errors.translate(e, "The push of '" + localRepository + ":" + tag + "' could not run");
                }
            }
            if (output.error != null) {
                throw failure(localRepository, tag, output.error, credentials);
            }
            if (output.tagDigest != null) {
                if (digest != null && !digest.equals(output.tagDigest)) {
                    throw errors.exception("The pushes of one image reported two digests, " + digest + " and "
                            + output.tagDigest + ". Another build may have retagged the local image meanwhile; push"
                            + " again.", null, null);
                }
                digest = output.tagDigest;
            }
        }
        int reused = (int) layers.uploaded.values().stream().filter(uploaded -> !uploaded).count();
        return new Outcome(digest, layers.uploaded.size() - reused, reused);
    }

    private EcrException failure(String localRepository, String tag, String daemonMessage, RegistryCredentials login) {
        String lower = daemonMessage.toLowerCase(Locale.ROOT);
        String code;
        String advice;
        if (lower.startsWith("tag invalid")) {
            code = "TAG_INVALID";
            advice = "The repository has immutable tags and tag '" + tag + "' exists already; push a new tag (the"
                    + " default timestamp tag is new on every push) or make the repository's tags MUTABLE.";
        } else if (lower.contains("unauthorized") || lower.contains("authentication required")
                || lower.startsWith("denied")) {
            code = "DENIED";
            advice = "The registry rejected the login from GetAuthorizationToken (valid until " + login.expiresAt()
                    + "). Check that the credentials have ecr:BatchCheckLayerAvailability, ecr:InitiateLayerUpload,"
                    + " ecr:UploadLayerPart, ecr:CompleteLayerUpload and ecr:PutImage on the repository.";
        } else if (lower.startsWith("name unknown")) {
            code = "NAME_UNKNOWN";
            advice = "The repository is missing in the registry; it may have been deleted during the push.";
        } else {
            code = null;
            advice = "Check the connection to the registry at " + login.endpoint() + " and push again; layers that"
                    + " were uploaded are reused.";
        }
        return errors.exception("The push of '" + localRepository + ":" + tag + "' failed: "
                + withoutFinalPeriod(daemonMessage.strip()) + ". " + advice, code, null);
    }

    private static String withoutFinalPeriod(String text) {
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    /** Layer states across the pushes of all tags, and the upload progress. */
    private final class Layers {
        /** Layer id to true when uploaded, false when the registry had it or mounted it. */
        private final Map<String, Boolean> uploaded = new ConcurrentHashMap<>();
        private final Map<String, long[]> transfer = new ConcurrentHashMap<>();
        private volatile long lastProgress;

        void debug(String line) {
            listener.debug(line);
        }

        void reportProgress() {
            long now = System.currentTimeMillis();
            if (now - lastProgress < PROGRESS_INTERVAL_MILLIS) {
                return;
            }
            lastProgress = now;
            long sent = transfer.values().stream().mapToLong(pair -> pair[0]).sum();
            long total = transfer.values().stream().mapToLong(pair -> pair[1]).sum();
            listener.progress("Uploading " + EcrPushResult.formatSize(sent) + " of " + EcrPushResult.formatSize(total)
                    + " (" + transfer.size() + " layers started)");
        }
    }

    /** Collects the stream of one push: layer states, progress, the digest and any error. */
    private static final class PushOutput extends ResultCallback.Adapter<PushResponseItem> {
        private static final Set<String> REUSED_STATES = Set.of("layer already exists", "mounted from");
        private final Layers layers;
        private volatile String error;
        private volatile String tagDigest;

        PushOutput(Layers layers) {
            this.layers = layers;
        }

        @Override
        public void onNext(PushResponseItem item) {
            if (item.isErrorIndicated()) {
                error = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                        ? item.getErrorDetail().getMessage() : "the daemon reported an error without details";
                return;
            }
            if (item.getAux() != null && item.getAux().getDigest() != null) {
                tagDigest = item.getAux().getDigest();
            }
            String status = item.getStatus() == null ? "" : item.getStatus().toLowerCase(Locale.ROOT);
            String id = item.getId();
            if (id == null || id.contains(":")) {
                // Lines without a layer id, and "<tag>: digest: ..." summaries, describe no layer.
                return;
            }
            if (!status.equals("pushing")) {
                layers.debug(id + ": " + item.getStatus());
            }
            if (status.equals("pushed")) {
                layers.uploaded.put(id, true);
            } else if (REUSED_STATES.stream().anyMatch(status::startsWith)) {
                layers.uploaded.putIfAbsent(id, false);
            } else if (status.equals("pushing") && item.getProgressDetail() != null) {
                Long current = item.getProgressDetail().getCurrent();
                Long total = item.getProgressDetail().getTotal();
                layers.transfer.put(id, new long[] {current == null ? 0 : current, total == null ? 0 : total});
                layers.reportProgress();
            }
        }
    }
}
