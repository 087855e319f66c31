package io.agentdeploy.eks;

import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.naming.AgentNames;
import io.agentdeploy.naming.NameRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A request to deploy an agent to Kubernetes. It names the agent and the image, the source of the
 * objects (a values file with overrides, a Helm chart, or manifest files), the namespace and the
 * cluster access. It also carries the rollout settings: timeout, restart threshold, tolerance of
 * failing pods, conflict handling, rollback and its timeout, and whether to only render.
 * Built with {@link #builder()}, which checks every value before anything is contacted.
 */
public final class EksDeployRequest {

    /** Rollout timeout when none is given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    /** Longest accepted rollout timeout. */
    public static final Duration MAX_TIMEOUT = Duration.ofHours(6);

    /** Shortest accepted rollout timeout; the progress deadline is derived from it and must leave the cluster time. */
    public static final Duration MIN_TIMEOUT = Duration.ofSeconds(10);

    /** Restarts of a crashing container that fail the rollout when no other threshold is given. */
    public static final int DEFAULT_RESTART_THRESHOLD = 2;

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
    private final Path chart;
    private final List<Path> manifests;
    private final boolean rollback;
    private final boolean keepFailed;
    private final Duration rollbackTimeout;
    private final boolean tolerateFailuresUntilDeadline;
    private final int restartThreshold;
    private final boolean forceConflicts;
    private final Path renderTo;

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
        this.chart = builder.chart;
        this.manifests = List.copyOf(builder.manifests);
        this.rollback = builder.rollback;
        this.keepFailed = builder.keepFailed;
        this.rollbackTimeout = builder.rollbackTimeout != null ? builder.rollbackTimeout : builder.timeout;
        this.tolerateFailuresUntilDeadline = builder.tolerateFailuresUntilDeadline;
        this.restartThreshold = builder.restartThreshold;
        this.forceConflicts = builder.forceConflicts;
        this.renderTo = builder.renderTo;
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

    /** Returns what the objects are made from: the built-in manifests, a Helm chart or manifest files. */
    public Source source() {
        if (chart != null) {
            return Source.CHART;
        }
        return manifests.isEmpty() ? Source.VALUES : Source.MANIFESTS;
    }

    /** Returns the values file: required for the built-in manifests, optional for a chart, absent for manifest files. */
    public Optional<Path> valuesFile() {
        return Optional.ofNullable(valuesFile);
    }

    /** Returns the Helm chart folder (or packaged {@code .tgz}), when the objects come from a chart. */
    public Optional<Path> chart() {
        return Optional.ofNullable(chart);
    }

    /** Returns the manifest files (or folders of them), when the objects come from plain manifests. */
    public List<Path> manifests() {
        return manifests;
    }

    /** Dotted-key overrides applied on top of the values file, in the order given. */
    public Map<String, String> overrides() {
        return overrides;
    }

    /** Returns the namespace, or empty to take it from the values file (then {@code default}). */
    public Optional<String> namespace() {
        return Optional.ofNullable(namespace);
    }

    /** Returns how to reach the cluster; empty only when {@link #renderTo()} is set and no cluster is consulted. */
    public Optional<ClusterAccess> clusterAccess() {
        return Optional.ofNullable(clusterAccess);
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

    /** Returns whether a failed rollout is rolled back to the last good recorded state (the default). */
    public boolean rollback() {
        return rollback;
    }

    /** Returns whether the objects a failed first deployment created are kept instead of deleted. */
    public boolean keepFailed() {
        return keepFailed;
    }

    /** Returns how long to wait for the restored state after a rollback; the rollout timeout unless set. */
    public Duration rollbackTimeout() {
        return rollbackTimeout;
    }

    /**
     * Returns whether failing pods (crash loops, image pulls, unschedulable) are tolerated until the
     * progress deadline, for agents that restart while their dependencies start.
     */
    public boolean tolerateFailuresUntilDeadline() {
        return tolerateFailuresUntilDeadline;
    }

    /** Returns how many restarts of a crashing container fail the rollout. */
    public int restartThreshold() {
        return restartThreshold;
    }

    /** Returns whether server-side apply takes over fields another field manager owns, instead of failing. */
    public boolean forceConflicts() {
        return forceConflicts;
    }

    /** Returns the folder to write the manifests to instead of applying them, if set. */
    public Optional<Path> renderTo() {
        return Optional.ofNullable(renderTo);
    }

    /** The source of the objects: built-in manifests, a Helm chart or manifest files. */
    public enum Source {
        /** The built-in manifests, rendered from a values file. */
        VALUES,
        /** A Helm chart rendered by the Helm engine, with an optional values file. */
        CHART,
        /** Kubernetes YAML files with the image substituted. */
        MANIFESTS
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
        private Path chart;
        private final List<Path> manifests = new ArrayList<>();
        private boolean rollback = true;
        private boolean keepFailed;
        private Duration rollbackTimeout;
        private boolean tolerateFailuresUntilDeadline;
        private int restartThreshold = DEFAULT_RESTART_THRESHOLD;
        private boolean forceConflicts;
        private Path renderTo;

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

        /** Renders a Helm chart (a folder or a packaged {@code .tgz}) instead of the built-in manifests. */
        public Builder chart(Path chart) {
            this.chart = chart;
            return this;
        }

        /** Applies these manifest files (or every {@code .yaml}/{@code .yml} file of a folder) instead of the built-in manifests. */
        public Builder manifests(List<Path> manifests) {
            this.manifests.clear();
            this.manifests.addAll(manifests);
            return this;
        }

        public Builder rollback(boolean rollback) {
            this.rollback = rollback;
            return this;
        }

        public Builder keepFailed(boolean keepFailed) {
            this.keepFailed = keepFailed;
            return this;
        }

        public Builder rollbackTimeout(Duration rollbackTimeout) {
            this.rollbackTimeout = rollbackTimeout;
            return this;
        }

        public Builder tolerateFailuresUntilDeadline(boolean tolerate) {
            this.tolerateFailuresUntilDeadline = tolerate;
            return this;
        }

        public Builder restartThreshold(int restartThreshold) {
            this.restartThreshold = restartThreshold;
            return this;
        }

        public Builder forceConflicts(boolean forceConflicts) {
            this.forceConflicts = forceConflicts;
            return this;
        }

        public Builder renderTo(Path renderTo) {
            this.renderTo = renderTo;
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
            requireOneSource();
            if (clusterAccess == null && renderTo == null) {
                throw new InvalidInputException("cluster access", null, "a kubeconfig, an EKS cluster name or in-cluster"
                        + " access is required.", "Pass a kubeconfig, a cluster name, or in-cluster access.");
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
            if (rollbackTimeout != null && (rollbackTimeout.compareTo(MIN_TIMEOUT) < 0
                    || rollbackTimeout.compareTo(MAX_TIMEOUT) > 0)) {
                throw new InvalidInputException("rollback timeout", rollbackTimeout.toString(),
                        "the rollback timeout must be from " + MIN_TIMEOUT.toSeconds() + " seconds to "
                                + MAX_TIMEOUT.toHours() + " hours.", "Use a value such as 5m.");
            }
            if (restartThreshold < 1 || restartThreshold > 100) {
                throw new InvalidInputException("restart threshold", Integer.toString(restartThreshold),
                        "it must be from 1 to 100 restarts.", "Use a small number such as 2.");
            }
            if (!manifests.isEmpty() && !overrides.isEmpty()) {
                throw new InvalidInputException("set", String.join(",", overrides.keySet()),
                        "overrides apply to values, and manifest files have none.", "Drop the overrides, or edit the files.");
            }
            overrides.keySet().forEach(SetOverrides::parse);
            if (renderTo != null) {
                requireFolder(renderTo);
            }
            return new EksDeployRequest(this);
        }

        /** Rejects a render folder that is, or lies below, an existing file: it could be neither used nor created. */
        private static void requireFolder(Path folder) {
            Path existing = folder.toAbsolutePath().normalize();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null || Files.isDirectory(existing)) {
                return;
            }
            String problem = existing.equals(folder.toAbsolutePath().normalize())
                    ? "it is an existing file, but the manifests are written to a folder (created when it is missing)."
                    : existing + " is an existing file, so the folder below it cannot be created; the manifests are"
                            + " written to a folder (created when it is missing).";
            throw new InvalidInputException("render to", folder.toString(), problem,
                    "Pass the path of a folder, or of one to create, or move the file away.");
        }

        private void requireOneSource() {
            if (chart != null && !manifests.isEmpty()) {
                throw new InvalidInputException("chart", chart.toString(), "a chart and manifest files exclude each other.",
                        "Pass either a chart (with a values file) or manifest files.");
            }
            if (!manifests.isEmpty() && valuesFile != null) {
                throw new InvalidInputException("values", valuesFile.toString(), "manifest files take no values file.",
                        "Pass either manifest files or a values file.");
            }
            if (chart == null && manifests.isEmpty() && valuesFile == null) {
                throw new InvalidInputException("values", null, "a values file is required.",
                        "Pass the agent's values file, conventionally " + agent.valuesFile() + ".");
            }
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
