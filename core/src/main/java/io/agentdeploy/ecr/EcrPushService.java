package io.agentdeploy.ecr;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import io.agentdeploy.aws.AwsClients;
import io.agentdeploy.progress.ProgressListener;
import io.agentdeploy.progress.Redactor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;

/**
 * The ECR layer: ensures the repository, logs in to its registry, builds the agent image with the
 * Docker daemon, tags it, pushes it, and confirms the pushed digest with the registry.
 *
 * <p>The registry password is registered with the {@link Redactor} as soon as it is decoded, and
 * every message this service sends or throws passes through it.
 */
public final class EcrPushService {

    /** Build-argument names that look like secrets get a warning: build arguments stay in the image history. */
    private static final List<String> SECRET_WORDS = List.of("KEY", "SECRET", "TOKEN", "PASSWORD", "CREDENTIAL");

    private final AwsClients aws;
    private final DockerClientFactory dockerClients;
    private final ProgressListener listener;
    private final Redactor redactor;

    /**
     * @param aws the AWS clients of this deployment (region, credentials, endpoint overrides, retries)
     * @param dockerClients the Docker daemon to build and push with
     * @param listener receives every event, after redaction
     * @param redactor the deployment's secrets; the registry password is added to it
     */
    public EcrPushService(AwsClients aws, DockerClientFactory dockerClients, ProgressListener listener,
            Redactor redactor) {
        this.aws = aws;
        this.dockerClients = dockerClients;
        this.redactor = redactor;
        this.listener = redactor.wrap(listener);
    }

    /**
     * Ensures the repository, builds, tags and pushes the image, and returns what was pushed.
     *
     * @throws ImageBuildException when the build fails, with the failing step and the last output lines
     * @throws EcrException when an ECR call, the registry login, the Docker daemon or the push fails
     * @throws io.agentdeploy.error.DeploymentCancelledException when the thread is interrupted
     */
    public EcrPushResult push(EcrPushRequest request) {
        String region = aws.region();
        EcrApiErrors apiErrors = new EcrApiErrors(region, aws.settings().maxAttempts(), redactor);
        DockerErrors dockerErrors = new DockerErrors(region, request.repository(), dockerClients.dockerHost().toString(),
                redactor);
        warnAboutSecretBuildArgs(request);
        EcrClient ecr = aws.ecr();

        EcrRepositories.Ensured repository = new EcrRepositories(ecr, apiErrors, listener).ensure(request);
        RegistryCredentials login = login(ecr, apiErrors, repository);
        RegistryManifests manifests = new RegistryManifests(login, repository.name(), dockerErrors);

        try (DockerClient docker = dockerClients.create()) {
            String shortId = new ImageBuilder(docker, listener, dockerErrors).build(request);
            InspectImageResponse image = inspect(docker, shortId, dockerErrors);
            String platform = image.getOs() + "/" + image.getArch();
            listener.lifecycle("Built image " + ImageDigests.shortForm(image.getId()) + " (" + platform + ").");

            String localRepository = login.host() + "/" + repository.name();
            tag(docker, image.getId(), localRepository, request.tags(), dockerErrors);
            Map<String, Optional<String>> before = currentDigests(manifests, request.tags());

            listener.lifecycle("Pushing " + repository.uri() + " as " + String.join(", ", request.tags()) + ".");
            ImagePusher.Outcome pushed = new ImagePusher(docker, listener, dockerErrors)
                    .push(localRepository, request.tags(), login);
            String digest = confirmDigest(manifests, request.tags(), pushed.digest(), dockerErrors);
            RegistryManifests.Summary manifest = manifests.summary(digest);
            boolean moved = request.tags().stream().anyMatch(tag -> !before.get(tag).equals(Optional.of(digest)));
            listener.lifecycle("Pushed " + ImageDigests.shortForm(digest) + " (" + EcrPushResult.formatSize(
                    manifest.sizeBytes()) + ", " + pushed.layersPushed() + " of " + (pushed.layersPushed()
                    + pushed.layersReused()) + " layers uploaded).");

            return new EcrPushResult(repository.name(), repository.uri(), repository.registryId(), region,
                    repository.uri() + ":" + request.tags().get(0), digest, repository.uri() + "@" + digest,
                    request.tags(), List.of(platform), manifest.sizeBytes(), Map.of(), repository.created(),
                    pushed.layersPushed(), pushed.layersReused(), repository.created() || moved);
        } catch (IOException e) {
            // Only closing the docker-java client throws it; everything was pushed by then.
            throw dockerErrors.exception("The Docker client could not be closed: " + e.getMessage(), null, e);
        }
    }

