package io.agentdeploy.ecr;

import io.agentdeploy.progress.ProgressListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.EncryptionType;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.LifecyclePolicyNotFoundException;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecr.model.Tag;

/**
 * Brings an ECR repository to its desired settings: creates it with them, or compares an existing
 * one setting by setting and changes what drifted, one logged call per change. Encryption is fixed
 * at creation, so a difference there is reported as a warning and a note. {@link #plan} computes the
 * same differences without changing anything.
 */
final class RepositoryReconciler {

    /**
     * The repository as it is after {@link #ensure}.
     *
     * @param name the repository name
     * @param uri {@code <account>.dkr.ecr.<region>.amazonaws.com/<name>}
     * @param registryId the owning account
     * @param created whether it was created now
     * @param scanOnPush its scan-on-push setting now
     * @param tagMutability its tag mutability now
     * @param changes what was created or changed, one sentence each
     * @param notes differences that could not be changed, such as the encryption
     */
    record Ensured(String name, String uri, String registryId, boolean created, boolean scanOnPush,
            TagMutability tagMutability, List<String> changes, List<String> notes) {
    }

    /** One setting that differs, and the call that fixes it. */
    private record Difference(String description, Runnable apply) {
    }

    private final EcrClient ecr;
    private final EcrApiErrors errors;
    private final ProgressListener listener;
    private final String registryId;

    RepositoryReconciler(EcrClient ecr, EcrApiErrors errors, ProgressListener listener) {
        this(ecr, errors, listener, null);
    }

    /** @param registryId the account whose registry holds the repository, or {@code null} for the caller's */
    RepositoryReconciler(EcrClient ecr, EcrApiErrors errors, ProgressListener listener, String registryId) {
        this.ecr = ecr;
        this.errors = errors;
        this.listener = listener;
        this.registryId = registryId;
    }

    /**
     * Creates or reconciles the repository and returns its state.
     *
     * @throws io.agentdeploy.error.InvalidInputException before any call, when the KMS key is in another region
     */
    Ensured ensure(String name, RepositorySettings settings) {
        settings.requireKmsKeyIn(errors.region());
        Optional<Repository> existing = describe(name);
        if (existing.isEmpty()) {
            return create(name, settings);
        }
        Repository repository = existing.get();
        listener.lifecycle("Using ECR repository '" + name + "' (" + repository.repositoryUri() + ").");
        List<String> notes = encryptionNotes(repository, settings);
        notes.forEach(listener::warning);
        List<String> changes = new ArrayList<>();
        for (Difference difference : differences(repository, settings)) {
            difference.apply().run();
            listener.lifecycle("Changed ECR repository '" + name + "': " + difference.description() + ".");
            changes.add(difference.description());
        }
        Repository now = changes.isEmpty() ? repository : describe(name).orElse(repository);
        return ensured(now, false, changes, notes);
    }

    /** What {@link #ensure} would do, without changing anything: one sentence per change, then the notes. */
    List<String> plan(String name, RepositorySettings settings) {
        settings.requireKmsKeyIn(errors.region());
        Optional<Repository> existing = describe(name);
        List<String> lines = new ArrayList<>();
        if (existing.isEmpty()) {
            lines.add("create ECR repository '" + name + "' with " + creationSummary(settings));
            return lines;
        }
        differences(existing.get(), settings).forEach(d -> lines.add("change ECR repository '" + name + "': "
                + d.description()));
        encryptionNotes(existing.get(), settings).forEach(note -> lines.add("note: " + note));
        return lines;
    }

    private Ensured create(String name, RepositorySettings settings) {
        Repository repository;
        try {
            repository = ecr.createRepository(r -> r.repositoryName(name).registryId(registryId)
                    .imageScanningConfiguration(c -> c.scanOnPush(settings.creationScanOnPush()))
                    .imageTagMutability(ImageTagMutability.fromValue(settings.creationTagMutability().name()))
                    .encryptionConfiguration(c -> c.encryptionType(EncryptionType.fromValue(
                            settings.creationEncryption())).kmsKey(settings.kmsKey()))
                    .tags(tags(settings.resourceTags()))).repository();
        } catch (RepositoryAlreadyExistsException e) {
            // Another push created it between our DescribeRepositories and CreateRepository.
            listener.lifecycle("ECR repository '" + name + "' was created by another push meanwhile; using it.");
            return ensure(name, settings);
        } catch (SdkException e) {
            throw errors.translate(e, "ECR repository '" + name + "' could not be created", "CreateRepository", name);
        }
        listener.lifecycle("Created ECR repository '" + name + "' (" + repository.repositoryUri() + "): "
                + creationSummary(settings) + ".");
        List<String> changes = new ArrayList<>(List.of("created with " + creationSummary(settings)));
        String policy = settings.creationLifecyclePolicy();
        if (policy != null) {
            putLifecyclePolicy(name, policy);
            listener.lifecycle("Set the lifecycle policy of '" + name + "': " + LifecyclePolicies.describe(policy) + ".");
        }
        if (!settings.replicationDestinations().isEmpty()) {
            new ReplicationRules(ecr, errors, repository.registryId(), name, settings.replicationDestinations())
                    .difference().ifPresent(replication -> {
                        replication.apply().run();
                        listener.lifecycle("Set replication of '" + name + "': " + replication.description() + ".");
                        changes.add(replication.description());
                    });
        }
        return ensured(repository, true, changes, List.of());
    }

