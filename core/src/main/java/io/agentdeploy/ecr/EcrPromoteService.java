package io.agentdeploy.ecr;

import io.agentdeploy.aws.AwsClients;
import io.agentdeploy.aws.AwsSettings;
import io.agentdeploy.progress.ProgressListener;
import io.agentdeploy.progress.Redactor;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.BatchGetImageResponse;
import software.amazon.awssdk.services.ecr.model.Image;
import software.amazon.awssdk.services.ecr.model.ImageAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageTagAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/**
 * Promotes an image by digest: gives it tags in another repository, region or account (or more
 * tags in its own repository) without rebuilding it and without pulling it into a Docker daemon, so
 * the digest tested in staging is the digest deployed to production.
 *
 * <p>Within one repository it only retags (BatchGetImage, then PutImage). Otherwise it copies the
 * content through the registry API first ({@link ImageCopier}: blob mounts within a registry, a
 * stream from registry to registry between regions or accounts), then puts the manifest with
 * PutImage, which checks that the target has everything the manifest refers to.
 */
public final class EcrPromoteService {

    private static final String PROMOTION = "promotion";

    private final AwsClients aws;
    private final ProgressListener listener;
    private final Redactor redactor;
    private final Function<String, AwsSettings> regionSettings;

    /**
     * @param aws the AWS clients; clients for other regions are made from their settings
     * @param listener receives every event, after redaction
     * @param redactor the deployment's secrets; registry passwords are added to it
     */
    public EcrPromoteService(AwsClients aws, ProgressListener listener, Redactor redactor) {
        this(aws, listener, redactor, region -> aws.settings().toBuilder().region(region).build());
    }

    /**
     * @param regionSettings the settings of the clients for a region other than {@code aws}'s; tests
     *     use it to give one region another endpoint
     */
    EcrPromoteService(AwsClients aws, ProgressListener listener, Redactor redactor,
            Function<String, AwsSettings> regionSettings) {
        this.aws = aws;
        this.redactor = redactor;
        this.listener = redactor.wrap(listener);
        this.regionSettings = regionSettings;
    }

    /**
     * Copies and tags the image and checks that every target tag names the source's digest.
     *
     * @throws EcrException when the source is missing, an immutable target tag names another image,
     *     or an ECR or registry call fails
     */
    public EcrPromoteResult promote(EcrPromoteRequest request) {
        String sourceRegion = request.sourceRegion() == null ? aws.region() : request.sourceRegion();
        String targetRegion = request.targetRegion() == null ? sourceRegion : request.targetRegion();
        AwsClients sourceAws = clientsFor(sourceRegion);
        AwsClients targetAws = clientsFor(targetRegion);
        try {
            return promote(request, sourceAws, targetAws);
        } finally {
            if (sourceAws != aws) {
                sourceAws.close();
            }
            if (targetAws != aws && targetAws != sourceAws) {
                targetAws.close();
            }
        }
    }

