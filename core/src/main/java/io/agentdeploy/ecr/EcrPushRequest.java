package io.agentdeploy.ecr;

import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.naming.AgentNames;
import io.agentdeploy.naming.NameRules;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link EcrPushService#push(EcrPushRequest)} builds and where it pushes it: the agent, the
 * repository and its desired settings, the build context, Dockerfile, build options and platforms,
 * the tags and labels, and the scan gate. Every field is a plain value. Immutable;
 * {@link Builder#build()} checks every value and the files, and reads the context's Git data,
 * before anything changes.
 */
public final class EcrPushRequest {

    /** Tags get this UTC timestamp form when no build identity is given, for example {@code 20261204-201530}. */
    static final DateTimeFormatter TIMESTAMP_TAG = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    static final Duration DEFAULT_SCAN_TIMEOUT = Duration.ofMinutes(5);
    static final Duration MAX_SCAN_TIMEOUT = Duration.ofHours(2);
    /**
     * Tags one ECR image can have: ECR rejects one more with "exceeds the maximum allowed number of
     * tags per image which is '1000'" (the error as users report it).
     */
    // NOTE: the ECR service quotas page does not list this limit, and older ECR documentation gave 100.
    static final int MAX_TAGS_PER_IMAGE = 1000;
    static final String LABEL_REVISION = "org.opencontainers.image.revision";
    static final String LABEL_SOURCE = "org.opencontainers.image.source";
    static final String LABEL_CREATED = "org.opencontainers.image.created";
    static final String LABEL_VERSION = "org.opencontainers.image.version";

    private final AgentNames agent;
    private final String repository;
    private final Path contextDirectory;
    private final Path dockerfile;
    private final String target;
    private final Map<String, String> buildArgs;
    private final Map<String, String> labels;
    private final List<String> tags;
    private final List<String> platforms;
    private final boolean noCache;
    private final boolean pull;
    private final String buildNetwork;
    private final RepositorySettings repositorySettings;
    private final Severity failOnSeverity;
    private final Duration scanTimeout;
    private final ScanUnavailablePolicy scanUnavailable;
    private final String registry;
    private final String registryUsername;
    private final String registryPassword;
    private final List<String> notes;

    EcrPushRequest(PushRequestResolver.Resolved resolved) {
        Builder builder = resolved.builder();
        this.agent = resolved.agent();
        this.repository = resolved.repository();
        this.contextDirectory = resolved.contextDirectory();
        this.dockerfile = resolved.dockerfile();
        this.target = builder.target;
        this.buildArgs = Collections.unmodifiableMap(new LinkedHashMap<>(builder.buildArgs));
        this.labels = Collections.unmodifiableMap(new LinkedHashMap<>(resolved.labels()));
        this.tags = List.copyOf(resolved.tags());
        this.platforms = List.copyOf(resolved.platforms());
        this.noCache = builder.noCache;
        this.pull = builder.pull;
        this.buildNetwork = builder.buildNetwork;
        this.repositorySettings = resolved.settings();
        this.failOnSeverity = builder.failOnSeverity;
        this.scanTimeout = builder.scanTimeout;
        this.scanUnavailable = builder.scanUnavailable;
        this.registry = builder.registry;
        this.registryUsername = builder.registryUsername;
        this.registryPassword = builder.registryPassword;
        this.notes = List.copyOf(resolved.notes());
    }

    /** A builder with the documented defaults; {@code build()} validates. */
    public static Builder builder() {
        return new Builder();
    }

    public String agent() {
        return agent.agent();
    }

    /** The repository name: the explicit one, or {@code <prefix><agent>}. */
    public String repository() {
        return repository;
    }

    /** The build context, absolute. */
    public Path contextDirectory() {
        return contextDirectory;
    }

    /** The Dockerfile, absolute and inside the context. */
    public Path dockerfile() {
        return dockerfile;
    }

    /** The stage to build, or {@code null} for the last stage. */
    public String target() {
        return target;
    }

    public Map<String, String> buildArgs() {
        return buildArgs;
    }

    /** The image labels: the given ones, over the OCI labels filled from Git. */
    public Map<String, String> labels() {
        return labels;
    }

    /** The tags to push, in order, without duplicates; the first one names {@code imageUri}. */
    public List<String> tags() {
        return tags;
    }

    /**
     * The platforms to build, normalised (for example {@code linux/arm64}); empty for the daemon's
     * own platform. Two or more produce an image index.
     */
    public List<String> platforms() {
        return platforms;
    }

    public boolean noCache() {
        return noCache;
    }

    /** Whether base images are pulled before building; always true for two or more platforms. */
    public boolean pull() {
        return pull || platforms.size() > 1;
    }

    /** The network mode of the build's RUN steps, or {@code null} for the daemon's default. */
    public String buildNetwork() {
        return buildNetwork;
    }

    public RepositorySettings repositorySettings() {
        return repositorySettings;
    }

    /** Findings at or above this severity fail the push; {@link Severity#NONE} turns the gate off. */
    public Severity failOnSeverity() {
        return failOnSeverity;
    }

    /** How long to wait for the scan; zero does not wait (the scan is then not reported) and needs the gate off. */
    public Duration scanTimeout() {
        return scanTimeout;
    }

    public ScanUnavailablePolicy scanUnavailable() {
        return scanUnavailable;
    }

    /** A registry that is not ECR ({@code host[:port]} or URL), or {@code null} to push to ECR. */
    public String registry() {
        return registry;
    }

    /** The user name for {@link #registry()}, or {@code null} for anonymous access. */
    public String registryUsername() {
        return registryUsername;
    }

    /** The password for {@link #registry()} (a secret), or {@code null}. */
    String registryPassword() {
        return registryPassword;
    }

    /** Notes found while building the request, for example why the Git labels are missing. */
    public List<String> notes() {
        return notes;
    }

    @Override
    public String toString() {
        // The registry password is left out on purpose.
        return "EcrPushRequest{agent=" + agent + ", repository=" + repository + ", tags=" + tags + ", platforms="
                + platforms + (registry == null ? "" : ", registry=" + registry) + "}";
    }

    /** Builder with the documented defaults; {@link #build()} validates. */
    public static final class Builder {
        String agent;
        String repository;
        String repositoryPrefix = AgentNames.DEFAULT_REPOSITORY_PREFIX;
        Path contextDirectory;
        Path dockerfile;
        String target;
        final Map<String, String> buildArgs = new LinkedHashMap<>();
        final Map<String, String> labels = new LinkedHashMap<>();
        final List<String> tags = new ArrayList<>();
        String buildIdentity;
        boolean gitCommitTag;
        String semanticVersion;
        GitMetadata gitMetadata;
        boolean readGit = true;
        final List<String> platforms = new ArrayList<>();
        boolean noCache;
        boolean pull;
        String buildNetwork;
        final RepositorySettings.Builder settings = RepositorySettings.builder();
        Severity failOnSeverity = Severity.NONE;
        Duration scanTimeout = DEFAULT_SCAN_TIMEOUT;
        ScanUnavailablePolicy scanUnavailable = ScanUnavailablePolicy.WARN;
        String registry;
        String registryUsername;
        String registryPassword;
        Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The agent name (snake_case); required. */
        public Builder agent(String agent) {
            this.agent = agent;
            return this;
        }

        /** Overrides the repository name derived from the prefix and the agent. */
        public Builder repository(String repository) {
            this.repository = blankToNull(repository);
            return this;
        }

        /** Prefix of the derived repository name; default {@code agentic-platform-}. */
        public Builder repositoryPrefix(String repositoryPrefix) {
            this.repositoryPrefix = repositoryPrefix == null ? AgentNames.DEFAULT_REPOSITORY_PREFIX : repositoryPrefix;
            return this;
        }

        /** The build context directory; required. Relative paths are resolved against the working directory. */
        public Builder contextDirectory(Path contextDirectory) {
            this.contextDirectory = contextDirectory;
            return this;
        }

        /** The Dockerfile; relative paths are resolved against the context. Default: the agent's Dockerfile. */
        public Builder dockerfile(Path dockerfile) {
            this.dockerfile = dockerfile;
            return this;
        }

        /** The Dockerfile stage to build; default the last. */
        public Builder target(String target) {
            this.target = blankToNull(target);
            return this;
        }

        public Builder buildArgs(Map<String, String> buildArgs) {
            this.buildArgs.clear();
            if (buildArgs != null) {
                this.buildArgs.putAll(buildArgs);
            }
            return this;
        }

        public Builder buildArg(String name, String value) {
            this.buildArgs.put(name, value);
            return this;
        }

        /** Labels; they override the OCI labels filled from Git. */
        public Builder labels(Map<String, String> labels) {
            this.labels.clear();
            if (labels != null) {
                this.labels.putAll(labels);
            }
            return this;
        }

        /** The tags; when none are given, the build identity (or a UTC timestamp) and {@code latest}. */
        public Builder tags(List<String> tags) {
            this.tags.clear();
            if (tags != null) {
                this.tags.addAll(tags);
            }
            return this;
        }

        /** The build number or other identity of this build, the first default tag; default a UTC timestamp. */
        public Builder buildIdentity(String buildIdentity) {
            this.buildIdentity = blankToNull(buildIdentity);
            return this;
        }

        /** Also tag the image with the short Git commit of the context. */
        public Builder gitCommitTag(boolean gitCommitTag) {
            this.gitCommitTag = gitCommitTag;
            return this;
        }

        /** Also tag the image with this semantic version, for example {@code 1.4.2}; it also fills the version label. */
        public Builder semanticVersion(String semanticVersion) {
            this.semanticVersion = blankToNull(semanticVersion);
            return this;
        }

        /** Git data to use instead of reading the context's work tree, for example from the CI's variables. */
        public Builder gitMetadata(GitMetadata gitMetadata) {
            this.gitMetadata = gitMetadata;
            return this;
        }

        /** Whether to read Git data from the context when none was given; default true. */
        public Builder readGit(boolean readGit) {
            this.readGit = readGit;
            return this;
        }

        /** Platforms such as {@code linux/arm64}; two or more produce an image index. Default: the daemon's. */
        public Builder platforms(List<String> platforms) {
            this.platforms.clear();
            if (platforms != null) {
                platforms.stream().filter(p -> p != null && !p.isBlank()).forEach(this.platforms::add);
            }
            return this;
        }

        public Builder noCache(boolean noCache) {
            this.noCache = noCache;
            return this;
        }

        public Builder pull(boolean pull) {
            this.pull = pull;
            return this;
        }

        /** Network mode for RUN steps, for example {@code none} or {@code host}; {@code null} for the daemon's default. */
        public Builder buildNetwork(String buildNetwork) {
            this.buildNetwork = blankToNull(buildNetwork);
            return this;
        }

        /** Scan on push (default on at creation; an existing repository is changed only when given). */
        public Builder scanOnPush(Boolean scanOnPush) {
            settings.scanOnPush(scanOnPush);
            return this;
        }

        /** Tag mutability (default MUTABLE at creation; an existing repository is changed only when given). */
        public Builder tagMutability(TagMutability tagMutability) {
            settings.tagMutability(tagMutability);
            return this;
        }

        /** AES256 or KMS; fixed at creation, a difference on an existing repository is reported. */
        public Builder encryption(String encryption) {
            settings.encryption(encryption);
            return this;
        }

        /** The KMS key for KMS encryption. */
        public Builder kmsKey(String kmsKey) {
            settings.kmsKey(kmsKey);
            return this;
        }

        /** Keep the newest images; 0 for no such rule. Default 30 at creation when no lifecycle option is given. */
        public Builder lifecycleKeepLast(Integer keepLast) {
            settings.lifecycleKeepLast(keepLast);
            return this;
        }

        public Builder lifecycleExpireUntaggedDays(Integer days) {
            settings.lifecycleExpireUntaggedDays(days);
            return this;
        }

        public Builder lifecyclePolicyFile(Path file) {
            settings.lifecyclePolicyFile(file);
            return this;
        }

        /** Resource tags of the repository. */
        public Builder repositoryTags(Map<String, String> tags) {
            settings.resourceTags(tags);
            return this;
        }

        /** Replication destinations, {@code region} or {@code account:region}. */
        public Builder replicationDestinations(List<String> destinations) {
            settings.replicationDestinations(destinations);
            return this;
        }

        /** The scan gate's threshold; default {@link Severity#NONE} (report findings, never fail on them). */
        public Builder failOnSeverity(Severity failOnSeverity) {
            this.failOnSeverity = failOnSeverity == null ? Severity.NONE : failOnSeverity;
            return this;
        }

        /** How long to wait for the scan; default 5 minutes, zero to not wait (only with failOnSeverity NONE). */
        public Builder scanTimeout(Duration scanTimeout) {
            this.scanTimeout = scanTimeout == null ? DEFAULT_SCAN_TIMEOUT : scanTimeout;
            return this;
        }

        /** What the gate does when the scan is unsupported, failed or timed out; default WARN. */
        public Builder scanUnavailable(ScanUnavailablePolicy scanUnavailable) {
            this.scanUnavailable = scanUnavailable == null ? ScanUnavailablePolicy.WARN : scanUnavailable;
            return this;
        }

        /** Push to this registry instead of ECR: {@code host[:port]} or an http(s) URL. */
        public Builder registry(String registry) {
            this.registry = blankToNull(registry);
            return this;
        }

        /** The login for {@link #registry(String)}; both {@code null} for anonymous access. */
        public Builder registryLogin(String username, String password) {
            this.registryUsername = blankToNull(username);
            this.registryPassword = password == null || password.isEmpty() ? null : password;
            return this;
        }

        /** The clock of the default timestamp tag. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Validates every value, reads the Git data of the context and the lifecycle policy file, and
         * builds the request.
         *
         * @throws InvalidInputException naming the parameter, the value, the rule and the fix, when a
         *     name or tag breaks its rule, a file is missing, the target stage is not in the
         *     Dockerfile, or a setting is out of range
         */
        public EcrPushRequest build() {
            return new EcrPushRequest(new PushRequestResolver(this).resolve());
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value.trim();
        }
    }

    /** The tags when none are given: the build identity, or a UTC timestamp, and {@code latest}. */
    static List<String> defaultTags(String buildIdentity, Clock clock) {
        List<String> tags = new ArrayList<>();
        tags.add(buildIdentity != null ? buildIdentity : TIMESTAMP_TAG.format(clock.instant()));
        tags.add("latest");
        return tags;
    }

    static void requireTag(String parameter, String tag) {
        NameRules.requireImageTag(parameter, tag);
    }
}
