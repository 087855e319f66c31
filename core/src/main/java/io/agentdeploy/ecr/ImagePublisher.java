package io.agentdeploy.ecr;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.DockerClient;
import io.agentdeploy.progress.ProgressListener;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Publishes built images under their tags. Each image is uploaded by the daemon at most once; every
 * further tag gets the same manifest through the registry API, and a tag that already names the same
 * content is left as it is, so an unchanged rebuild uploads nothing. Two or more platforms are
 * pushed as per-platform tags ({@code <first tag>-<os>-<arch>}) and joined in an image index
 * (a Docker manifest list) put under the tags.
 */
final class ImagePublisher {

    static final String MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A built image.
     *
     * @param imageId the daemon's image id, which is the digest of its config
     * @param platform the platform its config names
     */
    record Built(String imageId, ImagePlatform platform) {
    }

    /**
     * What was published.
     *
     * @param digest the digest the tags name: the image's manifest, or the index
     * @param sizeBytes config plus compressed layers, summed over the platforms of an index
     * @param platformDigests platform to image manifest digest
     * @param applied tags that name the digest now
     * @param pending tags still to apply (after the scan gate)
     * @param previousDigests tags that named another image before, with that image's digest
     * @param tagsChanged whether any tag was created or moved
     * @param pushed what the daemon's pushes did
     */
    record Published(String digest, long sizeBytes, Map<String, String> platformDigests, List<String> applied,
            List<String> pending, Map<String, String> previousDigests, boolean tagsChanged,
            ImagePusher.Outcome pushed) {
    }

    private final DockerClient docker;
    private final RegistryApi registry;
    private final RegistryAuth auth;
    private final ProgressListener listener;
    private final DockerErrors errors;
    private final int maxAttempts;
    private final String repository;

    ImagePublisher(DockerClient docker, RegistryApi registry, RegistryAuth auth, ProgressListener listener,
            DockerErrors errors, int maxAttempts, String repository) {
        this.docker = docker;
        this.registry = registry;
        this.auth = auth;
        this.listener = listener;
        this.errors = errors;
        this.maxAttempts = maxAttempts;
        this.repository = repository;
    }

    /**
     * @param images one image, or one per platform for an index
     * @param tags every tag, first one first
     * @param applyNow how many of the tags to apply now; the rest are returned as pending
     * @param immutable whether the repository refuses to move tags
     */
    Published publish(List<Built> images, List<String> tags, int applyNow, boolean immutable) {
        boolean index = images.size() > 1;
        Map<String, String> content = new LinkedHashMap<>();
        images.forEach(image -> content.put(image.platform().toString(), image.imageId()));
        TagStates states = new TagStates(registry, repository);
        List<TagStates.Tag> tagStates = states.states(tags, content, index);
        if (immutable) {
            requireNoMove(tagStates);
        }

        Counter counter = new Counter();
        Map<String, String> platformDigests = new LinkedHashMap<>();
        RegistryApi.Manifest source = existingSource(tagStates).orElse(null);
        if (source == null && !index) {
            source = pushImage(images.get(0), tags.get(0), counter);
            platformDigests.put(images.get(0).platform().toString(), source.digest());
        } else if (source == null) {
            source = index(images, tags.get(0), immutable, counter, platformDigests);
        } else {
            listener.lifecycle("Tag '" + firstSame(tagStates) + "' names this content already ("
                    + ImageDigests.shortForm(source.digest()) + "); nothing to upload.");
            platformDigests.putAll(platformDigestsOf(source, images));
            counter.reuse(platformDigests.values().stream().mapToInt(this::layerCount).sum());
        }

        List<String> applied = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        Map<String, String> previous = new LinkedHashMap<>();
        boolean changed = false;
        for (int i = 0; i < tagStates.size(); i++) {
            TagStates.Tag tag = tagStates.get(i);
            if (tag.state() == TagStates.State.SAME) {
                applied.add(tag.tag());
                continue;
            }
            changed = true;
            if (tag.state() == TagStates.State.OTHER) {
                previous.put(tag.tag(), tag.digest());
            }
            if (i >= applyNow) {
                pending.add(tag.tag());
                continue;
            }
            if (!source.digest().equals(registry.digestOf(repository, tag.tag()).orElse(null))) {
                registry.putManifest(repository, tag.tag(), source.mediaType(), source.content());
            }
            applied.add(tag.tag());
        }
        confirm(applied, source.digest());
        long size = index ? platformDigests.values().stream().mapToLong(this::contentSize).sum() : source.contentSize();
        return new Published(source.digest(), size, platformDigests, applied, pending, previous, changed,
                counter.outcome());
    }

