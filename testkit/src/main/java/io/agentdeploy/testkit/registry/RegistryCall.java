package io.agentdeploy.testkit.registry;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One registry API call as the gateway classifies it.
 *
 * @param method the HTTP method
 * @param operation a name for the call log and fault plan, for example {@code PUT manifest} or {@code PATCH upload}
 * @param repository the repository name, or {@code null} for {@code /v2/} and the catalog
 * @param reference the tag, digest or upload id after the resource kind, or {@code null}
 */
public record RegistryCall(String method, String operation, String repository, String reference) {

    private static final Pattern RESOURCE =
            Pattern.compile("/v2/(.+)/(manifests|blobs/uploads|blobs|tags)(?:/([^/]*))?/?");
    private static final Set<String> MUTATING_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");

    /** Names the call for a method and a raw request path. */
    public static RegistryCall classify(String method, String path) {
        if (path.equals("/v2/") || path.equals("/v2")) {
            return new RegistryCall(method, method + " /v2/", null, null);
        }
        if (path.startsWith("/v2/_catalog")) {
            return new RegistryCall(method, method + " catalog", null, null);
        }
        Matcher matcher = RESOURCE.matcher(path);
        if (!matcher.matches()) {
            return new RegistryCall(method, method + " other", null, null);
        }
        String kind = switch (matcher.group(2)) {
            case "manifests" -> "manifest";
            case "blobs/uploads" -> "upload";
            case "blobs" -> "blob";
            default -> "tags";
        };
        String reference = matcher.group(3) == null || matcher.group(3).isEmpty() ? null : matcher.group(3);
        return new RegistryCall(method, method + " " + kind, matcher.group(1), reference);
    }

    /** Whether the call can change what the registry stores. */
    public boolean mutating() {
        return MUTATING_METHODS.contains(method);
    }

    /** Whether the reference is a tag rather than a digest. */
    public boolean referencesTag() {
        return reference != null && !reference.contains(":");
    }
}