    private RegistryCredentials login(EcrClient ecr, EcrApiErrors errors, EcrRepositories.Ensured repository) {
        AuthorizationData data;
        try {
            // Without registry ids the token is for the caller's own registry, where the repository is.
            data = ecr.getAuthorizationToken(r -> { }).authorizationData().stream().findFirst().orElse(null);
        } catch (SdkException e) {
            throw errors.translate(e, "The registry login for ECR repository '" + repository.name()
                    + "' could not be obtained", "GetAuthorizationToken", repository.name());
        }
        if (data == null) {
            throw new EcrException("GetAuthorizationToken returned no authorization data for registry "
                    + repository.registryId() + " in " + aws.region() + ". Check the registry id and retry.",
                    aws.region(), repository.name(), null, null);
        }
        // The token is base64 of AWS:<password>; both forms are secrets.
        redactor.register(data.authorizationToken());
        RegistryCredentials login;
        try {
            login = RegistryCredentials.fromAuthorizationToken(data.authorizationToken(), data.proxyEndpoint(),
                    data.expiresAt());
        } catch (IllegalArgumentException e) {
            throw new EcrException("GetAuthorizationToken returned an unusable login: " + e.getMessage()
                    + ". Check the ECR endpoint (AWS_ENDPOINT_URL_ECR) and retry.", aws.region(), repository.name(),
                    null, null);
        }
        redactor.register(login.password());
        listener.lifecycle("Logged in to registry " + login.host() + " as " + login.username()
                + (login.expiresAt() == null ? "" : " (valid until " + login.expiresAt() + ")") + ".");
        return login;
    }

    private static InspectImageResponse inspect(DockerClient docker, String imageId, DockerErrors errors) {
        try {
            return docker.inspectImageCmd(imageId).exec();
        } catch (RuntimeException e) {
            throw errors.translate(e, "The built image " + imageId + " could not be inspected");
        }
    }

    private void tag(DockerClient docker, String imageId, String localRepository, List<String> tags,
            DockerErrors errors) {
        for (String tag : tags) {
            try {
                docker.tagImageCmd(imageId, localRepository, tag).withForce(true).exec();
            } catch (RuntimeException e) {
                throw errors.translate(e, "The image could not be tagged " + localRepository + ":" + tag);
            }
        }
        listener.debug("Tagged " + ImageDigests.shortForm(imageId) + " as " + localRepository + ":"
                + String.join(", :", tags) + ".");
    }

    private static Map<String, Optional<String>> currentDigests(RegistryManifests manifests, List<String> tags) {
        Map<String, Optional<String>> digests = new LinkedHashMap<>();
        tags.forEach(tag -> digests.put(tag, manifests.digestOf(tag)));
        return digests;
    }

    /**
     * Checks with the registry that every tag names the digest the push reported; without a reported
     * digest, the first tag's digest is taken.
     */
    private static String confirmDigest(RegistryManifests manifests, List<String> tags, String pushedDigest,
            DockerErrors errors) {
        String expected = pushedDigest;
        for (String tag : tags) {
            String actual = manifests.digestOf(tag).orElseThrow(() -> errors.exception("The registry has no tag '"
                    + tag + "' after the push reported success. Push again.", "MANIFEST_UNKNOWN", null));
            if (expected == null) {
                expected = actual;
            }
            if (!actual.equals(expected)) {
                throw errors.exception("Tag '" + tag + "' names " + actual + " in the registry, but the push reported "
                        + expected + ". Another push may have moved the tag meanwhile; push again.", null, null);
            }
        }
        if (!ImageDigests.isSha256(expected)) {
            throw errors.exception("The registry reported the digest '" + expected + "', which is not a sha256"
                    + " digest. Check the registry.", null, null);
        }
        return expected;
    }

    private void warnAboutSecretBuildArgs(EcrPushRequest request) {
        List<String> suspicious = new ArrayList<>();
        request.buildArgs().forEach((name, value) -> {
            String upper = name.toUpperCase(Locale.ROOT);
            if (SECRET_WORDS.stream().anyMatch(upper::contains)) {
                suspicious.add(name);
                // Masked in build output and messages, although the image history keeps it.
                redactor.register(value);
            }
        });
        for (String name : suspicious) {
            listener.warning("Build argument " + name + " looks like a secret: build arguments are stored in the"
                    + " image history, where anyone who can pull the image can read them.");
        }
    }

    @Override
    public String toString() {
        return "EcrPushService{region=" + aws.region() + ", docker=" + dockerClients.dockerHost() + "}";
    }
}