    /** Applies tags to a published digest through the registry API, for example after the scan gate passed. */
    void applyTags(String digest, List<String> tags) {
        RegistryApi.Manifest manifest = registry.manifest(repository, digest).orElseThrow(() -> errors.exception(
                "The pushed image " + repository + "@" + digest + " is gone from the registry, so tags "
                        + String.join(", ", tags) + " cannot be applied. Push again.", "MANIFEST_UNKNOWN", null));
        for (String tag : tags) {
            registry.putManifest(repository, tag, manifest.mediaType(), manifest.content());
        }
        confirm(tags, digest);
    }

    private void requireNoMove(List<TagStates.Tag> tagStates) {
        List<String> moving = tagStates.stream().filter(t -> t.state() == TagStates.State.OTHER)
                .map(t -> "'" + t.tag() + "' (" + ImageDigests.shortForm(t.digest()) + ")").toList();
        if (!moving.isEmpty()) {
            throw errors.exception("The repository '" + repository + "' has immutable tags, and tag"
                    + (moving.size() == 1 ? " " : "s ") + String.join(", ", moving) + " already name"
                    + (moving.size() == 1 ? "s" : "") + " an image with other content than this build. Nothing was"
                    + " pushed. Push under new tags (the build number or timestamp tag is new on every push), or"
                    + " make the repository's tags MUTABLE.", "TAG_INVALID", null);
        }
    }

    private Optional<RegistryApi.Manifest> existingSource(List<TagStates.Tag> tagStates) {
        return tagStates.stream().filter(t -> t.state() == TagStates.State.SAME).findFirst()
                .flatMap(t -> registry.manifest(repository, t.digest()));
    }

    private static String firstSame(List<TagStates.Tag> tagStates) {
        return tagStates.stream().filter(t -> t.state() == TagStates.State.SAME).findFirst().orElseThrow().tag();
    }

    /** Pushes one image through the daemon under {@code tag} and returns its stored manifest. */
    private RegistryApi.Manifest pushImage(Built image, String tag, Counter counter) {
        String local = registry.host() + "/" + repository;
        try {
            docker.tagImageCmd(image.imageId(), local, tag).withForce(true).exec();
        } catch (RuntimeException e) {
            throw errors.translate(e, "The image could not be tagged " + local + ":" + tag);
        }
        listener.lifecycle("Pushing " + image.platform() + " image " + ImageDigests.shortForm(image.imageId())
                + " as " + local + ":" + tag + ".");
        ImagePusher.Outcome outcome = new ImagePusher(docker, listener, errors, maxAttempts)
                .push(local, List.of(tag), auth);
        counter.add(outcome);
        String digest = registry.digestOf(repository, tag).orElseThrow(() -> errors.exception("The registry has no"
                + " tag '" + tag + "' after the push reported success. Push again.", "MANIFEST_UNKNOWN", null));
        if (outcome.digest() != null && !outcome.digest().equals(digest)) {
            throw errors.exception("Tag '" + tag + "' names " + digest + " in the registry, but the push reported "
                    + outcome.digest() + ". Another push may have moved the tag meanwhile; push again.", null, null);
        }
        if (!ImageDigests.isSha256(digest)) {
            throw errors.exception("The registry reported the digest '" + digest + "', which is not a sha256"
                    + " digest. Check the registry.", null, null);
        }
        return registry.manifest(repository, digest).orElseThrow();
    }

