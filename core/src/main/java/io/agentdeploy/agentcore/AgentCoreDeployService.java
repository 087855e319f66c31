package io.agentdeploy.agentcore;

import io.agentdeploy.aws.AwsClients;
import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.progress.ProgressListener;
import io.agentdeploy.progress.Redactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.AgentRuntime;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.CreateAgentRuntimeResponse;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.GetAgentRuntimeResponse;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.UpdateAgentRuntimeResponse;

/**
 * Deploys an agent image to Bedrock AgentCore Runtime: creates the runtime or updates it when the
 * image or configuration differs, waits until the new version is READY, and makes the endpoint
 * serve it. A rerun with unchanged inputs makes no mutating call.
 *
 * <p>Environment variable values are sent to AgentCore but never reported; values of variables
 * whose names look secret are registered with the {@link Redactor}.
 */
public final class AgentCoreDeployService {

    static final String READY = "READY";
    private static final Set<String> FAILED = Set.of("CREATE_FAILED", "UPDATE_FAILED");
    private static final Set<String> IN_PROGRESS = Set.of("CREATING", "UPDATING");

    private final String region;
    private final ProgressListener listener;
    private final Redactor redactor;
    private final Clock clock;
    private final RuntimeApi api;
    private final StatusPoller poller;
    private final EndpointStep endpoints;

    /** Creates a service that calls AgentCore through {@code clients} and reports to {@code listener}. */
    public AgentCoreDeployService(AwsClients clients, ProgressListener listener, Redactor redactor) {
        this(clients, listener, redactor, Clock.systemUTC(), Sleeper.SYSTEM);
    }

    /** Creates a service with its own clock and sleeper, so that tests wait without sleeping. */
    public AgentCoreDeployService(AwsClients clients, ProgressListener listener, Redactor redactor, Clock clock,
            Sleeper sleeper) {
        this.region = clients.region();
        this.redactor = redactor;
        this.listener = redactor.wrap(listener);
        this.clock = clock;
        this.api = new RuntimeApi(clients.agentCoreControl(), redactor);
        this.poller = new StatusPoller(clock, sleeper, this.listener);
        this.endpoints = new EndpointStep(api, poller, this.listener, redactor);
    }

    /**
     * Creates or updates the runtime, waits until it is READY and points the endpoint at its version.
     *
     * @return what was deployed, with {@code changed=false} when nothing had to change
     * @throws InvalidInputException when the image is not in the runtime's region (checked before any call)
     * @throws AgentCoreException when a call fails, the runtime or endpoint ends in CREATE_FAILED or
     *     UPDATE_FAILED (thrown as soon as it is seen), or the request's timeout passes first
     * @throws io.agentdeploy.error.DeploymentCancelledException when the thread is interrupted
     */
    public AgentCoreDeployResult deploy(AgentCoreDeployRequest request) {
        Instant started = clock.instant();
        List<String> notes = new ArrayList<>();
        checkImage(request, notes);
        checkEnvironment(request, notes);
        RuntimeSettings desired = RuntimeSettings.of(request);
        listener.lifecycle("Deploying AgentCore runtime '" + request.runtimeName() + "' in " + region + " with image "
                + request.image() + ".");

        Deadline deadline = new Deadline(started, request.timeout());
        Change change = createOrUpdate(request, desired, deadline);
        GetAgentRuntimeResponse runtime = change.ready() != null ? change.ready() : awaitReady(change, deadline);
        EndpointStep.Served endpoint = endpoints.serve(change.target(), request, runtime.agentRuntimeVersion(),
                deadline);

        return new AgentCoreDeployResult(request.runtimeName(), runtime.agentRuntimeId(), runtime.agentRuntimeArn(),
                runtime.agentRuntimeVersion(), change.previousVersion(), runtime.statusAsString(),
                request.endpointName(), endpoint.endpointArn(), endpoint.liveVersion(), request.image(), region,
                change.changed() || endpoint.changed(), notes);
    }

    /** The wait budget of one deployment: the request's timeout, counted from the start. */
    record Deadline(Instant started, Duration limit) { }

    /**
     * The runtime after the create or update call.
     *
     * @param target the runtime, id included
     * @param version the version the call produced, or the current one when nothing changed
     * @param previousVersion the version current before, or {@code null} after a create
     * @param changed whether a create or update was made
     * @param ready the runtime as read when it was already READY and unchanged, else {@code null}
     */
    private record Change(AgentCoreErrors.Target target, String version, String previousVersion, boolean changed,
            GetAgentRuntimeResponse ready) { }

