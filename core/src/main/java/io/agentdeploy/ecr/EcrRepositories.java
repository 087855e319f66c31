package io.agentdeploy.ecr;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentdeploy.progress.ProgressListener;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.EncryptionType;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/** Finds the push's ECR repository, or creates it with the requested settings and lifecycle policy. */
final class EcrRepositories {

    /**
     * The repository a push goes to.
     *
     * @param name the repository name
     * @param uri {@code <account>.dkr.ecr.<region>.amazonaws.com/<name>}
     * @param registryId the owning account
     * @param created whether this push created it
     */
    record Ensured(String name, String uri, String registryId, boolean created) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EcrClient ecr;
    private final EcrApiErrors errors;
    private final ProgressListener listener;

    EcrRepositories(EcrClient ecr, EcrApiErrors errors, ProgressListener listener) {
        this.ecr = ecr;
        this.errors = errors;
        this.listener = listener;
    }

    Ensured ensure(EcrPushRequest request) {
        String name = request.repository();
        Optional<Repository> existing = describe(name);
        if (existing.isPresent()) {
            Repository repository = existing.get();
            listener.lifecycle("Using ECR repository '" + name + "' (" + repository.repositoryUri() + ").");
            warnAboutDifferentSettings(request, repository);
            return new Ensured(name, repository.repositoryUri(), repository.registryId(), false);
        }
        Repository repository = create(request);
        if (request.lifecycleKeepLast() > 0) {
            putLifecyclePolicy(name, request.lifecycleKeepLast());
        }
        return new Ensured(name, repository.repositoryUri(), repository.registryId(), true);
    }

    private Optional<Repository> describe(String name) {
        try {
            return ecr.describeRepositories(r -> r.repositoryNames(name)).repositories().stream().findFirst();
        } catch (RepositoryNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw errors.translate(e, "ECR repository '" + name + "' could not be looked up", "DescribeRepositories", name);
        }
    }

    private Repository create(EcrPushRequest request) {
        String name = request.repository();
        try {
            Repository repository = ecr.createRepository(r -> r.repositoryName(name)
                    .imageScanningConfiguration(c -> c.scanOnPush(request.scanOnPush()))
                    .imageTagMutability(ImageTagMutability.fromValue(request.tagMutability().name()))
                    .encryptionConfiguration(c -> c.encryptionType(EncryptionType.fromValue(request.encryption()))))
                    .repository();
            listener.lifecycle("Created ECR repository '" + name + "' (" + repository.repositoryUri() + "): scan on push "
                    + (request.scanOnPush() ? "on" : "off") + ", " + request.tagMutability() + " tags, "
                    + request.encryption() + " encryption.");
            return repository;
        } catch (RepositoryAlreadyExistsException e) {
            // Another push created it between our DescribeRepositories and CreateRepository.
            listener.lifecycle("ECR repository '" + name + "' was created by another push meanwhile; using it.");
            return describe(name).orElseThrow(() -> errors.translate(e, "ECR repository '" + name
                    + "' could not be created", "CreateRepository", name));
        } catch (SdkException e) {
            throw errors.translate(e, "ECR repository '" + name + "' could not be created", "CreateRepository", name);
        }
    }

    private void putLifecyclePolicy(String name, int keepLast) {
        try {
            ecr.putLifecyclePolicy(r -> r.repositoryName(name).lifecyclePolicyText(keepLastPolicy(keepLast)));
            listener.lifecycle("Set the lifecycle policy of '" + name + "': keep the last " + keepLast + " images.");
        } catch (SdkException e) {
            throw errors.translate(e, "The lifecycle policy of ECR repository '" + name + "' could not be set",
                    "PutLifecyclePolicy", name);
        }
    }

    /** One rule over all images, tagged or not, that expires everything past the newest {@code keepLast}. */
    static String keepLastPolicy(int keepLast) {
        ObjectNode rule = JSON.createObjectNode()
                .put("rulePriority", 1)
                .put("description", "Keep the last " + keepLast + " images");
        rule.putObject("selection")
                .put("tagStatus", "any")
                .put("countType", "imageCountMoreThan")
                .put("countNumber", keepLast);
        rule.putObject("action").put("type", "expire");
        ObjectNode policy = JSON.createObjectNode();
        policy.putArray("rules").add(rule);
        return policy.toString();
    }

    private void warnAboutDifferentSettings(EcrPushRequest request, Repository repository) {
        // NOTE: existing repositories are not changed; the request's settings apply at creation only.
        Boolean scanOnPush = repository.imageScanningConfiguration() == null ? null
                : repository.imageScanningConfiguration().scanOnPush();
        if (scanOnPush != null && scanOnPush != request.scanOnPush()) {
            listener.warning("ECR repository '" + repository.repositoryName() + "' has scan on push "
                    + (scanOnPush ? "on" : "off") + ", the request asks for " + (request.scanOnPush() ? "on" : "off")
                    + "; the existing setting is kept.");
        }
        String mutability = repository.imageTagMutabilityAsString();
        if (mutability != null && !mutability.equals(request.tagMutability().name())) {
            listener.warning("ECR repository '" + repository.repositoryName() + "' has " + mutability
                    + " tags, the request asks for " + request.tagMutability() + "; the existing setting is kept.");
        }
    }
}
