package io.agentdeploy.ecr;

import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.naming.AgentNames;
import io.agentdeploy.naming.NameRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a push request's values and works out what they leave open: the repository name, the
 * files, the labels from Git, the tags and the platforms. Everything it rejects fails with an
 * {@link InvalidInputException} before anything is built or changed.
 */
final class PushRequestResolver {

    /** The values that {@link EcrPushRequest} takes from the builder after checking them. */
    record Resolved(EcrPushRequest.Builder builder, AgentNames agent, String repository, Path contextDirectory,
            Path dockerfile, Map<String, String> labels, List<String> tags, List<String> platforms,
            RepositorySettings settings, List<String> notes) {
    }

    private static final Pattern BUILD_ARG = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern NETWORK = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]*");
    /** Semantic Versioning 2.0.0, with an optional leading "v". */
    private static final Pattern SEMVER = Pattern.compile("v?(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
            + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
            + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");
    private static final Pattern REGISTRY = Pattern.compile("(?:https?://)?[A-Za-z0-9.-]+(?::\\d{1,5})?/?|"
            + "(?:https?://)?\\[[0-9a-fA-F:]+\\](?::\\d{1,5})?/?");

    private final EcrPushRequest.Builder builder;
    private final List<String> notes = new ArrayList<>();

    PushRequestResolver(EcrPushRequest.Builder builder) {
        this.builder = builder;
    }

    Resolved resolve() {
        AgentNames names = AgentNames.of(builder.agent);
        String repository = builder.repository != null
                ? NameRules.requireEcrRepositoryName("repository", builder.repository)
                : names.ecrRepository(builder.repositoryPrefix);
        Path context = requireContext();
        Path file = requireDockerfile(names, context);
        if (builder.target != null) {
            DockerfileStages.requireStage(file, builder.target);
        }
        builder.buildArgs.forEach(PushRequestResolver::requireBuildArg);
        builder.labels.forEach(PushRequestResolver::requireLabel);
        if (builder.buildNetwork != null && !NETWORK.matcher(builder.buildNetwork).matches()) {
            throw new InvalidInputException("buildNetwork", builder.buildNetwork,
                    "a build network is 'default', 'none', 'host' or the name of a Docker network.",
                    "Use 'none' or 'host' when the build needs no bridge network.");
        }
        RepositorySettings settings = builder.settings.build();
        requireScanTimeout();
        requireRegistry();
        List<String> platforms = platforms();
        GitMetadata git = git(context);
        List<String> tags = tags(git, platforms);
        return new Resolved(builder, names, repository, context, file, labels(git), tags, platforms, settings,
                notes);
    }

    private Path requireContext() {
        if (builder.contextDirectory == null) {
            throw new InvalidInputException("context", null, "a build context directory is required.",
                    "Set it to the directory the Dockerfile's COPY paths are relative to, usually the repository root.");
        }
        Path context = builder.contextDirectory.toAbsolutePath().normalize();
        if (!Files.isDirectory(context)) {
            throw new InvalidInputException("context", context.toString(), "the directory does not exist.",
                    "Pass an existing directory, usually the repository root.");
        }
        return context;
    }

    private Path requireDockerfile(AgentNames names, Path context) {
        boolean derived = builder.dockerfile == null;
        Path file = context.resolve(derived ? names.dockerfile() : builder.dockerfile).normalize();
        if (!Files.isRegularFile(file)) {
            // The message names the path looked at: callers resolve a relative path against different
            // directories (this builder against the context, the command line against --repo-root).
            String fix = derived
                    ? "By convention the agent's Dockerfile is " + names.dockerfile() + " under the context; set"
                            + " dockerfile to its path."
                    : "Pass the path of an existing Dockerfile.";
            throw new InvalidInputException("dockerfile", file.toString(), "the file does not exist.", fix);
        }
        if (!file.startsWith(context)) {
            throw new InvalidInputException("dockerfile", file.toString(),
                    "the Dockerfile must be inside the build context '" + context + "'.",
                    "Move it into the context, or choose a context that contains it.");
        }
        return file;
    }

    private static void requireBuildArg(String name, String value) {
        if (name == null || !BUILD_ARG.matcher(name).matches()) {
            throw new InvalidInputException("buildArgs", name,
                    "a build argument name has letters, digits and '_' and does not start with a digit.",
                    "Rename the argument to match its ARG line in the Dockerfile.");
        }
        if (value == null) {
            throw new InvalidInputException("buildArgs", name, "the argument has no value.",
                    "Pass it as NAME=VALUE; an empty value is written NAME=.");
        }
    }

    private static void requireLabel(String key, String value) {
        if (key == null || key.isBlank() || key.chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidInputException("labels", key, "a label key must be non-empty and without whitespace.",
                    "Use a key such as 'org.opencontainers.image.revision'.");
        }
        if (value == null) {
            throw new InvalidInputException("labels", key, "the label has no value.",
                    "Pass it as KEY=VALUE; an empty value is written KEY=.");
        }
    }

    private void requireScanTimeout() {
        Duration timeout = builder.scanTimeout;
        if (timeout.isNegative() || timeout.compareTo(EcrPushRequest.MAX_SCAN_TIMEOUT) > 0) {
            throw new InvalidInputException("scanTimeout", timeout.toString(), "the scan timeout is between 0 (do not"
                    + " wait for the scan) and " + EcrPushRequest.MAX_SCAN_TIMEOUT.toMinutes() + " minutes.",
                    "Choose a value such as 5m; basic scans usually finish within a minute or two.");
        }
        // A gate that does not wait would let every image through without findings, whatever scanUnavailable says.
        if (timeout.isZero() && builder.failOnSeverity != Severity.NONE) {
            throw new InvalidInputException("scanTimeout", "0", "the scan gate (failOnSeverity "
                    + builder.failOnSeverity + ") needs the scan's findings, and a scan timeout of 0 does not wait"
                    + " for them.", "Set scanTimeout to a wait such as 5m, or set failOnSeverity to NONE to push"
                    + " without a gate.");
        }
    }

    private void requireRegistry() {
        if (builder.registry == null) {
            if (builder.registryUsername != null || builder.registryPassword != null) {
                throw new InvalidInputException("registryUsername", builder.registryUsername,
                        "a registry login is only used with a registry that is not ECR, and no registry is set.",
                        "Set the registry, or leave the login out to push to ECR with AWS credentials.");
            }
            return;
        }
        if (!REGISTRY.matcher(builder.registry).matches()) {
            throw new InvalidInputException("registry", builder.registry,
                    "a registry is host[:port] or an http(s) URL without a path, for example 'registry.example:5000'.",
                    "Leave the repository path out of the registry; set it with repository.");
        }
        if ((builder.registryUsername == null) != (builder.registryPassword == null)) {
            throw new InvalidInputException("registryUsername", builder.registryUsername,
                    "a registry login needs both a user name and a password.",
                    "Pass both, or neither for a registry without login.");
        }
    }

    private List<String> platforms() {
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String platform : builder.platforms) {
            unique.add(ImagePlatform.parse(platform).toString());
        }
        return new ArrayList<>(unique);
    }

    private GitMetadata git(Path context) {
        if (builder.gitMetadata != null || !builder.readGit) {
            if (builder.gitCommitTag && builder.gitMetadata == null) {
                throw new InvalidInputException("gitCommitTag", "true", "the Git commit tag needs Git data, and"
                        + " reading it is turned off.", "Pass the Git data, or turn reading it on.");
            }
            return builder.gitMetadata;
        }
        try {
            return GitMetadata.read(context);
        } catch (IllegalStateException e) {
            if (builder.gitCommitTag) {
                throw new InvalidInputException("gitCommitTag", "true", "the commit of the build context cannot be"
                        + " read: " + e.getMessage() + ".", "Build from a Git work tree with at least one commit,"
                        + " or leave the commit tag out.");
            }
            notes.add("No Git data for the OCI labels (" + e.getMessage() + "); revision, source and created are"
                    + " not set.");
            return null;
        }
    }

    private Map<String, String> labels(GitMetadata git) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (git != null) {
            labels.put(EcrPushRequest.LABEL_REVISION, git.commit());
            if (git.remoteUrl() != null) {
                labels.put(EcrPushRequest.LABEL_SOURCE, git.remoteUrl());
            }
            // The commit time, not the build time: an unchanged rebuild from the layer cache keeps the
            // same image. Without the cache the daemon writes a new config with its own build time anyway.
            if (git.commitDateTime() != null) {
                labels.put(EcrPushRequest.LABEL_CREATED, git.commitDateTime().toString());
            }
        }
        if (builder.semanticVersion != null) {
            labels.put(EcrPushRequest.LABEL_VERSION, builder.semanticVersion);
        }
        labels.putAll(builder.labels);
        return labels;
    }

    private List<String> tags(GitMetadata git, List<String> platforms) {
        if (builder.buildIdentity != null) {
            NameRules.requireImageTag("buildIdentity", builder.buildIdentity);
        }
        List<String> requested = new ArrayList<>(builder.tags.isEmpty()
                ? EcrPushRequest.defaultTags(builder.buildIdentity, builder.clock) : builder.tags);
        if (builder.gitCommitTag) {
            requested.add(git.shortCommit());
        }
        if (builder.semanticVersion != null) {
            requireSemanticVersion(builder.semanticVersion);
            requested.add(builder.semanticVersion);
        }
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String tag : requested) {
            unique.add(NameRules.requireImageTag("tag", tag == null ? null : tag.trim()));
        }
        List<String> tags = new ArrayList<>(unique);
        requireTagCount(tags.size());
        if (platforms.size() > 1) {
            for (String platform : platforms) {
                String platformTag = tags.get(0) + "-" + ImagePlatform.parse(platform).tagSuffix();
                NameRules.requireImageTag("tag (per-platform tag " + platformTag + ")", platformTag);
            }
        }
        return tags;
    }

    /** Rejects more tags than one ECR image can have; tags the image has already count too, but are not known here. */
    static void requireTagCount(int count) {
        if (count > EcrPushRequest.MAX_TAGS_PER_IMAGE) {
            throw new InvalidInputException("tags", null, count + " tags are set, and an ECR image can have at most "
                    + EcrPushRequest.MAX_TAGS_PER_IMAGE + ".", "Pass fewer tags.");
        }
    }

    private static void requireSemanticVersion(String version) {
        if (!SEMVER.matcher(version).matches()) {
            throw new InvalidInputException("semanticVersion", version, "a semantic version is MAJOR.MINOR.PATCH"
                    + " with an optional -prerelease, for example 1.4.2 or 2.0.0-rc.1.", "Write it in that form.");
        }
        if (version.contains("+")) {
            throw new InvalidInputException("semanticVersion", version, "build metadata after '+' cannot be part of"
                    + " an image tag, which allows only letters, digits, '_', '.' and '-'.",
                    "Leave the '+' part out, or write it after a '-' as a prerelease.");
        }
    }
}
