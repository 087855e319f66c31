package io.agentdeploy.ecr;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import io.agentdeploy.aws.AwsClients;
import io.agentdeploy.progress.ProgressListener;
import io.agentdeploy.progress.Redactor;
import io.agentdeploy.progress.SecretNames;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * The ECR layer: brings the repository to its desired settings, logs in to its registry, builds the
 * agent image with the Docker daemon (for one or several platforms), pushes it without uploading
 * what the registry has, waits for the scan and gates on its findings.
 *
 * <p>It runs in two phases that a caller can separate, so that the scan wait survives a restart of
 * the caller: {@link #pushImage} builds and pushes and returns a plain value, {@link #completePush}
 * waits for the scan, judges it and applies the tags that waited for it. {@link #push} runs both.
 * {@link #plan} shows what would change; {@link #rollback} moves tags back after a later layer failed.
 *
 * <p>The registry password is registered with the {@link Redactor} as soon as it is known, and
 * every message this service sends or throws passes through it.
 */
public final class EcrPushService {

    private static final int DEFAULT_ATTEMPTS = 5;

    private final AwsClients aws;
    private final DockerClientFactory dockerClients;
    private final ProgressListener listener;
    private final Redactor redactor;
    private final Clock clock;

    /**
     * @param aws the AWS clients of this deployment (region, credentials, endpoint overrides, retries);
     *     may be {@code null} when every request pushes to a registry that is not ECR
     * @param dockerClients the Docker daemon to build and push with
     * @param listener receives every event, after redaction
     * @param redactor the deployment's secrets; registry passwords are added to it
     */
    public EcrPushService(AwsClients aws, DockerClientFactory dockerClients, ProgressListener listener,
            Redactor redactor) {
        this(aws, dockerClients, listener, redactor, Clock.systemUTC());
    }

    /** As above, with the clock that scan waits measure time with. */
    public EcrPushService(AwsClients aws, DockerClientFactory dockerClients, ProgressListener listener,
            Redactor redactor, Clock clock) {
        this.aws = aws;
        this.dockerClients = dockerClients;
        this.redactor = redactor;
        this.listener = redactor.wrap(listener);
        this.clock = clock;
    }

    /**
     * Both phases: ensures the repository, builds, pushes, waits for the scan, gates, tags.
     *
     * @throws ImageBuildException when the build fails, with the failing step and the last output lines
     * @throws ScanGateException when the scan gate stops the image
     * @throws EcrException when an ECR call, the registry, the Docker daemon or the push fails
     * @throws io.agentdeploy.error.DeploymentCancelledException when the thread is interrupted
     */
    public EcrPushResult push(EcrPushRequest request) {
        return completePush(request, pushImage(request));
    }

    /**
     * Phase one: ensures the repository, builds the image for every platform and pushes it. When the
     * scan gate is on, only the first tag is applied; the others wait for {@link #completePush}.
     *
     * @throws ImageBuildException when the build fails
     * @throws EcrException when an ECR call, the registry, the Docker daemon or the push fails, or an
     *     immutable tag would have to move
     */
    public EcrPushedImage pushImage(EcrPushRequest request) {
        registerSecrets(request);
        request.notes().forEach(listener::warning);
        warnAboutSecretBuildArgs(request);
        PushDestination destination = destination(request);
        DockerErrors dockerErrors = dockerErrors(request);
        RegistryApi registry = new RegistryApi(destination.auth(), dockerErrors, listener, attempts());

        try (DockerClient docker = dockerClients.create()) {
            List<ImagePublisher.Built> images = build(docker, request, dockerErrors);
            boolean gated = destination.ecr() && request.failOnSeverity() != Severity.NONE
                    && !request.scanTimeout().isZero();
            ImagePublisher.Published published = new ImagePublisher(docker, registry, destination.auth(), listener,
                    dockerErrors, attempts(), request.repository())
                    .publish(images, request.tags(), gated ? 1 : request.tags().size(), destination.immutable());
            ImagePusher.Outcome pushed = published.pushed();
            listener.lifecycle(pushedLine(published, registry.retries()));
            boolean changed = destination.created() || !destination.changes().isEmpty() || published.tagsChanged();
            return new EcrPushedImage(request.repository(), destination.uri(), destination.registryId(),
                    destination.region(), destination.ecr(), published.digest(),
                    List.copyOf(published.platformDigests().keySet()), published.platformDigests(),
                    published.sizeBytes(), request.tags(), published.applied(), published.pending(),
                    published.previousDigests(), destination.scanOnPush(), destination.created(),
                    destination.changes(), pushed.layersPushed(), pushed.layersReused(),
                    pushed.retries() + registry.retries(), changed, notes(request, destination));
        } catch (IOException e) {
            // Only closing the docker-java client throws it; everything was pushed by then.
            throw dockerErrors.exception("The Docker client could not be closed: " + e.getMessage(), null, e);
        }
    }

    /**
     * Phase two: waits for the scan (ECR only), reports and judges its findings, then applies the
     * tags that waited for the gate.
     *
     * @throws ScanGateException when a finding is at or above the gate's severity, or no findings
     *     could be had and the request says to fail then
     * @throws EcrException when an ECR call or the registry fails
     */
    public EcrPushResult completePush(EcrPushRequest request, EcrPushedImage pushed) {
        registerSecrets(request);
        ScanStep.Report report = new ScanStep.Report(ScanStep.NOT_SCANNED, Map.of(), List.of());
        if (pushed.ecr()) {
            EcrApiErrors apiErrors = apiErrors();
            report = new ScanStep(requireAws().ecr(), apiErrors, listener, clock).run(request, pushed);
        }
        List<String> tags = new ArrayList<>(pushed.appliedTags());
        if (!pushed.pendingTags().isEmpty()) {
            RegistryAuth auth = pushed.ecr() ? new EcrLogin(requireAws().ecr(), apiErrors(), listener, redactor,
                    pushed.registryId(), pushed.repositoryName()) : plainAuth(request);
            DockerErrors dockerErrors = dockerErrors(request);
            new ImagePublisher(null, new RegistryApi(auth, dockerErrors, listener, attempts()), auth, listener,
                    dockerErrors, attempts(), pushed.repositoryName()).applyTags(pushed.imageDigest(), pushed.pendingTags());
            listener.lifecycle("Tagged " + ImageDigests.shortForm(pushed.imageDigest()) + " as "
                    + String.join(", ", pushed.pendingTags()) + " after the scan gate passed.");
            tags.addAll(pushed.pendingTags());
        }
        List<String> ordered = pushed.tags().stream().filter(tags::contains).toList();
        return new EcrPushResult(pushed.repositoryName(), pushed.repositoryUri(), pushed.registryId(), pushed.region(),
                pushed.repositoryUri() + ":" + pushed.tags().get(0), pushed.imageDigest(), pushed.imageRef(), ordered,
                pushed.platforms(), pushed.platformDigests(), pushed.sizeBytes(), report.status(), report.counts(),
                report.topFindings(), pushed.created(), pushed.repositoryChanges(), pushed.layersPushed(),
                pushed.layersReused(), pushed.retries(), pushed.previousDigests(), pushed.changed(), pushed.notes());
    }

    /**
     * What a push would do, without building or changing anything: the repository to create or the
     * settings to change, then the build and the tags.
     *
     * @throws EcrException when ECR cannot be read
     */
    public EcrPushPlan plan(EcrPushRequest request) {
        registerSecrets(request);
        List<String> changes = new ArrayList<>();
        String region = null;
        if (request.registry() == null) {
            region = requireAws().region();
            changes.addAll(new RepositoryReconciler(requireAws().ecr(), apiErrors(), listener)
                    .plan(request.repository(), request.repositorySettings()));
        }
        String platforms = request.platforms().isEmpty() ? "the Docker daemon's platform"
                : String.join(", ", request.platforms());
        List<String> steps = new ArrayList<>(changes);
        steps.add("build " + request.contextDirectory().relativize(request.dockerfile()) + " for " + platforms);
        steps.add("push " + request.repository() + " as " + String.join(", ", request.tags())
                + (request.failOnSeverity() == Severity.NONE || request.registry() != null ? ""
                : ", applying tags after the first once the scan gate (" + request.failOnSeverity() + ") passed"));
        steps.forEach(step -> listener.lifecycle("Would " + step + "."));
        return new EcrPushPlan(request.repository(), region, request.tags(), request.platforms(), changes, steps,
                notes(request, null));
    }

    /**
     * Moves the tags this push moved back to the images they named before, for example when a later
     * layer failed and the deployment is rolled back. Tags that were new are left: they name the
     * pushed image, which stays in the repository.
     *
     * @return one note per restored tag
     * @throws EcrException when the registry refuses
     */
    public List<String> rollback(EcrPushRequest request, EcrPushResult result) {
        registerSecrets(request);
        List<String> notes = new ArrayList<>();
        if (result.previousDigests().isEmpty()) {
            return notes;
        }
        RegistryAuth auth = result.registryId() != null && request.registry() == null
                ? new EcrLogin(requireAws().ecr(), apiErrors(), listener, redactor, result.registryId(),
                        result.repositoryName())
                : plainAuth(request);
        DockerErrors dockerErrors = dockerErrors(request);
        ImagePublisher publisher = new ImagePublisher(null, new RegistryApi(auth, dockerErrors, listener, attempts()),
                auth, listener, dockerErrors, attempts(), result.repositoryName());
        result.previousDigests().forEach((tag, digest) -> {
            publisher.applyTags(digest, List.of(tag));
            String note = "Restored tag '" + tag + "' of " + result.repositoryName() + " to "
                    + ImageDigests.shortForm(digest) + ".";
            listener.lifecycle(note);
            notes.add(note);
        });
        return notes;
    }

    private PushDestination destination(EcrPushRequest request) {
        if (request.registry() != null) {
            RegistryCredentials login = RegistryCredentials.plain(request.registry(), request.registryUsername(),
                    request.registryPassword());
            listener.lifecycle("Pushing to registry " + login.host() + " (not Amazon ECR)"
                    + (login.username() == null ? " without a login" : " as " + login.username()) + ".");
            return PushDestination.plain(login, request.repository());
        }
        EcrClient ecr = requireAws().ecr();
        EcrApiErrors apiErrors = apiErrors();
        RepositoryReconciler.Ensured repository = new RepositoryReconciler(ecr, apiErrors, listener)
                .ensure(request.repository(), request.repositorySettings());
        EcrLogin login = new EcrLogin(ecr, apiErrors, listener, redactor, repository.registryId(), repository.name());
        return PushDestination.ecr(repository, login, requireAws().region());
    }

    private List<ImagePublisher.Built> build(DockerClient docker, EcrPushRequest request, DockerErrors errors) {
        List<ImagePlatform> platforms = new ArrayList<>();
        request.platforms().forEach(platform -> platforms.add(ImagePlatform.parse(platform)));
        if (platforms.isEmpty()) {
            platforms.add(null);
        } else if (platforms.size() > 1) {
            listener.lifecycle("Building " + platforms.size() + " platforms one after the other, pulling the base"
                    + " images for each: the daemon keeps one platform of a base image at a time.");
        }
        List<ImagePublisher.Built> built = new ArrayList<>();
        for (ImagePlatform platform : platforms) {
            String shortId = new ImageBuilder(docker, listener, errors).build(request, platform);
            InspectImageResponse image = inspect(docker, shortId, errors);
            ImagePlatform actual = ImagePlatform.of(image.getOs(), image.getArch(), null);
            if (platform != null && !platform.matches(actual)) {
                throw errors.exception("The image built for " + platform + " is " + actual + " according to its"
                        + " config: the daemon's classic builder takes a base image it has locally, whatever its"
                        + " platform. Build with pull, so that the daemon fetches the " + platform + " variant of a"
                        + " multi-platform base image, or build on a " + platform + " Docker host.",
                        "PLATFORM_MISMATCH", null);
            }
            listener.lifecycle("Built image " + ImageDigests.shortForm(image.getId()) + " (" + actual + ").");
            built.add(new ImagePublisher.Built(image.getId(), actual));
        }
        return built;
    }

    private static String pushedLine(ImagePublisher.Published published, int registryRetries) {
        ImagePusher.Outcome pushed = published.pushed();
        String image = ImageDigests.shortForm(published.digest());
        String size = EcrPushResult.formatSize(published.sizeBytes());
        int retries = pushed.retries() + registryRetries;
        String retryText = retries == 0 ? "" : ", " + retries + " retries";
        int layers = pushed.layersPushed() + pushed.layersReused();
        if (pushed.layersPushed() == 0) {
            // The tags got content the registry had already, whether the daemon pushed or not.
            return "Uploaded no layers for " + image + " (" + size + retryText + "): the registry has its content"
                    + " already.";
        }
        return "Pushed " + image + " (" + size + ", " + pushed.layersPushed() + " of " + layers + " layers uploaded"
                + retryText + ").";
    }

    private static InspectImageResponse inspect(DockerClient docker, String imageId, DockerErrors errors) {
        try {
            return docker.inspectImageCmd(imageId).exec();
        } catch (RuntimeException e) {
            throw errors.translate(e, "The built image " + imageId + " could not be inspected");
        }
    }

    private List<String> notes(EcrPushRequest request, PushDestination destination) {
        List<String> notes = new ArrayList<>(request.notes());
        if (destination != null) {
            notes.addAll(destination.notes());
        }
        if (request.registry() != null) {
            String note = "Registry " + request.registry() + " is not Amazon ECR: repository settings, the scan gate"
                    + " and replication are skipped.";
            listener.lifecycle(note);
            notes.add(note);
        }
        return notes;
    }

    private RegistryAuth plainAuth(EcrPushRequest request) {
        return RegistryAuth.fixed(RegistryCredentials.plain(request.registry(), request.registryUsername(),
                request.registryPassword()));
    }

    private void registerSecrets(EcrPushRequest request) {
        redactor.register(request.registryPassword());
        if (request.registryPassword() != null) {
            // The registry API's Basic login is base64 of user:password, also a secret.
            String header = plainAuth(request).current().basicAuthorization();
            redactor.register(header.substring(header.indexOf(' ') + 1));
        }
    }

    private DockerErrors dockerErrors(EcrPushRequest request) {
        String region = request.registry() == null && aws != null ? aws.region() : null;
        return new DockerErrors(region, request.repository(), dockerClients == null ? "(none)"
                : dockerClients.dockerHost().toString(), redactor,
                dockerClients == null ? null : dockerClients.responseTimeout());
    }

    private EcrApiErrors apiErrors() {
        return new EcrApiErrors(requireAws().region(), attempts(), redactor);
    }

    private int attempts() {
        return aws == null ? DEFAULT_ATTEMPTS : aws.settings().maxAttempts();
    }

    private AwsClients requireAws() {
        if (aws == null) {
            throw new IllegalStateException("An ECR push needs AWS clients; this service was made without them");
        }
        return aws;
    }

    private void warnAboutSecretBuildArgs(EcrPushRequest request) {
        request.buildArgs().forEach((name, value) -> {
            if (SecretNames.looksSecret(name)) {
                // Masked in build output and messages, although the image history keeps it.
                redactor.register(value);
                listener.warning("Build argument " + name + " looks like a secret: build arguments are stored in the"
                        + " image history, where anyone who can pull the image can read them.");
            }
        });
    }

    @Override
    public String toString() {
        return "EcrPushService{region=" + (aws == null ? "-" : aws.region()) + ", docker="
                + (dockerClients == null ? "-" : dockerClients.dockerHost()) + "}";
    }
}