    private void checkImage(AgentCoreDeployRequest request, List<String> notes) {
        ContainerImage image = ContainerImage.parse("image", request.image());
        if (!image.region().equals(region)) {
            throw new InvalidInputException("image", request.image(), "the image is in region '" + image.region()
                    + "' but the runtime is in '" + region + "'; AgentCore pulls images only from its own region.",
                    "Push the image to ECR in " + region + ", or deploy the runtime to " + image.region() + ".");
        }
        if (image.floatingTag()) {
            String warning = "Image " + request.image() + " has no digest and a 'latest' or missing tag. A runtime"
                    + " version stores the reference, not the content, so older versions would run whatever the tag"
                    + " points to later. Deploy by digest (repository@sha256:...) or with a unique tag.";
            listener.warning(warning);
            notes.add(warning);
        }
    }

    private void checkEnvironment(AgentCoreDeployRequest request, List<String> notes) {
        if (request.environment().isEmpty()) {
            return;
        }
        listener.debug("Environment variables (names only): " + String.join(", ", request.environment().keySet()));
        request.environment().forEach((name, value) -> {
            if (SecretNames.looksSecret(name)) {
                redactor.register(value);
                String warning = "Environment variable '" + name + "' looks like a secret but is passed as plain"
                        + " text; AgentCore stores it in the runtime configuration, readable with"
                        + " bedrock-agentcore:GetAgentRuntime.";
                listener.warning(warning);
                notes.add(warning);
            }
        });
    }

    private Change createOrUpdate(AgentCoreDeployRequest request, RuntimeSettings desired, Deadline deadline) {
        AgentCoreErrors.Target target = new AgentCoreErrors.Target(region, request.runtimeName(), null,
                request.executionRoleArn());
        Optional<AgentRuntime> existing = api.findByName(target);
        if (existing.isPresent()) {
            return updateIfChanged(request, desired, target.withRuntimeId(existing.get().agentRuntimeId()), deadline);
        }

        String token = ClientTokens.derive(request.clientTokenSeed(), "CreateAgentRuntime", request.runtimeName(),
                desired.fingerprint());
        Optional<CreateAgentRuntimeResponse> created = api.create(target, desired, token);
        if (created.isEmpty()) {
            // ConflictException: another deployment created the runtime after the lookup.
            listener.lifecycle("AgentCore runtime '" + request.runtimeName() + "' was created by another deployment"
                    + " meanwhile; updating it instead.");
            AgentRuntime found = api.findByName(target).orElseThrow(() -> new AgentCoreException("AgentCore runtime '"
                    + request.runtimeName() + "' could not be created in " + region + ": the name is taken, but no"
                    + " runtime of that name is listed. Deploy again in a minute.", null, region,
                    request.runtimeName(), null, null, "ConflictException"));
            return updateIfChanged(request, desired, target.withRuntimeId(found.agentRuntimeId()), deadline);
        }
        CreateAgentRuntimeResponse response = created.get();
        listener.lifecycle("Created AgentCore runtime '" + request.runtimeName() + "' (" + response.agentRuntimeId()
                + "), version " + response.agentRuntimeVersion() + ".");
        return new Change(target.withRuntimeId(response.agentRuntimeId()), response.agentRuntimeVersion(), null, true,
                null);
    }

    private Change updateIfChanged(AgentCoreDeployRequest request, RuntimeSettings desired,
            AgentCoreErrors.Target target, Deadline deadline) {
        GetAgentRuntimeResponse current = api.get(target);
        if (IN_PROGRESS.contains(current.statusAsString())) {
            listener.lifecycle("AgentCore runtime '" + target.runtimeName() + "' is " + current.statusAsString()
                    + " from another change; waiting for it to finish first.");
            current = awaitSettled(target, current.agentRuntimeVersion(), deadline);
        }
        if ("DELETING".equals(current.statusAsString())) {
            throw new AgentCoreException("AgentCore runtime '" + target.runtimeName() + "' (" + target.runtimeId()
                    + ") is being deleted in " + region + ". Deploy again once it is gone.", null, region,
                    target.runtimeName(), target.runtimeId(), "DELETING", null);
        }
        String version = current.agentRuntimeVersion();
        RuntimeSettings actual = RuntimeSettings.of(current);
        if (actual.equals(desired) && READY.equals(current.statusAsString())) {
            listener.lifecycle("AgentCore runtime '" + target.runtimeName() + "' (" + target.runtimeId() + ") version "
                    + version + " already has this image and configuration; not updating it.");
            return new Change(target, version, version, false, current);
        }

        List<String> differences = desired.differencesFrom(actual);
        String reason = differences.isEmpty() ? "its status is " + current.statusAsString()
                : String.join(", ", differences) + " changed";
        listener.lifecycle("Updating AgentCore runtime '" + target.runtimeName() + "' (" + target.runtimeId()
                + ") from version " + version + ": " + reason + ".");
        // The current version is part of the token, so that retrying after a failed update makes a new call.
        String token = ClientTokens.derive(request.clientTokenSeed(), "UpdateAgentRuntime",
                target.runtimeId() + "@" + version, desired.fingerprint());
        UpdateAgentRuntimeResponse updated = api.update(target, desired, current, token);
        return new Change(target, updated.agentRuntimeVersion(), version, true, null);
    }

