package io.agentdeploy.testkit.registry;

import io.agentdeploy.testkit.ImageLookup;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks whether an image reference can be pulled, by looking it up in the local registry. It maps
 * private ECR references ({@code <account>.dkr.ecr.<region>.amazonaws.com/<repo>[:tag][@digest]})
 * and references to the local hosts it is given (the gateway's and the registry's
 * {@code 127.0.0.1:PORT}) to the registry's repository of the same path.
 */
public final class RegistryImageLookup implements ImageLookup {

    private static final Pattern ECR_HOST = Pattern.compile("\\d{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com");
    /** host/path[:tag][@digest]; the path has no ':' or '@', the tag no '/' or '@'. */
    private static final Pattern REFERENCE =
            Pattern.compile("([^/]+)/([^:@]+)(?::([\\w][\\w.-]{0,127}))?(?:@([a-z0-9]+:[a-fA-F0-9]{32,}))?");

    /**
     * A parsed image reference.
     *
     * @param host the registry host
     * @param repository the repository path
     * @param tag the tag, or {@code null}
     * @param digest the digest, or {@code null}
     */
    public record Reference(String host, String repository, String tag, String digest) {

        /** The digest when given, else the tag, else {@code latest}, as a pull would resolve it. */
        public String manifestReference() {
            if (digest != null) {
                return digest;
            }
            return tag != null ? tag : "latest";
        }
    }

    private final RegistryClient registry;
    private final Set<String> localHosts;

    /**
     * @param registry direct access to the registry
     * @param localHosts further hosts that mean this registry, for example {@link RegistryGateway#host()}
     */
    public RegistryImageLookup(RegistryClient registry, Set<String> localHosts) {
        this.registry = registry;
        this.localHosts = Set.copyOf(localHosts);
    }

    /** Parses a reference whose host this lookup serves, or returns empty. */
    public Optional<Reference> parse(String imageReference) {
        if (imageReference == null) {
            return Optional.empty();
        }
        Matcher matcher = REFERENCE.matcher(imageReference.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String host = matcher.group(1);
        if (!ECR_HOST.matcher(host).matches() && !localHosts.contains(host)) {
            return Optional.empty();
        }
        return Optional.of(new Reference(host, matcher.group(2), matcher.group(3), matcher.group(4)));
    }

    @Override
    public boolean exists(String imageReference) {
        return digestOf(imageReference).isPresent();
    }

    /**
     * The manifest digest the reference resolves to in the registry, or empty when the registry does
     * not have it (or the reference names another registry). With both a tag and a digest, the digest
     * decides, as for a pull.
     */
    public Optional<String> digestOf(String imageReference) {
        return parse(imageReference)
                .flatMap(reference -> registry.digest(reference.repository(), reference.manifestReference()));
    }

    /** The digest a tag of a repository points to, or empty. */
    public Optional<String> digestOfTag(String repository, String tag) {
        return registry.digest(repository, tag);
    }
}
