package io.agentdeploy.ecr;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PushResponseItem;
import io.agentdeploy.progress.ProgressListener;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pushes tagged images through the daemon, one tag after the other, with the registry login as the
 * push's AuthConfig. The daemon skips layers the registry has (or mounts them) and retries a failed
 * layer upload itself; this class reports that, counts uploaded and reused layers, and reports
 * progress in bytes and layers at most every {@link #PROGRESS_INTERVAL_MILLIS} ms.
 *
 * <p>When a push fails as a whole, it is repeated: after the registry rejected the login (an ECR
 * token expires after 12 hours) with a renewed login, and after throttling, server errors and
 * dropped connections with exponential backoff. Layers uploaded by the failed attempt are not
 * uploaded again.
 */
final class ImagePusher {

    static final long PROGRESS_INTERVAL_MILLIS = 3000;
    private static final long FIRST_BACKOFF_MILLIS = 1000;
    private static final List<String> TRANSIENT = List.of("toomanyrequests", "unknown:", "unavailable",
            "connection reset", "broken pipe", "eof", "timeout", "connection refused", "internal server error",
            "bad gateway", "service unavailable", "500", "502", "503", "504");
    /**
     * OCI distribution error codes that no retry fixes, as the daemon prints them: the code in lower
     * case with spaces, then a colon ({@code NAME_UNKNOWN} becomes "name unknown: ..."). They are
     * checked before {@link #TRANSIENT}, whose "unknown:" would match "name unknown:" too.
     */
    private static final List<String> PERMANENT_CODES = List.of("name unknown", "name invalid", "manifest invalid",
            "manifest unverified", "tag invalid", "digest invalid", "size invalid", "denied", "unauthorized",
            "unsupported");
    private static final List<String> LOGIN_REJECTED = List.of("unauthorized", "authentication required",
            "no basic auth credentials", "authorization token has expired");

    /**
     * What the pushes of one image did.
     *
     * @param digest the manifest digest from the push stream, or {@code null} when none came
     * @param layersPushed layers uploaded
     * @param layersReused layers the registry already had or mounted
     * @param retries pushes repeated after a failure, and layer uploads the daemon repeated
     */
    record Outcome(String digest, int layersPushed, int layersReused, int retries) {
    }

    private final DockerClient docker;
    private final ProgressListener listener;
    private final DockerErrors errors;
    private final int maxAttempts;

    ImagePusher(DockerClient docker, ProgressListener listener, DockerErrors errors, int maxAttempts) {
        this.docker = docker;
        this.listener = listener;
        this.errors = errors;
        this.maxAttempts = maxAttempts;
    }

    /**
     * @param localRepository {@code <registry host>/<repository>}, as the image was tagged
     * @param tags the tags to push
     */
    Outcome push(String localRepository, List<String> tags, RegistryAuth auth) {
        Layers layers = new Layers();
        String digest = null;
        for (String tag : tags) {
            String tagDigest = pushTag(localRepository, tag, auth, layers);
            if (tagDigest != null) {
                if (digest != null && !digest.equals(tagDigest)) {
                    throw errors.exception("The pushes of one image reported two digests, " + digest + " and "
                            + tagDigest + ". Another build may have retagged the local image meanwhile; push"
                            + " again.", null, null);
                }
                digest = tagDigest;
            }
        }
        int reused = (int) layers.uploaded.values().stream().filter(uploaded -> !uploaded).count();
        return new Outcome(digest, layers.uploaded.size() - reused, reused, layers.retries);
    }

    private String pushTag(String localRepository, String tag, RegistryAuth auth, Layers layers) {
        String reference = localRepository + ":" + tag;
        boolean renewed = false;
        long backoff = FIRST_BACKOFF_MILLIS;
        for (int attempt = 1; ; attempt++) {
            String error = pushOnce(localRepository, tag, auth.current(), layers);
            if (error == null) {
                return layers.lastDigest;
            }
            String lower = error.toLowerCase(Locale.ROOT);
            if (!renewed && LOGIN_REJECTED.stream().anyMatch(lower::contains)) {
                // The daemon got the login with the push; a new push takes the renewed one.
                renewed = true;
                if (auth.renew().isPresent()) {
                    attempt--;
                    continue;
                }
            }
            if (!isTransient(error) || attempt >= maxAttempts) {
                throw failure(reference, tag, error, auth.current(), attempt);
            }
            layers.retries++;
            listener.warning("Retrying the push of " + reference + " (attempt " + (attempt + 1) + " of " + maxAttempts
                    + ") after: " + error.strip());
            sleep(backoff);
            backoff *= 2;
        }
    }

    /**
     * Whether a push that failed with this daemon message may succeed when repeated: throttling,
     * server errors and dropped connections, but no registry error code from {@link #PERMANENT_CODES}.
     */
    static boolean isTransient(String daemonMessage) {
        String lower = daemonMessage.strip().toLowerCase(Locale.ROOT);
        return permanentCode(lower).isEmpty() && TRANSIENT.stream().anyMatch(lower::contains);
    }

    /** The registry error code that starts the message, such as {@code NAME_UNKNOWN}, when it is a permanent one. */
    private static Optional<String> permanentCode(String lowerCaseMessage) {
        return PERMANENT_CODES.stream()
                .filter(code -> lowerCaseMessage.startsWith(code + ":") || lowerCaseMessage.equals(code))
                .findFirst()
                .map(code -> code.toUpperCase(Locale.ROOT).replace(' ', '_'));
    }

    /** Runs one push; returns the daemon's error message, or {@code null} on success. */
    private String pushOnce(String localRepository, String tag, RegistryCredentials login, Layers layers) {
        AuthConfig authConfig = new AuthConfig().withRegistryAddress(login.endpoint().toString());
        if (login.username() != null) {
            authConfig.withUsername(login.username()).withPassword(login.password());
        }
        // A docker-java callback completes once, so every push gets its own.
        PushOutput output = new PushOutput(layers, localRepository + ":" + tag);
        try {
            docker.pushImageCmd(localRepository).withTag(tag).withAuthConfig(authConfig).exec(output)
                    .awaitCompletion();
        } catch (InterruptedException e) {
            throw errors.interrupted("pushing " + localRepository + ":" + tag);
        } catch (RuntimeException e) {
            if (output.error == null) {
                throw errors.translate(e, "The push of '" + localRepository + ":" + tag + "' could not run");
            }
        }
        return output.error;
    }

    private EcrException failure(String reference, String tag, String daemonMessage, RegistryCredentials login,
            int attempts) {
        String lower = daemonMessage.strip().toLowerCase(Locale.ROOT);
        String repository = reference.substring(reference.indexOf('/') + 1, reference.lastIndexOf(':'));
        String code = permanentCode(lower).orElse(null);
        String advice;
        if ("TAG_INVALID".equals(code)) {
            advice = "The repository has immutable tags and tag '" + tag + "' names another image; push a new tag"
                    + " (the build number or timestamp tag is new on every push) or make the repository's tags"
                    + " MUTABLE.";
        } else if (LOGIN_REJECTED.stream().anyMatch(lower::contains) || "DENIED".equals(code)) {
            code = code == null ? "DENIED" : code;
            advice = "The registry rejected the login" + (login.expiresAt() == null ? ""
                    : " from GetAuthorizationToken (valid until " + login.expiresAt() + ")") + ", also after a new"
                    + " login. Check that the credentials may push: for ECR ecr:BatchCheckLayerAvailability,"
                    + " ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload and ecr:PutImage on"
                    + " the repository.";
        } else if ("NAME_UNKNOWN".equals(code)) {
            advice = "Registry error NAME_UNKNOWN: the registry has no repository '" + repository + "', and a retry"
                    + " would not create it. For Amazon ECR it was deleted during the push: push again, which creates"
                    + " it. For another registry, create the repository (or the project it belongs to) there, or set"
                    + " the repository to one that exists.";
        } else if (code != null) {
            advice = "Registry error " + code + " is not retried, because a retry gets the same answer. Check the"
                    + " repository name '" + repository + "' and the registry's rules for images, then push again.";
        } else {
            advice = (attempts > 1 ? "It failed " + attempts + " times. " : "") + "Check the connection to the"
                    + " registry at " + login.endpoint() + " and push again; layers that were uploaded are reused.";
        }
        return errors.exception("The push of '" + reference + "' failed: " + withoutFinalPeriod(daemonMessage.strip())
                + ". " + advice, code, null);
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw errors.interrupted("waiting to retry a push");
        }
    }

    private static String withoutFinalPeriod(String text) {
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    /** Layer states across the pushes of all tags, the upload progress and the retries. */
    private final class Layers {
        /** Layer id to true when uploaded, false when the registry had it or mounted it. */
        private final Map<String, Boolean> uploaded = new ConcurrentHashMap<>();
        private final Map<String, long[]> transfer = new ConcurrentHashMap<>();
        private final Set<String> retrying = ConcurrentHashMap.newKeySet();
        private volatile long lastProgress;
        private volatile String lastDigest;
        private volatile int retries;

        void debug(String line) {
            listener.debug(line);
        }

        void reportProgress(String reference) {
            long now = System.currentTimeMillis();
            if (now - lastProgress < PROGRESS_INTERVAL_MILLIS) {
                return;
            }
            lastProgress = now;
            long sent = transfer.values().stream().mapToLong(pair -> pair[0]).sum();
            long total = transfer.values().stream().mapToLong(pair -> pair[1]).sum();
            long done = uploaded.values().stream().filter(u -> u).count();
            long reused = uploaded.size() - done;
            listener.progress("Pushing " + reference + ": " + EcrPushResult.formatSize(sent) + " of "
                    + EcrPushResult.formatSize(total) + " uploaded, " + done + " layers done, " + reused
                    + " already in the registry");
        }

        /** The daemon prints "Retrying in N seconds" every second of a wait; one wait is one retry. */
        void retrying(String id, String status) {
            if (retrying.add(id)) {
                retries++;
                listener.warning("The upload of layer " + id + " failed; the Docker daemon " + status.toLowerCase(
                        Locale.ROOT) + " (" + retries + (retries == 1 ? " retry" : " retries") + " so far).");
            }
        }
    }

    /** Collects the stream of one push: layer states, progress, the digest and any error. */
    private static final class PushOutput extends ResultCallback.Adapter<PushResponseItem> {
        private static final Set<String> REUSED_STATES = Set.of("layer already exists", "mounted from");
        private final Layers layers;
        private final String reference;
        private volatile String error;

        PushOutput(Layers layers, String reference) {
            this.layers = layers;
            this.reference = reference;
        }

        @Override
        public void onNext(PushResponseItem item) {
            if (item.isErrorIndicated()) {
                error = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                        ? item.getErrorDetail().getMessage() : "the daemon reported an error without details";
                return;
            }
            if (item.getAux() != null && item.getAux().getDigest() != null) {
                layers.lastDigest = item.getAux().getDigest();
            }
            String status = item.getStatus() == null ? "" : item.getStatus().toLowerCase(Locale.ROOT);
            String id = item.getId();
            if (id == null || id.contains(":")) {
                // Lines without a layer id, and "<tag>: digest: ..." summaries, describe no layer.
                return;
            }
            if (status.startsWith("retrying in")) {
                layers.retrying(id, item.getStatus());
                return;
            }
            layers.retrying.remove(id);
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
            } else {
                return;
            }
            // Also after a layer the registry had or mounted, so a push that uploads nothing still reports.
            layers.reportProgress(reference);
        }
    }
}