    /** Waits until another change ends in READY or a failure. Throws only when the timeout passes first. */
    private GetAgentRuntimeResponse awaitSettled(AgentCoreErrors.Target target, String version, Deadline deadline) {
        StatusPoller.Outcome<GetAgentRuntimeResponse> outcome = poller.await(subject(target, version),
                deadline.started(), deadline.limit(), () -> api.get(target), GetAgentRuntimeResponse::statusAsString,
                runtime -> !IN_PROGRESS.contains(runtime.statusAsString()));
        if (outcome.timedOut()) {
            throw timedOut(target, version, outcome, deadline);
        }
        return outcome.last();
    }

    /**
     * Polls until the version made by this deployment, or a newer one, is READY. A failure of that
     * version ends the wait at once.
     */
    private GetAgentRuntimeResponse awaitReady(Change change, Deadline deadline) {
        AgentCoreErrors.Target target = change.target();
        StatusPoller.Outcome<GetAgentRuntimeResponse> outcome = poller.await(subject(target, change.version()),
                deadline.started(), deadline.limit(), () -> api.get(target), GetAgentRuntimeResponse::statusAsString,
                runtime -> atLeast(runtime.agentRuntimeVersion(), change.version())
                        && (READY.equals(runtime.statusAsString()) || FAILED.contains(runtime.statusAsString())));
        if (outcome.timedOut()) {
            throw timedOut(target, change.version(), outcome, deadline);
        }
        GetAgentRuntimeResponse runtime = outcome.last();
        if (FAILED.contains(runtime.statusAsString())) {
            throw new AgentCoreException(redactor.redact("AgentCore runtime '" + target.runtimeName() + "' ("
                    + target.runtimeId() + ") version " + runtime.agentRuntimeVersion() + " ended in "
                    + runtime.statusAsString() + " in " + region + ": " + sentence(runtime.failureReason())
                    + " Fix the cause (often the image or the execution role's permissions) and deploy again."),
                    null, region, target.runtimeName(),
                    target.runtimeId(), runtime.statusAsString(), runtime.failureReason());
        }
        return runtime;
    }

    private AgentCoreException timedOut(AgentCoreErrors.Target target, String version,
            StatusPoller.Outcome<?> outcome, Deadline deadline) {
        return new AgentCoreException("AgentCore runtime '" + target.runtimeName() + "' (" + target.runtimeId()
                + ") version " + version + " did not become READY in " + region + " within the timeout of "
                + StatusPoller.format(deadline.limit()) + ": its status was still " + outcome.status() + " after "
                + StatusPoller.format(outcome.elapsed()) + ". Raise the timeout, or check the runtime in the"
                + " AgentCore console.", null, region, target.runtimeName(), target.runtimeId(), outcome.status(),
                null);
    }

    private static String subject(AgentCoreErrors.Target target, String version) {
        return "AgentCore runtime '" + target.runtimeName() + "' version " + version;
    }

    /** Turns the service's failure reason into a sentence for a message. */
    static String sentence(String reason) {
        if (reason == null || reason.isBlank()) {
            return "AgentCore gave no reason.";
        }
        String trimmed = reason.strip();
        return trimmed.endsWith(".") ? trimmed : trimmed + ".";
    }

    /** Compares AgentCore versions, which are decimal numbers as strings. */
    static boolean atLeast(String version, String expected) {
        return version != null && Long.parseLong(version) >= Long.parseLong(expected);
    }
}