    private List<Difference> differences(Repository repository, RepositorySettings settings) {
        String name = repository.repositoryName();
        List<Difference> differences = new ArrayList<>();
        scanOnPush(repository, settings).ifPresent(differences::add);
        tagMutability(repository, settings).ifPresent(differences::add);

        String policy = settings.managedLifecyclePolicy();
        if (policy != null) {
            String actual = lifecyclePolicy(name);
            if (!LifecyclePolicies.sameRules(policy, actual)) {
                differences.add(new Difference("lifecycle policy '" + LifecyclePolicies.describe(actual) + "' -> '"
                        + LifecyclePolicies.describe(policy) + "'", () -> putLifecyclePolicy(name, policy)));
            }
        }

        if (!settings.resourceTags().isEmpty()) {
            resourceTagDifference(repository, settings.resourceTags()).ifPresent(differences::add);
        }
        if (!settings.replicationDestinations().isEmpty()) {
            new ReplicationRules(ecr, errors, repository.registryId(), name, settings.replicationDestinations())
                    .difference().ifPresent(replication -> differences.add(
                            new Difference(replication.description(), replication.apply())));
        }
        return differences;
    }

    private Optional<Difference> scanOnPush(Repository repository, RepositorySettings settings) {
        String name = repository.repositoryName();
        Boolean scanOnPush = settings.scanOnPush();
        boolean actual = repository.imageScanningConfiguration() != null
                && Boolean.TRUE.equals(repository.imageScanningConfiguration().scanOnPush());
        if (scanOnPush == null || scanOnPush == actual) {
            return Optional.empty();
        }
        return Optional.of(new Difference("scan on push " + onOff(actual) + " -> " + onOff(scanOnPush),
                () -> call("PutImageScanningConfiguration", name, () -> ecr.putImageScanningConfiguration(r ->
                        r.repositoryName(name).registryId(registryId)
                                .imageScanningConfiguration(c -> c.scanOnPush(scanOnPush))))));
    }

    private Optional<Difference> tagMutability(Repository repository, RepositorySettings settings) {
        String name = repository.repositoryName();
        TagMutability mutability = settings.tagMutability();
        String actual = repository.imageTagMutabilityAsString();
        if (mutability == null || mutability.name().equals(actual)) {
            return Optional.empty();
        }
        return Optional.of(new Difference("tag mutability " + actual + " -> " + mutability,
                () -> call("PutImageTagMutability", name, () -> ecr.putImageTagMutability(r ->
                        r.repositoryName(name).registryId(registryId).imageTagMutability(mutability.name())))));
    }

    /** Tags that are missing or have another value; other tags on the repository are left alone. */
    private Optional<Difference> resourceTagDifference(Repository repository, Map<String, String> wanted) {
        Map<String, String> actual = resourceTags(repository);
        Map<String, String> drifted = new LinkedHashMap<>();
        wanted.forEach((key, value) -> {
            if (!value.equals(actual.get(key))) {
                drifted.put(key, value);
            }
        });
        if (drifted.isEmpty()) {
            return Optional.empty();
        }
        List<String> shown = new ArrayList<>();
        drifted.forEach((key, value) -> shown.add(key + "=" + (actual.containsKey(key) ? actual.get(key) + " -> " : "")
                + value));
        return Optional.of(new Difference("resource tags " + String.join(", ", shown),
                () -> call("TagResource", repository.repositoryName(), () -> ecr.tagResource(r -> r.resourceArn(
                        repository.repositoryArn()).tags(tags(drifted))))));
    }

