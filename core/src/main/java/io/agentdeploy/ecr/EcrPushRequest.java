package io.agentdeploy.ecr;

import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.naming.AgentNames;
import io.agentdeploy.naming.NameRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What {@link EcrPushService#push(EcrPushRequest)} builds and where it pushes it: the agent, the
 * repository and its settings for creation, the build context, Dockerfile and build options, and
 * the tags. Immutable; {@link Builder#build()} checks every value and the files before anything
 * changes.
 */
public final class EcrPushRequest {

    /** Tags get this UTC timestamp form by default, for example {@code 20261204-201530}. */
    static final DateTimeFormatter TIMESTAMP_TAG = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    static final String ENCRYPTION_AES256 = "AES256";
    static final int DEFAULT_KEEP_LAST = 30;
    /** Images per repository allowed by the ECR service quota. */
    static final int MAX_KEEP_LAST = 100_000;

    private final AgentNames agent;
    private final String repository;
    private final String repositoryPrefix;
    private final Path contextDirectory;
    private final Path dockerfile;
    private final String target;
    private final Map<String, String> buildArgs;
    private final Map<String, String> labels;
    private final List<String> tags;
    private final boolean noCache;
    private final boolean pull;
    private final String buildNetwork;
    private final boolean scanOnPush;
    private final TagMutability tagMutability;
    private final String encryption;
    private final int lifecycleKeepLast;

    private EcrPushRequest(Builder builder, AgentNames agent, String repository, Path contextDirectory, Path dockerfile,
            List<String> tags) {
        this.agent = agent;
        this.repository = repository;
        this.repositoryPrefix = builder.repositoryPrefix;
        this.contextDirectory = contextDirectory;
        this.dockerfile = dockerfile;
        this.target = builder.target;
        this.buildArgs = Collections.unmodifiableMap(new LinkedHashMap<>(builder.buildArgs));
        this.labels = Collections.unmodifiableMap(new LinkedHashMap<>(builder.labels));
        this.tags = List.copyOf(tags);
        this.noCache = builder.noCache;
        this.pull = builder.pull;
        this.buildNetwork = builder.buildNetwork;
        this.scanOnPush = builder.scanOnPush;
        this.tagMutability = builder.tagMutability;
        this.encryption = builder.encryption;
        this.lifecycleKeepLast = builder.lifecycleKeepLast;
    }

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

    public String repositoryPrefix() {
        return repositoryPrefix;
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

    public Map<String, String> labels() {
        return labels;
    }

    /** The tags to push, in order, without duplicates; the first one names {@code imageUri}. */
    public List<String> tags() {
        return tags;
    }

    public boolean noCache() {
        return noCache;
    }

    public boolean pull() {
        return pull;
    }

    /** The network mode of the build's RUN steps, or {@code null} for the daemon's default. */
    public String buildNetwork() {
        return buildNetwork;
    }

    public boolean scanOnPush() {
        return scanOnPush;
    }

    public TagMutability tagMutability() {
        return tagMutability;
    }

    /** The repository's encryption type; {@code AES256}. */
    public String encryption() {
        return encryption;
    }

    /** How many images the lifecycle policy keeps; 0 means no lifecycle policy is set. */
    public int lifecycleKeepLast() {
        return lifecycleKeepLast;
    }

    /** Builder with the documented defaults; {@link #build()} validates. */
    public static final class Builder {
        private static final Pattern BUILD_ARG = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
        private static final Pattern NETWORK = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]*");

        private String agent;
        private String repository;
        private String repositoryPrefix = AgentNames.DEFAULT_REPOSITORY_PREFIX;
        private Path contextDirectory;
        private Path dockerfile;
        private String target;
        private final Map<String, String> buildArgs = new LinkedHashMap<>();
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final List<String> tags = new ArrayList<>();
        private boolean noCache;
        private boolean pull;
        private String buildNetwork;
        private boolean scanOnPush = true;
        private TagMutability tagMutability = TagMutability.MUTABLE;
        private String encryption = ENCRYPTION_AES256;
        private int lifecycleKeepLast = DEFAULT_KEEP_LAST;
        private Clock clock = Clock.systemUTC();

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

        public Builder labels(Map<String, String> labels) {
            this.labels.clear();
            if (labels != null) {
                this.labels.putAll(labels);
            }
            return this;
        }

        /** The tags; when none are given, a UTC timestamp tag and {@code latest}. */
        public Builder tags(List<String> tags) {
            this.tags.clear();
            if (tags != null) {
                this.tags.addAll(tags);
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

        public Builder scanOnPush(boolean scanOnPush) {
            this.scanOnPush = scanOnPush;
            return this;
        }

        public Builder tagMutability(TagMutability tagMutability) {
            this.tagMutability = tagMutability == null ? TagMutability.MUTABLE : tagMutability;
            return this;
        }

        public Builder encryption(String encryption) {
            this.encryption = encryption == null ? ENCRYPTION_AES256 : encryption;
            return this;
        }

        public Builder lifecycleKeepLast(int lifecycleKeepLast) {
            this.lifecycleKeepLast = lifecycleKeepLast;
            return this;
        }

        /** The clock of the default timestamp tag. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Validates every value and builds the request.
         *
         * @throws InvalidInputException naming the parameter, the value, the rule and the fix, when a
         *     name breaks its rule, the context or Dockerfile is missing, or the target stage is not
         *     in the Dockerfile
         */
        public EcrPushRequest build() {
            AgentNames names = AgentNames.of(agent);
            String repositoryName = repository != null
                    ? NameRules.requireEcrRepositoryName("repository", repository)
                    : names.ecrRepository(repositoryPrefix);
            Path context = requireContext();
            Path file = requireDockerfile(names, context);
            if (target != null) {
                DockerfileStages.requireStage(file, target);
            }
            buildArgs.forEach(Builder::requireBuildArg);
            labels.forEach(Builder::requireLabel);
            if (buildNetwork != null && !NETWORK.matcher(buildNetwork).matches()) {
                throw new InvalidInputException("buildNetwork", buildNetwork,
                        "a build network is 'default', 'none', 'host' or the name of a Docker network.",
                        "Use 'none' or 'host' when the build needs no bridge network.");
            }
            if (!ENCRYPTION_AES256.equals(encryption)) {
                throw new InvalidInputException("encryption", encryption,
                        "only AES256 (keys managed by Amazon S3) is supported.", "Leave encryption unset or set it to AES256.");
            }
            if (lifecycleKeepLast < 0 || lifecycleKeepLast > MAX_KEEP_LAST) {
                throw new InvalidInputException("lifecycleKeepLast", String.valueOf(lifecycleKeepLast),
                        "the number of images to keep must be between 0 (no lifecycle policy) and " + MAX_KEEP_LAST + ".",
                        "Choose a value such as " + DEFAULT_KEEP_LAST + ".");
            }
            return new EcrPushRequest(this, names, repositoryName, context, file, resolveTags());
        }

        private Path requireContext() {
            if (contextDirectory == null) {
                throw new InvalidInputException("context", null, "a build context directory is required.",
                        "Set it to the directory the Dockerfile's COPY paths are relative to, usually the repository root.");
            }
            Path context = contextDirectory.toAbsolutePath().normalize();
            if (!Files.isDirectory(context)) {
                throw new InvalidInputException("context", context.toString(), "the directory does not exist.",
                        "Pass an existing directory, usually the repository root.");
            }
            return context;
        }

        private Path requireDockerfile(AgentNames names, Path context) {
            boolean derived = dockerfile == null;
            Path file = context.resolve(derived ? names.dockerfile() : dockerfile).normalize();
            if (!Files.isRegularFile(file)) {
                String fix = derived
                        ? "By convention the agent's Dockerfile is " + names.dockerfile() + " under the context; set"
                                + " dockerfile to its path."
                        : "Pass the path of an existing Dockerfile, relative to the context or absolute.";
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

        private List<String> resolveTags() {
            List<String> requested = tags.isEmpty()
                    ? List.of(TIMESTAMP_TAG.format(clock.instant()), "latest")
                    : tags;
            LinkedHashSet<String> unique = new LinkedHashSet<>();
            for (String tag : requested) {
                unique.add(NameRules.requireImageTag("tag", tag == null ? null : tag.trim()));
            }
            return new ArrayList<>(unique);
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value.trim();
        }
    }
}
