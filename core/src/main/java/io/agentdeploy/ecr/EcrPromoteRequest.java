package io.agentdeploy.ecr;

import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.naming.NameRules;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@link EcrPromoteService#promote(EcrPromoteRequest)} copies where: an image in an ECR
 * repository, named by digest or tag, to tags of another (or the same) repository, region or
 * account. Immutable; {@link Builder#build()} validates every value.
 */
public final class EcrPromoteRequest {

    /** {@code <account>.dkr.ecr.<region>.amazonaws.com[.cn]/<repository>[:tag][@digest]}, or without the host. */
    private static final Pattern REFERENCE = Pattern.compile(
            "(?:(\\d{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?/)?"
                    + "([a-z0-9][a-z0-9._/-]*?)(?::([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@(sha256:[0-9a-f]{64}))?");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(?:-[a-z]+)+-\\d");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

    private final String sourceRegistryId;
    private final String sourceRegion;
    private final String sourceRepository;
    private final String sourceTag;
    private final String sourceDigest;
    private final String targetRepository;
    private final String targetRegion;
    private final String targetRegistryId;
    private final List<String> tags;
    private final RepositorySettings targetSettings;

    private EcrPromoteRequest(Builder builder, Matcher source, List<String> tags) {
        this.sourceRegistryId = source.group(1);
        this.sourceRegion = source.group(2);
        this.sourceRepository = source.group(3);
        this.sourceTag = source.group(4);
        this.sourceDigest = source.group(5);
        this.targetRepository = builder.targetRepository == null ? sourceRepository : builder.targetRepository;
        this.targetRegion = builder.targetRegion;
        this.targetRegistryId = builder.targetRegistryId;
        this.tags = List.copyOf(tags);
        this.targetSettings = builder.targetSettings == null ? RepositorySettings.defaults() : builder.targetSettings;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The source registry's account, or {@code null} for the caller's own. */
    public String sourceRegistryId() {
        return sourceRegistryId;
    }

    /** The source region, or {@code null} for the clients' region. */
    public String sourceRegion() {
        return sourceRegion;
    }

    public String sourceRepository() {
        return sourceRepository;
    }

    /** The source tag, or {@code null} when the source is named by digest only. */
    public String sourceTag() {
        return sourceTag;
    }

    /** The source digest, or {@code null} when the source is named by tag only. */
    public String sourceDigest() {
        return sourceDigest;
    }

    public String targetRepository() {
        return targetRepository;
    }

    /** The target region, or {@code null} for the source's region. */
    public String targetRegion() {
        return targetRegion;
    }

    /** The target account, or {@code null} for the caller's own. */
    public String targetRegistryId() {
        return targetRegistryId;
    }

    /** The tags the image gets in the target repository. */
    public List<String> tags() {
        return tags;
    }

    /** Settings of the target repository when it has to be created (and of those given, when it exists). */
    public RepositorySettings targetSettings() {
        return targetSettings;
    }

    /** Builder; {@link #build()} validates. */
    public static final class Builder {
        private String source;
        private String targetRepository;
        private String targetRegion;
        private String targetRegistryId;
        private final List<String> tags = new ArrayList<>();
        private RepositorySettings targetSettings;

        private Builder() {
        }

        /**
         * The image to promote: a repository URI with {@code @sha256:...} (preferred: the digest that
         * was tested) or {@code :tag}, or {@code <repository>@<digest>} in the caller's registry.
         */
        public Builder source(String source) {
            this.source = source == null ? null : source.trim();
            return this;
        }

        /** The target repository; default the source's. */
        public Builder targetRepository(String targetRepository) {
            this.targetRepository = blankToNull(targetRepository);
            return this;
        }

        /** The target region; default the source's. */
        public Builder targetRegion(String targetRegion) {
            this.targetRegion = blankToNull(targetRegion);
            return this;
        }

        /** The target account; default the caller's. */
        public Builder targetRegistryId(String targetRegistryId) {
            this.targetRegistryId = blankToNull(targetRegistryId);
            return this;
        }

        /** The target tags; default the source's tag when the source is named by tag. */
        public Builder tags(List<String> tags) {
            this.tags.clear();
            if (tags != null) {
                this.tags.addAll(tags);
            }
            return this;
        }

        /** Settings for the target repository; default: create it with the defaults, change nothing. */
        public Builder targetSettings(RepositorySettings targetSettings) {
            this.targetSettings = targetSettings;
            return this;
        }

        /**
         * Validates and builds the request.
         *
         * @throws InvalidInputException naming the parameter, the value, the rule and the fix
         */
        public EcrPromoteRequest build() {
            if (source == null || source.isEmpty()) {
                throw new InvalidInputException("source", null, "the image to promote is required.",
                        "Pass its reference by digest, for example the imageRef of the push.");
            }
            Matcher matcher = REFERENCE.matcher(source);
            if (!matcher.matches() || (matcher.group(4) == null && matcher.group(5) == null)) {
                throw new InvalidInputException("source", source, "the source is an ECR image reference with a tag or"
                        + " a digest: <account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:<64 hex> or"
                        + " <repository>:<tag>.", "Use the imageRef of the push, which names the digest.");
            }
            requireEcrSource(matcher);

            if (targetRepository != null) {
                NameRules.requireEcrRepositoryName("targetRepository", targetRepository);
            }
            if (targetRegion != null && !REGION.matcher(targetRegion).matches()) {
                throw new InvalidInputException("targetRegion", targetRegion, "an AWS region looks like 'us-west-2'.",
                        "Check the spelling of the region.");
            }
            if (targetRegistryId != null && !ACCOUNT.matcher(targetRegistryId).matches()) {
                throw new InvalidInputException("targetRegistryId", targetRegistryId,
                        "a registry id is the 12-digit AWS account id.", "Pass the target account's id.");
            }

            List<String> requested = tags.isEmpty() && matcher.group(4) != null ? List.of(matcher.group(4)) : tags;
            if (requested.isEmpty()) {
                throw new InvalidInputException("tags", null, "a source named by digest needs at least one target tag.",
                        "Pass the tag the image gets in the target, for example 'prod'.");
            }
            LinkedHashSet<String> unique = new LinkedHashSet<>();
            requested.forEach(tag -> unique.add(NameRules.requireImageTag("tags", tag == null ? null : tag.trim())));
            PushRequestResolver.requireTagCount(unique.size());
            return new EcrPromoteRequest(this, matcher, new ArrayList<>(unique));
        }

        /**
         * Rejects a source that names another registry or a region that cannot be an AWS region,
         * before any call. As in Docker image references, a first path part with a '.' or ':', or
         * {@code localhost}, is a registry host, so {@code docker.io/library/python:3.12} names Docker
         * Hub and not an ECR repository called {@code docker.io/library/python}.
         */
        private void requireEcrSource(Matcher matcher) {
            String repository = matcher.group(3);
            String firstPart = repository.substring(0, repository.indexOf('/') < 0 ? repository.length()
                    : repository.indexOf('/'));
            boolean namesHost = repository.contains("/")
                    && (firstPart.contains(".") || firstPart.contains(":") || firstPart.equals("localhost"));
            if (matcher.group(1) == null && namesHost) {
                throw new InvalidInputException("source", source, "'" + firstPart + "' is a registry host, and"
                        + " promote copies images between Amazon ECR repositories only.", "Push the image to ECR"
                        + " first and promote that, named as <account>.dkr.ecr.<region>.amazonaws.com/<repository>"
                        + "@sha256:<digest>, or as <repository>@sha256:<digest> in the current account and region."
                        + " An ECR repository whose name starts with such a part is written with its ECR host.");
            }
            String region = matcher.group(2);
            if (region != null && !REGION.matcher(region).matches()) {
                throw new InvalidInputException("source", source, "'" + region + "' in the registry host is not an"
                        + " AWS region such as 'us-east-1'.", "Copy the repository URI from the push result"
                        + " (repositoryUri or imageRef).");
            }
            NameRules.requireEcrRepositoryName("source repository", repository);
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value.trim();
        }
    }
}