    /** Encryption is fixed at creation: a requested encryption that differs is reported, not changed. */
    private static List<String> encryptionNotes(Repository repository, RepositorySettings settings) {
        List<String> notes = new ArrayList<>();
        if (settings.encryption() == null) {
            return notes;
        }
        String actualType = repository.encryptionConfiguration() == null ? RepositorySettings.AES256
                : repository.encryptionConfiguration().encryptionTypeAsString();
        String actualKey = repository.encryptionConfiguration() == null ? null
                : repository.encryptionConfiguration().kmsKey();
        String wanted = settings.encryption() + (settings.kmsKey() == null ? "" : " with key " + settings.kmsKey());
        boolean typeDiffers = !settings.encryption().equals(actualType);
        // Only a key ARN can be compared: ECR stores the key's ARN, not the alias it was given.
        boolean keyDiffers = settings.kmsKey() != null && settings.kmsKey().contains(":key/")
                && !settings.kmsKey().equals(actualKey);
        if (typeDiffers || keyDiffers) {
            notes.add("ECR repository '" + repository.repositoryName() + "' is encrypted with " + actualType
                    + (actualKey == null ? "" : " key " + actualKey) + ", the request asks for " + wanted
                    + ". Encryption is fixed when a repository is created, so it stays; create a new repository to"
                    + " change it.");
        }
        return notes;
    }

    private Optional<Repository> describe(String name) {
        try {
            return ecr.describeRepositories(r -> r.repositoryNames(name).registryId(registryId)).repositories().stream().findFirst();
        } catch (RepositoryNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw errors.translate(e, "ECR repository '" + name + "' could not be looked up", "DescribeRepositories",
                    name);
        }
    }

    private String lifecyclePolicy(String name) {
        try {
            return ecr.getLifecyclePolicy(r -> r.repositoryName(name).registryId(registryId)).lifecyclePolicyText();
        } catch (LifecyclePolicyNotFoundException e) {
            return null;
        } catch (SdkException e) {
            throw errors.translate(e, "The lifecycle policy of ECR repository '" + name + "' could not be read",
                    "GetLifecyclePolicy", name);
        }
    }

    private Map<String, String> resourceTags(Repository repository) {
        Map<String, String> tags = new LinkedHashMap<>();
        try {
            ecr.listTagsForResource(r -> r.resourceArn(repository.repositoryArn())).tags()
                    .forEach(tag -> tags.put(tag.key(), tag.value()));
        } catch (SdkException e) {
            throw errors.translate(e, "The tags of ECR repository '" + repository.repositoryName()
                    + "' could not be read", "ListTagsForResource", repository.repositoryName());
        }
        return tags;
    }

    private void putLifecyclePolicy(String name, String policy) {
        call("PutLifecyclePolicy", name, () -> ecr.putLifecyclePolicy(r -> r.repositoryName(name).registryId(registryId)
                .lifecyclePolicyText(policy)));
    }

    private void call(String operation, String name, Runnable call) {
        try {
            call.run();
        } catch (SdkException e) {
            throw errors.translate(e, "ECR repository '" + name + "' could not be changed", operation, name);
        }
    }

    private static Ensured ensured(Repository repository, boolean created, List<String> changes, List<String> notes) {
        boolean scanOnPush = repository.imageScanningConfiguration() != null
                && Boolean.TRUE.equals(repository.imageScanningConfiguration().scanOnPush());
        TagMutability mutability = repository.imageTagMutabilityAsString() != null
                && repository.imageTagMutabilityAsString().startsWith("IMMUTABLE")
                ? TagMutability.IMMUTABLE : TagMutability.MUTABLE;
        return new Ensured(repository.repositoryName(), repository.repositoryUri(), repository.registryId(), created,
                scanOnPush, mutability, List.copyOf(changes), List.copyOf(notes));
    }

    private static String creationSummary(RepositorySettings settings) {
        StringBuilder summary = new StringBuilder("scan on push ").append(onOff(settings.creationScanOnPush()))
                .append(", ").append(settings.creationTagMutability()).append(" tags, ")
                .append(settings.creationEncryption()).append(" encryption");
        if (settings.kmsKey() != null) {
            summary.append(" (key ").append(settings.kmsKey()).append(')');
        }
        String policy = settings.creationLifecyclePolicy();
        if (policy != null) {
            summary.append(", lifecycle: ").append(LifecyclePolicies.describe(policy));
        }
        if (!settings.resourceTags().isEmpty()) {
            summary.append(", tags ").append(settings.resourceTags().keySet());
        }
        if (!settings.replicationDestinations().isEmpty()) {
            summary.append(", replication to ").append(String.join(", ", settings.replicationDestinations()));
        }
        return summary.toString();
    }

    private static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    private static String onOff(boolean value) {
        return value ? "on" : "off";
    }
}
