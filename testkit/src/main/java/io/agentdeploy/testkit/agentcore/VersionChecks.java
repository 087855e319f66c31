package io.agentdeploy.testkit.agentcore;

import io.agentdeploy.testkit.ImageLookup;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Decides how a new runtime version ends: READY, or CREATE_FAILED/UPDATE_FAILED with a reason. A
 * test's forced failure comes first, then a missing image, then the optional {@link ContainerCheck},
 * which runs in the background while the version is CREATING or UPDATING.
 */
final class VersionChecks implements AutoCloseable {

    private final ImageLookup images;
    private volatile ContainerCheck containerCheck;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "agentcore-container-check");
        thread.setDaemon(true);
        return thread;
    });

    VersionChecks(ImageLookup images) {
        this.images = images;
    }

    void containerCheck(ContainerCheck check) {
        this.containerCheck = check;
    }

    /** Starts the change that makes a version, with its container check when one is set and applies. */
    Transition start(Transition.Kind kind, RuntimeRecord.Version version, Instant now, String forcedFailure) {
        ContainerCheck check = containerCheck;
        if (check == null || forcedFailure != null || imageFailure(version) != null) {
            return new Transition(kind, now, forcedFailure);
        }
        String uri = version.containerUri();
        Map<String, String> environment = environment(version);
        String protocol = protocol(version);
        CompletableFuture<Optional<String>> result = CompletableFuture.supplyAsync(
                () -> check.check(uri, environment, protocol), executor)
                .exceptionally(e -> Optional.of("The container check failed: " + e.getMessage()));
        return new Transition(kind, now, null, result);
    }

    /** Completes the runtime's pending create or update; DEFAULT follows a READY version. */
    void complete(RuntimeRecord runtime, Transition change, Instant now) {
        RuntimeRecord.Version version = runtime.latest();
        version.lastUpdatedAt = now;
        String failure = change.forcedFailure() != null ? change.forcedFailure() : imageFailure(version);
        if (failure == null) {
            failure = change.containerFailure();
        }
        EndpointRecord defaultEndpoint = runtime.endpoints.get(AgentCoreControlDouble.DEFAULT_ENDPOINT);
        defaultEndpoint.lastUpdatedAt = now;
        if (failure == null) {
            version.status = "READY";
            defaultEndpoint.status = "READY";
            defaultEndpoint.liveVersion = version.number;
            defaultEndpoint.targetVersion = version.number;
            defaultEndpoint.failureReason = null;
            return;
        }
        version.failureReason = failure;
        if (change.kind() == Transition.Kind.CREATE) {
            version.status = "CREATE_FAILED";
            defaultEndpoint.status = "CREATE_FAILED";
            defaultEndpoint.failureReason = failure;
        } else {
            // NOTE: what DEFAULT shows after a failed update is not documented; here it keeps serving
            // the previous version.
            version.status = "UPDATE_FAILED";
            defaultEndpoint.status = defaultEndpoint.liveVersion == null ? "CREATE_FAILED" : "READY";
            defaultEndpoint.targetVersion = defaultEndpoint.liveVersion;
        }
    }

    /** Returns the failure reason when the version's image cannot be pulled, else {@code null}. */
    private String imageFailure(RuntimeRecord.Version version) {
        String uri = version.containerUri();
        if (images.exists(uri)) {
            return null;
        }
        // NOTE: the wording of the service's reason for a missing image is not verified.
        return "Failed to pull the container image '" + uri + "': the image was not found in the repository."
                + " Check that the image exists and that the execution role can pull it.";
    }

    static Map<String, String> environment(RuntimeRecord.Version version) {
        Map<String, String> environment = new LinkedHashMap<>();
        version.spec.path("environmentVariables").properties()
                .forEach(entry -> environment.put(entry.getKey(), entry.getValue().asText()));
        return environment;
    }

    static String protocol(RuntimeRecord.Version version) {
        return version.spec.path("protocolConfiguration").path("serverProtocol").asText("HTTP");
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
