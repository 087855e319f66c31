package io.agentdeploy.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where each tag stands before a push: missing, already naming an image with the same content, or
 * naming another image. "The same content" means the same image config (the image id) for every
 * platform, whatever the manifest bytes: a rebuild that changed nothing is recognised even when a
 * registry stored its layers compressed differently.
 */
final class TagStates {

    /** A tag's state. */
    enum State {
        /** The tag does not exist. */
        NEW,
        /** The tag names an image with the same content. */
        SAME,
        /** The tag names an image with other content. */
        OTHER
    }

    /**
     * One tag.
     *
     * @param tag the tag
     * @param state its state
     * @param digest the digest it names now, or {@code null} when new
     */
    record Tag(String tag, State state, String digest) {
    }

    private final RegistryApi registry;
    private final String repository;

    TagStates(RegistryApi registry, String repository) {
        this.registry = registry;
        this.repository = repository;
    }

    /**
     * Looks up every tag and compares the content it names with {@code content}.
     *
     * @param content platform ({@code os/arch[/variant]}) to image id; one entry for a single image
     * @param index whether the content is published as an image index
     */
    List<Tag> states(List<String> tags, Map<String, String> content, boolean index) {
        String wanted = identity(content, index);
        List<Tag> states = new ArrayList<>();
        for (String tag : tags) {
            Optional<RegistryApi.Manifest> current = registry.manifest(repository, tag);
            if (current.isEmpty()) {
                states.add(new Tag(tag, State.NEW, null));
                continue;
            }
            boolean same = wanted.equals(identity(current.get()));
            states.add(new Tag(tag, same ? State.SAME : State.OTHER, current.get().digest()));
        }
        return states;
    }

    private static String identity(Map<String, String> content, boolean index) {
        if (!index) {
            return "image " + content.values().iterator().next();
        }
        return "index " + new TreeMap<>(content);
    }

    /** The content identity of a stored manifest, reading an index's image manifests. */
    private String identity(RegistryApi.Manifest manifest) {
        JsonNode json = manifest.json();
        if (!manifest.isIndex()) {
            return "image " + json.path("config").path("digest").asText();
        }
        Map<String, String> children = new LinkedHashMap<>();
        for (JsonNode child : json.path("manifests")) {
            JsonNode platform = child.path("platform");
            String name = platform.path("os").asText() + "/" + platform.path("architecture").asText()
                    + (platform.hasNonNull("variant") ? "/" + platform.path("variant").asText() : "");
            Optional<RegistryApi.Manifest> image = registry.manifest(repository, child.path("digest").asText());
            children.put(name, image.map(m -> m.json().path("config").path("digest").asText()).orElse("missing"));
        }
        return "index " + new TreeMap<>(children);
    }
}