    /** Pushes (or reuses) each platform's image under its own tag and returns the index over them. */
    private RegistryApi.Manifest index(List<Built> images, String firstTag, boolean immutable, Counter counter,
            Map<String, String> platformDigests) {
        ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", MANIFEST_LIST);
        ArrayNode entries = index.putArray("manifests");
        TagStates states = new TagStates(registry, repository);
        for (Built image : images) {
            String tag = firstTag + "-" + image.platform().tagSuffix();
            TagStates.Tag state = states.states(List.of(tag), Map.of(image.platform().toString(), image.imageId()),
                    false).get(0);
            if (immutable && state.state() == TagStates.State.OTHER) {
                requireNoMove(List.of(state));
            }
            RegistryApi.Manifest manifest;
            if (state.state() == TagStates.State.SAME) {
                manifest = registry.manifest(repository, state.digest()).orElseThrow();
                counter.reuse(manifest.json().path("layers").size());
            } else {
                manifest = pushImage(image, tag, counter);
            }
            platformDigests.put(image.platform().toString(), manifest.digest());
            ObjectNode entry = entries.addObject().put("mediaType", manifest.mediaType())
                    .put("size", manifest.content().length).put("digest", manifest.digest());
            ObjectNode platform = entry.putObject("platform").put("architecture", image.platform().architecture())
                    .put("os", image.platform().os());
            if (image.platform().variant() != null) {
                platform.put("variant", image.platform().variant());
            }
        }
        byte[] content = index.toString().getBytes(StandardCharsets.UTF_8);
        String digest = registry.putManifest(repository, firstTag, MANIFEST_LIST, content);
        listener.lifecycle("Put image index " + ImageDigests.shortForm(digest) + " over " + images.size()
                + " platforms as " + repository + ":" + firstTag + ".");
        return new RegistryApi.Manifest(digest, MANIFEST_LIST, content);
    }

    private Map<String, String> platformDigestsOf(RegistryApi.Manifest source, List<Built> images) {
        Map<String, String> digests = new LinkedHashMap<>();
        if (!source.isIndex()) {
            digests.put(images.get(0).platform().toString(), source.digest());
            return digests;
        }
        source.json().path("manifests").forEach(child -> {
            var platform = child.path("platform");
            digests.put(ImagePlatform.of(platform.path("os").asText(), platform.path("architecture").asText(),
                    platform.path("variant").asText(null)).toString(), child.path("digest").asText());
        });
        return digests;
    }

    /** Returns the number of layers of the image manifest {@code digest}, or 0 when the registry lacks it. */
    private int layerCount(String digest) {
        return registry.manifest(repository, digest).map(manifest -> manifest.json().path("layers").size()).orElse(0);
    }

    private long contentSize(String digest) {
        return registry.manifest(repository, digest).map(RegistryApi.Manifest::contentSize).orElse(0L);
    }

    private void confirm(List<String> tags, String digest) {
        for (String tag : tags) {
            String actual = registry.digestOf(repository, tag).orElse(null);
            if (!digest.equals(actual)) {
                throw errors.exception("Tag '" + tag + "' names " + actual + " in the registry instead of " + digest
                        + ". Another push may have moved the tag meanwhile; push again.", null, null);
            }
        }
    }

    /** Sums the daemon's push outcomes over the platforms. */
    private static final class Counter {
        private String digest;
        private int pushed;
        private int reused;
        private int retries;

        void add(ImagePusher.Outcome outcome) {
            digest = outcome.digest();
            pushed += outcome.layersPushed();
            reused += outcome.layersReused();
            retries += outcome.retries();
        }

        /** Counts the layers of an image that a tag named already, so nothing was pushed for it. */
        void reuse(int layers) {
            reused += layers;
        }

        ImagePusher.Outcome outcome() {
            return new ImagePusher.Outcome(digest, pushed, reused, retries);
        }
    }
}