    private EcrPromoteResult promote(EcrPromoteRequest request, AwsClients sourceAws, AwsClients targetAws) {
        EcrApiErrors sourceErrors = new EcrApiErrors(sourceAws.region(), sourceAws.settings().maxAttempts(), redactor,
                PROMOTION);
        EcrApiErrors targetErrors = EcrApiErrors.promotionTarget(targetAws.region(), request.targetRegistryId(),
                targetAws.settings().maxAttempts(), redactor);
        EcrClient sourceEcr = sourceAws.ecr();
        EcrClient targetEcr = targetAws.ecr();

        Repository sourceRepository = sourceRepository(sourceEcr, sourceErrors, request);
        Image image = sourceImage(sourceEcr, sourceErrors, request, sourceRepository);
        String digest = image.imageId().imageDigest();
        String sourceRef = sourceRepository.repositoryUri() + "@" + digest;
        listener.lifecycle("Promoting " + sourceRef + (request.sourceTag() == null ? ""
                : " (tag " + request.sourceTag() + ")") + ".");

        RepositoryReconciler.Ensured target = new RepositoryReconciler(targetEcr, targetErrors, listener,
                request.targetRegistryId()).ensure(request.targetRepository(), request.targetSettings());
        boolean sameRegistry = target.registryId().equals(sourceRepository.registryId())
                && targetAws.region().equals(sourceAws.region());
        boolean sameRepository = sameRegistry && target.name().equals(sourceRepository.repositoryName());

        ImageCopier.Counts counts = new ImageCopier.Counts();
        if (!sameRepository) {
            counts = copy(sourceAws, targetAws, sourceErrors, targetErrors, sourceRepository, target, image,
                    sameRegistry);
        }
        Map<String, String> previous = new LinkedHashMap<>();
        boolean changed = target.created();
        for (String tag : request.tags()) {
            Optional<String> current = tagDigest(targetEcr, targetErrors, target, tag);
            if (current.isPresent() && current.get().equals(digest)) {
                listener.lifecycle("Tag '" + tag + "' of " + target.name() + " names " + ImageDigests.shortForm(digest)
                        + " already.");
                continue;
            }
            current.ifPresent(old -> previous.put(tag, old));
            putImage(targetEcr, targetErrors, target, image, tag);
            changed = true;
            listener.lifecycle("Tagged " + ImageDigests.shortForm(digest) + " as " + target.uri() + ":" + tag + ".");
        }
        for (String tag : request.tags()) {
            String actual = tagDigest(targetEcr, targetErrors, target, tag).orElse(null);
            if (!digest.equals(actual)) {
                throw targetErrors.exception("Tag '" + tag + "' of " + target.uri() + " names " + actual + " after the"
                        + " promotion instead of " + digest + ". Another push may have moved it; promote again.",
                        target.name(), null);
            }
        }
        return new EcrPromoteResult(sourceRef, target.name(), target.uri(), target.registryId(), targetAws.region(),
                digest, target.uri() + "@" + digest, request.tags(), target.created(), counts.copied, counts.mounted,
                counts.present, counts.bytes, previous, changed);
    }

    private ImageCopier.Counts copy(AwsClients sourceAws, AwsClients targetAws, EcrApiErrors sourceErrors,
            EcrApiErrors targetErrors, Repository sourceRepository, RepositoryReconciler.Ensured target, Image image,
            boolean sameRegistry) {
        DockerErrors errors = new DockerErrors(targetAws.region(), target.name(), "(not used)", redactor);
        RegistryAuth sourceAuth = new EcrLogin(sourceAws.ecr(), sourceErrors, listener, redactor,
                sourceRepository.registryId(), sourceRepository.repositoryName());
        RegistryAuth targetAuth = sameRegistry ? sourceAuth : new EcrLogin(targetAws.ecr(), targetErrors, listener,
                redactor, target.registryId(), target.name());
        RegistryApi source = new RegistryApi(sourceAuth, errors, listener, sourceAws.settings().maxAttempts());
        RegistryApi destination = sameRegistry ? source
                : new RegistryApi(targetAuth, errors, listener, targetAws.settings().maxAttempts());
        byte[] content = image.imageManifest().getBytes(StandardCharsets.UTF_8);
        RegistryApi.Manifest manifest = new RegistryApi.Manifest(image.imageId().imageDigest(),
                image.imageManifestMediaType(), content);
        ImageCopier.Counts counts = new ImageCopier(source, destination, sameRegistry, listener, errors)
                .copy(sourceRepository.repositoryName(), target.name(), manifest);
        listener.lifecycle("Copied the content of " + ImageDigests.shortForm(manifest.digest()) + " to " + target.uri()
                + ": " + counts.copied + " blobs streamed (" + EcrPushResult.formatSize(counts.bytes) + "), "
                + counts.mounted + " mounted, " + counts.present + " present.");
        return counts;
    }

