package io.agentdeploy.eks;

import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.naming.AgentNames;
import io.agentdeploy.naming.NameRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A request to deploy an agent to Kubernetes: the agent, the image, the values file with its overrides,
 * the namespace, the cluster access, the rollout timeout, whether a missing namespace may be
 * created, and the IAM role for the ServiceAccount (IRSA). Built with {@link #builder()}, which
 * checks every value before anything is contacted.
 */
public final class EksDeployRequest {

    /** Rollout timeout when none is given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    /** Longest accepted rollout timeout. */
    public static final Duration MAX_TIMEOUT = Duration.ofHours(6);

    /** Shortest accepted rollout timeout; the progress deadline is derived from it and must leave the cluster time. */
    public static final Duration MIN_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Image references: a repository path (optionally with a registry host and port), then a tag,
     * a digest or both. Follows the grammar of the distribution reference package.
     */
    static final Pattern IMAGE = Pattern.compile(
            "(?:(?<host>[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::\\d+)?)/)?"
                    + "(?<path>[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)"
                    + "(?::(?<tag>[\\w][\\w.-]{0,127}))?"
                    + "(?:@(?<digest>sha256:[a-f0-9]{64}))?");

    /** IAM role ARNs in any partition. */
    static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");

    private final AgentNames agent;
    private final String image;
    private final Path valuesFile;
    private final Map<String, String> overrides;
    private final String namespace;
    private final ClusterAccess clusterAccess;
    private final Duration timeout;
    private final boolean createNamespace;
    private final String iamRoleArn;

    private EksDeployRequest(Builder builder) {
        this.agent = builder.agent;
        this.image = builder.image;
        this.valuesFile = builder.valuesFile;
        this.overrides = Collections.unmodifiableMap(new LinkedHashMap<>(builder.overrides));
        this.namespace = builder.namespace;
        this.clusterAccess = builder.clusterAccess;
        this.timeout = builder.timeout;
        this.createNamespace = builder.createNamespace;
        this.iamRoleArn = builder.iamRoleArn;
    }

    public static Builder builder() {
        return new Builder();
    }

    public AgentNames agent() {
        return agent;
    }

    /** Returns the full image reference to run, usually {@code repository@sha256:…}. */
    public String image() {
        return image;
    }

    public Path valuesFile() {
        return valuesFile;
    }

    /** Dotted-key overrides applied on top of the values file, in the order given. */
    public Map<String, String> overrides() {
        return overrides;
    }

    /** Returns the namespace, or empty to take it from the values file (then {@code default}). */
    public Optional<String> namespace() {
        return Optional.ofNullable(namespace);
    }

    public ClusterAccess clusterAccess() {
        return clusterAccess;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Returns whether a missing namespace is created (the default) or is an error. */
    public boolean createNamespace() {
        return createNamespace;
    }

    /** Returns the IAM role ARN for the ServiceAccount's IRSA annotation, or empty to look it up in the shared ConfigMap. */
    public Optional<String> iamRoleArn() {
        return Optional.ofNullable(iamRoleArn);
    }

    /** Builder of {@link EksDeployRequest}; {@link #build()} validates. */
    public static final class Builder {

        private AgentNames agent;
        private String image;
        private Path valuesFile;
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private String namespace;
        private ClusterAccess clusterAccess;
        private Duration timeout = DEFAULT_TIMEOUT;
        private boolean createNamespace = true;
        private String iamRoleArn;

        private Builder() {
        }

        public Builder agent(AgentNames agent) {
            this.agent = agent;
            return this;
        }

        /** Sets the agent by name; the name is checked here. */
        public Builder agent(String agent) {
            this.agent = AgentNames.of(agent);
            return this;
        }

        public Builder image(String image) {
            this.image = image;
            return this;
        }

        public Builder valuesFile(Path valuesFile) {
            this.valuesFile = valuesFile;
            return this;
        }

        /** Adds one override, for example {@code service.port} = {@code 8080}. */
        public Builder set(String key, String value) {
            this.overrides.put(key, value);
            return this;
        }

        public Builder set(Map<String, String> overrides) {
            this.overrides.putAll(overrides);
            return this;
        }

        public Builder namespace(String namespace) {
            this.namespace = namespace == null || namespace.isBlank() ? null : namespace;
            return this;
        }

        public Builder clusterAccess(ClusterAccess clusterAccess) {
            this.clusterAccess = clusterAccess;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder createNamespace(boolean createNamespace) {
            this.createNamespace = createNamespace;
            return this;
        }

        public Builder iamRoleArn(String iamRoleArn) {
            this.iamRoleArn = iamRoleArn == null || iamRoleArn.isBlank() ? null : iamRoleArn;
            return this;
        }

        /**
         * Checks the values and builds the request.
         *
         * @throws InvalidInputException naming the first invalid parameter
         */
        public EksDeployRequest build() {
            if (agent == null) {
                throw new InvalidInputException("agent", null, "a value is required.", "Set agent.");
            }
            requireImage();
            if (valuesFile == null) {
                throw new InvalidInputException("values", null, "a values file is required.",
                        "Pass the agent's values file, conventionally " + agent.valuesFile() + ".");
            }
            if (clusterAccess == null) {
                throw new InvalidInputException("kubeconfig", null, "cluster access is required.",
                        "Pass a kubeconfig file or its content.");
            }
            if (namespace != null) {
                NameRules.requireKubernetesName("namespace", namespace);
            }
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
                throw new InvalidInputException("timeout", timeout.toString(),
                        "the rollout timeout must be from " + MIN_TIMEOUT.toSeconds() + " seconds to "
                                + MAX_TIMEOUT.toHours() + " hours.", "Use a value such as 10m.");
            }
            if (iamRoleArn != null && !ROLE_ARN.matcher(iamRoleArn).matches()) {
                throw new InvalidInputException("iam role ARN", iamRoleArn,
                        "an IAM role ARN looks like arn:aws:iam::123456789012:role/name.", "Pass the role's full ARN.");
            }
            overrides.keySet().forEach(SetOverrides::parse);
            return new EksDeployRequest(this);
        }

        private void requireImage() {
            if (image == null || image.isBlank()) {
                throw new InvalidInputException("image", null, "a value is required.",
                        "Pass the image to deploy, for example the imageRef that the ECR push returned.");
            }
            var matcher = IMAGE.matcher(image);
            if (!matcher.matches()) {
                throw new InvalidInputException("image", image,
                        "an image reference is [registry/]repository[:tag][@sha256:digest], with a lowercase repository.",
                        "Pass a reference such as 123456789012.dkr.ecr.us-east-1.amazonaws.com/repo@sha256:<64 hex digits>.");
            }
            if (matcher.group("tag") == null && matcher.group("digest") == null) {
                throw new InvalidInputException("image", image,
                        "the reference names neither a tag nor a digest, so the cluster would pull ':latest'.",
                        "Add the digest (@sha256:…) or a tag.");
            }
        }
    }
}
