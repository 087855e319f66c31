package io.agentdeploy.ecr;

import io.agentdeploy.error.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The desired settings of an ECR repository. Every setting is optional: a repository that is
 * created gets the given value or the default, and an existing repository is reconciled only for
 * the settings that were given, so that settings another tool manages are left alone. Immutable;
 * {@link Builder#build()} checks every value and reads the lifecycle policy file.
 */
public final class RepositorySettings {

    static final boolean DEFAULT_SCAN_ON_PUSH = true;
    static final TagMutability DEFAULT_TAG_MUTABILITY = TagMutability.MUTABLE;
    static final String AES256 = "AES256";
    static final String KMS = "KMS";
    static final int DEFAULT_KEEP_LAST = 30;
    /** Images per repository allowed by the ECR service quota. */
    static final int MAX_KEEP_LAST = 100_000;
    static final int MAX_UNTAGGED_DAYS = 36_500;
    static final int MAX_RESOURCE_TAGS = 50;
    static final int MAX_REPLICATION_DESTINATIONS = 25;

    private static final Pattern KMS_KEY = Pattern.compile(
            "arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:(?:key/[0-9a-f-]{36}|alias/[\\w/-]+)|alias/[\\w/-]+|[0-9a-f-]{36}");
    private static final Pattern DESTINATION = Pattern.compile("(?:(\\d{12}):)?([a-z]{2}(?:-[a-z]+)+-\\d)");

    private final Boolean scanOnPush;
    private final TagMutability tagMutability;
    private final String encryption;
    private final String kmsKey;
    private final Integer lifecycleKeepLast;
    private final Integer lifecycleExpireUntaggedDays;
    private final Path lifecyclePolicyFile;
    private final String lifecyclePolicyText;
    private final Map<String, String> resourceTags;
    private final List<String> replicationDestinations;

    private RepositorySettings(Builder builder, String lifecyclePolicyText) {
        this.scanOnPush = builder.scanOnPush;
        this.tagMutability = builder.tagMutability;
        this.encryption = builder.encryption;
        this.kmsKey = builder.kmsKey;
        this.lifecycleKeepLast = builder.lifecycleKeepLast;
        this.lifecycleExpireUntaggedDays = builder.lifecycleExpireUntaggedDays;
        this.lifecyclePolicyFile = builder.lifecyclePolicyFile;
        this.lifecyclePolicyText = lifecyclePolicyText;
        this.resourceTags = Collections.unmodifiableMap(new LinkedHashMap<>(builder.resourceTags));
        this.replicationDestinations = List.copyOf(builder.replicationDestinations);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings with nothing given: creation uses every default, an existing repository is left as it is. */
    public static RepositorySettings defaults() {
        return builder().build();
    }

    /** Scan on push, or {@code null} when not given (default {@value #DEFAULT_SCAN_ON_PUSH} at creation). */
    public Boolean scanOnPush() {
        return scanOnPush;
    }

    /** Tag mutability, or {@code null} when not given (default MUTABLE at creation). */
    public TagMutability tagMutability() {
        return tagMutability;
    }

    /** {@code AES256} or {@code KMS}, or {@code null} when not given (default AES256 at creation). */
    public String encryption() {
        return encryption;
    }

    /** The KMS key (ARN, alias or id) for KMS encryption, or {@code null} for the AWS managed key. */
    public String kmsKey() {
        return kmsKey;
    }

    /** Images the lifecycle policy keeps, 0 for no such rule, or {@code null} when not given. */
    public Integer lifecycleKeepLast() {
        return lifecycleKeepLast;
    }

    /** Days after which untagged images expire, or {@code null} when not given. */
    public Integer lifecycleExpireUntaggedDays() {
        return lifecycleExpireUntaggedDays;
    }

    /** The lifecycle policy file, or {@code null}. */
    public Path lifecyclePolicyFile() {
        return lifecyclePolicyFile;
    }

    /** Resource tags to apply; other tags on the repository are left alone. */
    public Map<String, String> resourceTags() {
        return resourceTags;
    }

    /** Replication destinations as {@code region} or {@code account:region}; empty when not managed. */
    public List<String> replicationDestinations() {
        return replicationDestinations;
    }

    /**
     * The lifecycle policy to enforce on an existing repository: the file's text, or the policy
     * composed from keep-last and expire-untagged; {@code null} when none was given.
     */
    String managedLifecyclePolicy() {
        return lifecyclePolicyText;
    }

    /** The lifecycle policy a created repository gets: the managed one, or keep the last 30 images. */
    String creationLifecyclePolicy() {
        if (lifecyclePolicyText != null) {
            return lifecyclePolicyText;
        }
        if (lifecycleKeepLast != null) {
            // Explicitly 0 and nothing else: no policy at all.
            return null;
        }
        return LifecyclePolicies.compose(DEFAULT_KEEP_LAST, null);
    }

    /**
     * Checks that a KMS key given as an ARN is in the repository's region, because ECR encrypts a
     * repository only with a key of its own region. An alias or key id is looked up in that region.
     *
     * @throws InvalidInputException naming the key, both regions and the fix
     */
    void requireKmsKeyIn(String region) {
        if (kmsKey == null || !kmsKey.startsWith("arn:")) {
            return;
        }
        String keyRegion = kmsKey.split(":")[3];
        if (!keyRegion.equals(region)) {
            throw new InvalidInputException("kmsKey", kmsKey, "the key is in " + keyRegion + ", and ECR encrypts a"
                    + " repository in " + region + " only with a KMS key in " + region + ".",
                    "Use a key in " + region + " (a multi-Region key can have a replica there), or leave the key out"
                            + " for the AWS managed key.");
        }
    }

    boolean creationScanOnPush() {
        return scanOnPush == null ? DEFAULT_SCAN_ON_PUSH : scanOnPush;
    }

    TagMutability creationTagMutability() {
        return tagMutability == null ? DEFAULT_TAG_MUTABILITY : tagMutability;
    }

    String creationEncryption() {
        return encryption == null ? AES256 : encryption;
    }

    /** Builder; {@link #build()} validates. */
    public static final class Builder {
        private Boolean scanOnPush;
        private TagMutability tagMutability;
        private String encryption;
        private String kmsKey;
        private Integer lifecycleKeepLast;
        private Integer lifecycleExpireUntaggedDays;
        private Path lifecyclePolicyFile;
        private final Map<String, String> resourceTags = new LinkedHashMap<>();
        private final List<String> replicationDestinations = new ArrayList<>();

        private Builder() {
        }

        public Builder scanOnPush(Boolean scanOnPush) {
            this.scanOnPush = scanOnPush;
            return this;
        }

        public Builder tagMutability(TagMutability tagMutability) {
            this.tagMutability = tagMutability;
            return this;
        }

        /** {@code AES256} or {@code KMS} (case-insensitive); with a {@link #kmsKey(String)} alone, KMS. */
        public Builder encryption(String encryption) {
            this.encryption = blankToNull(encryption);
            return this;
        }

        /** A KMS key ARN, alias ARN, {@code alias/name} or key id; implies KMS encryption. */
        public Builder kmsKey(String kmsKey) {
            this.kmsKey = blankToNull(kmsKey);
            return this;
        }

        /** Keep the newest {@code keepLast} images (tagged or not); 0 for no such rule. */
        public Builder lifecycleKeepLast(Integer keepLast) {
            this.lifecycleKeepLast = keepLast;
            return this;
        }

        /** Expire untagged images {@code days} after their push. */
        public Builder lifecycleExpireUntaggedDays(Integer days) {
            this.lifecycleExpireUntaggedDays = days;
            return this;
        }

        /** A lifecycle policy document (JSON) to apply as it is; excludes the two options above. */
        public Builder lifecyclePolicyFile(Path file) {
            this.lifecyclePolicyFile = file;
            return this;
        }

        public Builder resourceTags(Map<String, String> tags) {
            this.resourceTags.clear();
            if (tags != null) {
                this.resourceTags.putAll(tags);
            }
            return this;
        }

        /** Destinations as {@code us-west-2} (same account) or {@code 210987654321:us-west-2}. */
        public Builder replicationDestinations(List<String> destinations) {
            this.replicationDestinations.clear();
            if (destinations != null) {
                destinations.stream().map(String::trim).filter(d -> !d.isEmpty())
                        .forEach(this.replicationDestinations::add);
            }
            return this;
        }

        /**
         * Validates and builds the settings, reading the lifecycle policy file.
         *
         * @throws InvalidInputException naming the setting, the value, the rule and the fix
         */
        public RepositorySettings build() {
            requireEncryption();
            String policy = lifecyclePolicy();
            requireResourceTags();
            for (String destination : replicationDestinations) {
                if (!DESTINATION.matcher(destination).matches()) {
                    throw new InvalidInputException("replicationDestinations", destination,
                            "a destination is a region such as 'us-west-2', or an account and a region such as"
                                    + " '210987654321:us-west-2'.", "Write each destination in one of these forms.");
                }
            }
            if (replicationDestinations.size() > MAX_REPLICATION_DESTINATIONS) {
                throw new InvalidInputException("replicationDestinations", String.join(",", replicationDestinations),
                        "at most " + MAX_REPLICATION_DESTINATIONS + " destinations are supported.",
                        "Replicate to fewer regions.");
            }
            return new RepositorySettings(this, policy);
        }

        private void requireEncryption() {
            if (encryption != null) {
                String upper = encryption.toUpperCase(java.util.Locale.ROOT);
                if (!upper.equals(AES256) && !upper.equals(KMS)) {
                    throw new InvalidInputException("encryption", encryption,
                            "the repository encryption is AES256 (keys managed by Amazon S3) or KMS (AWS KMS).",
                            "Use AES256, or KMS with an optional kmsKey.");
                }
                encryption = upper;
            }
            if (kmsKey != null) {
                if (AES256.equals(encryption)) {
                    throw new InvalidInputException("kmsKey", kmsKey,
                            "a KMS key is only used with KMS encryption, and encryption is AES256.",
                            "Set encryption to KMS, or leave the key out.");
                }
                if (!KMS_KEY.matcher(kmsKey).matches()) {
                    throw new InvalidInputException("kmsKey", kmsKey,
                            "a KMS key is a key ARN, an alias ARN, 'alias/<name>' or a key id.",
                            "Copy the key's ARN from the KMS console or `aws kms describe-key`.");
                }
                encryption = KMS;
            }
        }

        private String lifecyclePolicy() {
            if (lifecycleKeepLast != null && (lifecycleKeepLast < 0 || lifecycleKeepLast > MAX_KEEP_LAST)) {
                throw new InvalidInputException("lifecycleKeepLast", String.valueOf(lifecycleKeepLast),
                        "the number of images to keep must be between 0 (no such rule) and " + MAX_KEEP_LAST + ".",
                        "Choose a value such as " + DEFAULT_KEEP_LAST + ".");
            }
            if (lifecycleExpireUntaggedDays != null
                    && (lifecycleExpireUntaggedDays < 1 || lifecycleExpireUntaggedDays > MAX_UNTAGGED_DAYS)) {
                throw new InvalidInputException("lifecycleExpireUntaggedDays",
                        String.valueOf(lifecycleExpireUntaggedDays),
                        "untagged images expire after 1 to " + MAX_UNTAGGED_DAYS + " days.", "Choose a value such as 7.");
            }
            if (lifecyclePolicyFile == null) {
                int keepLast = lifecycleKeepLast == null ? 0 : lifecycleKeepLast;
                return keepLast == 0 && lifecycleExpireUntaggedDays == null ? null
                        : LifecyclePolicies.compose(keepLast, lifecycleExpireUntaggedDays);
            }
            if (lifecycleKeepLast != null || lifecycleExpireUntaggedDays != null) {
                throw new InvalidInputException("lifecyclePolicyFile", lifecyclePolicyFile.toString(),
                        "a policy file cannot be combined with lifecycleKeepLast or lifecycleExpireUntaggedDays.",
                        "Put every rule into the file, or use the two options without a file.");
            }
            String text;
            try {
                text = Files.readString(lifecyclePolicyFile);
            } catch (IOException e) {
                throw new InvalidInputException("lifecyclePolicyFile", lifecyclePolicyFile.toString(),
                        "the file cannot be read (" + e.getMessage() + ").", "Pass the path of a readable JSON file.");
            }
            LifecyclePolicies.requireValid(lifecyclePolicyFile.toString(), text);
            return text;
        }

        private void requireResourceTags() {
            if (resourceTags.size() > MAX_RESOURCE_TAGS) {
                throw new InvalidInputException("repositoryTags", String.valueOf(resourceTags.size()),
                        "a repository has at most " + MAX_RESOURCE_TAGS + " tags.", "Pass fewer tags.");
            }
            resourceTags.forEach((key, value) -> {
                if (key == null || key.isEmpty() || key.length() > 128 || key.startsWith("aws:")) {
                    throw new InvalidInputException("repositoryTags", key,
                            "a tag key has 1 to 128 characters and does not start with 'aws:'.", "Rename the key.");
                }
                if (value == null || value.length() > 256) {
                    throw new InvalidInputException("repositoryTags", key,
                            "a tag value has 0 to 256 characters.", "Pass it as KEY=VALUE with a shorter value.");
                }
            });
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value.trim();
        }
    }
}