    private Repository sourceRepository(EcrClient ecr, EcrApiErrors errors, EcrPromoteRequest request) {
        try {
            return ecr.describeRepositories(r -> r.repositoryNames(request.sourceRepository())
                    .registryId(request.sourceRegistryId())).repositories().get(0);
        } catch (RepositoryNotFoundException e) {
            throw errors.exception("The source repository '" + request.sourceRepository() + "' does not exist in "
                    + (request.sourceRegistryId() == null ? "the caller's registry" : "registry "
                    + request.sourceRegistryId()) + " in " + errors.region() + ". Check the source reference.",
                    request.sourceRepository(), "RepositoryNotFoundException");
        } catch (SdkException e) {
            throw errors.translate(e, "The source repository '" + request.sourceRepository()
                    + "' could not be looked up", "DescribeRepositories", request.sourceRepository());
        }
    }

    private static Image sourceImage(EcrClient ecr, EcrApiErrors errors, EcrPromoteRequest request,
            Repository repository) {
        ImageIdentifier id = ImageIdentifier.builder().imageDigest(request.sourceDigest())
                .imageTag(request.sourceDigest() == null ? request.sourceTag() : null).build();
        BatchGetImageResponse response;
        try {
            response = ecr.batchGetImage(r -> r.repositoryName(repository.repositoryName())
                    .registryId(repository.registryId()).imageIds(id)
                    .acceptedMediaTypes(RegistryApi.MANIFEST_MEDIA_TYPES));
        } catch (SdkException e) {
            throw errors.translate(e, "The source image in '" + repository.repositoryName() + "' could not be read",
                    "BatchGetImage", repository.repositoryName());
        }
        if (response.images().isEmpty()) {
            String failure = response.failures().isEmpty() ? "ImageNotFound"
                    : response.failures().get(0).failureCodeAsString() + " (" + response.failures().get(0)
                    .failureReason() + ")";
            throw errors.exception("The source image " + repository.repositoryUri()
                    + (request.sourceDigest() != null ? "@" + request.sourceDigest() : ":" + request.sourceTag())
                    + " cannot be read: " + failure + ". Check the tag or digest.", repository.repositoryName(),
                    "ImageNotFound");
        }
        return response.images().get(0);
    }

    private static Optional<String> tagDigest(EcrClient ecr, EcrApiErrors errors, RepositoryReconciler.Ensured target,
            String tag) {
        try {
            BatchGetImageResponse response = ecr.batchGetImage(r -> r.repositoryName(target.name())
                    .registryId(target.registryId()).imageIds(ImageIdentifier.builder().imageTag(tag).build())
                    .acceptedMediaTypes(RegistryApi.MANIFEST_MEDIA_TYPES));
            return response.images().stream().findFirst().map(image -> image.imageId().imageDigest());
        } catch (SdkException e) {
            throw errors.translate(e, "Tag '" + tag + "' of '" + target.name() + "' could not be read",
                    "BatchGetImage", target.name());
        }
    }

    private static void putImage(EcrClient ecr, EcrApiErrors errors, RepositoryReconciler.Ensured target, Image image,
            String tag) {
        try {
            ecr.putImage(r -> r.repositoryName(target.name()).registryId(target.registryId())
                    .imageManifest(image.imageManifest()).imageManifestMediaType(image.imageManifestMediaType())
                    .imageDigest(image.imageId().imageDigest()).imageTag(tag));
        } catch (ImageAlreadyExistsException e) {
            // The tag names this image already (another promotion got there first).
        } catch (ImageTagAlreadyExistsException e) {
            throw errors.exception("Tag '" + tag + "' of " + target.uri() + " names another image, and the"
                    + " repository's tags are immutable, so the promotion cannot move it. Promote under a new tag, or"
                    + " make the repository's tags MUTABLE.", target.name(), "ImageTagAlreadyExistsException");
        } catch (SdkException e) {
            throw errors.translate(e, "The image could not be tagged '" + tag + "' in '" + target.name() + "'",
                    "PutImage", target.name());
        }
    }

    private AwsClients clientsFor(String region) {
        if (region.equals(aws.region())) {
            return aws;
        }
        // NOTE: endpoint overrides apply to every region; a VPC endpoint of one region serves only that one.
        return new AwsClients(regionSettings.apply(region), listener);
    }

    @Override
    public String toString() {
        return "EcrPromoteService{region=" + aws.region() + "}";
    }
}
