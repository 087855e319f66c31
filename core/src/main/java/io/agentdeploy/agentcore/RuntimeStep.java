package io.agentdeploy.agentcore;

import io.agentdeploy.progress.ProgressListener;
import io.agentdeploy.progress.Redactor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.AgentRuntime;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.CreateAgentRuntimeResponse;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.GetAgentRuntimeResponse;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.UpdateAgentRuntimeResponse;

/**
 * Creates the runtime or updates it when its settings differ, waits for a version to settle, and
 * reconciles tags. The service has no lookup by name, so the runtime is found by listing.
 */
final class RuntimeStep {

    static final Set<String> FAILED = Set.of("CREATE_FAILED", "UPDATE_FAILED");
    static final Set<String> IN_PROGRESS = Set.of("CREATING", "UPDATING");

    /**
     * The runtime after the create or update call.
     *
     * @param target the runtime, id included
     * @param arn the runtime ARN
     * @param version the version the call produced, or the current one when nothing changed
     * @param previousVersion the version current before, or {@code null} after a create
     * @param changed whether a create or update was made
     * @param created whether the runtime was created
     */
    record Change(AgentCoreErrors.Target target, String arn, String version, String previousVersion, boolean changed,
            boolean created) { }

    private final RuntimeApi api;
    private final StatusPoller poller;
    private final ProgressListener listener;
    private final Redactor redactor;

    RuntimeStep(RuntimeApi api, StatusPoller poller, ProgressListener listener, Redactor redactor) {
        this.api = api;
        this.poller = poller;
        this.listener = listener;
        this.redactor = redactor;
    }

    /** Finds the runtime by name. */
    Optional<AgentRuntime> find(AgentCoreErrors.Target target) {
        return api.findByName(target);
    }

    Change create(AgentCoreDeployRequest request, RuntimeSettings desired, AgentCoreErrors.Target target,
            AgentCoreDeployService.Deadline deadline) {
        String token = ClientTokens.derive(request.buildIdentity(), "CreateAgentRuntime", request.runtimeName(),
                desired.fingerprint());
        Optional<CreateAgentRuntimeResponse> created = api.create(target, desired, request.tags(), token);
        if (created.isEmpty()) {
            // ConflictException: another deployment created the runtime after the lookup.
            listener.lifecycle("AgentCore runtime '" + request.runtimeName() + "' was created by another deployment"
                    + " meanwhile; updating it instead.");
            AgentRuntime found = api.findByName(target).orElseThrow(() -> new AgentCoreException("AgentCore runtime '"
                    + request.runtimeName() + "' could not be created in " + target.region() + ": the name is taken,"
                    + " but no runtime of that name is listed. Deploy again in a minute.", null, target.region(),
                    request.runtimeName(), null, null, "ConflictException"));
            return updateIfChanged(request, desired, target.withRuntimeId(found.agentRuntimeId()),
                    found.agentRuntimeArn(), deadline);
        }
        CreateAgentRuntimeResponse response = created.get();
        listener.lifecycle("Created AgentCore runtime '" + request.runtimeName() + "' (" + response.agentRuntimeId()
                + "), version " + response.agentRuntimeVersion() + ".");
        return new Change(target.withRuntimeId(response.agentRuntimeId()), response.agentRuntimeArn(),
                response.agentRuntimeVersion(), null, true, true);
    }

    /** Reads the runtime, waiting first for a change in progress (another deployment's) to end. */
    GetAgentRuntimeResponse settled(AgentCoreErrors.Target target, AgentCoreDeployService.Deadline deadline) {
        GetAgentRuntimeResponse current = api.get(target);
        if (IN_PROGRESS.contains(current.statusAsString())) {
            listener.lifecycle("AgentCore runtime '" + target.runtimeName() + "' is " + current.statusAsString()
                    + " from another change; waiting for it to finish first.");
            current = awaitSettled(target, current.agentRuntimeVersion(), deadline);
        }
        return current;
    }

    Change updateIfChanged(AgentCoreDeployRequest request, RuntimeSettings desired, AgentCoreErrors.Target target,
            String arn, AgentCoreDeployService.Deadline deadline) {
        return updateIfChanged(request, desired, target, arn, settled(target, deadline));
    }

    /** Updates the runtime when {@code current}, a settled read, differs from the desired settings. */
    Change updateIfChanged(AgentCoreDeployRequest request, RuntimeSettings desired, AgentCoreErrors.Target target,
            String arn, GetAgentRuntimeResponse current) {
        if ("DELETING".equals(current.statusAsString())) {
            throw new AgentCoreException("AgentCore runtime '" + target.runtimeName() + "' (" + target.runtimeId()
                    + ") is being deleted in " + target.region() + ". Deploy again once it is gone.", null,
                    target.region(), target.runtimeName(), target.runtimeId(), "DELETING", null);
        }
        String version = current.agentRuntimeVersion();
        RuntimeSettings actual = RuntimeSettings.of(current);
        if (actual.equals(desired) && AgentCoreDeployService.READY.equals(current.statusAsString())) {
            listener.lifecycle("AgentCore runtime '" + target.runtimeName() + "' (" + target.runtimeId() + ") version "
                    + version + " already has this image and configuration; not updating it.");
            return new Change(target, arn, version, version, false, false);
        }

        List<String> differences = desired.differencesFrom(actual);
        String reason = differences.isEmpty() ? "its status is " + current.statusAsString()
                : String.join(", ", differences) + " changed";
        listener.lifecycle("Updating AgentCore runtime '" + target.runtimeName() + "' (" + target.runtimeId()
                + ") from version " + version + ": " + reason + ".");
        UpdateAgentRuntimeResponse updated = update(request.buildIdentity(), target, desired, version);
        return new Change(target, arn, updated.agentRuntimeVersion(), version, true, false);
    }

    /**
     * Sends the complete specification. The current version is part of the client token, so that a
     * retry after a failed update makes a new call while a rerun of the same step does not.
     */
    UpdateAgentRuntimeResponse update(String buildIdentity, AgentCoreErrors.Target target, RuntimeSettings desired,
            String currentVersion) {
        String token = ClientTokens.derive(buildIdentity, "UpdateAgentRuntime",
                target.runtimeId() + "@" + currentVersion, desired.fingerprint());
        return api.update(target, desired, token);
    }

    /** Reads the settings of an earlier version, for a rollback that re-deploys them. */
    RuntimeSettings settingsOf(AgentCoreErrors.Target target, String version) {
        return RuntimeSettings.of(api.get(target, version));
    }

    /**
     * Adds or corrects the request's tags on the runtime; tags set by others stay.
     *
     * @return whether a TagResource call was made
     */
    boolean reconcileTags(AgentCoreErrors.Target target, String arn, Map<String, String> desired) {
        if (desired.isEmpty()) {
            return false;
        }
        Map<String, String> actual = api.tags(target, arn);
        Map<String, String> missing = new LinkedHashMap<>();
        desired.forEach((key, value) -> {
            if (!value.equals(actual.get(key))) {
                missing.put(key, value);
            }
        });
        if (missing.isEmpty()) {
            return false;
        }
        api.tag(target, arn, missing);
        listener.lifecycle("Tagged AgentCore runtime '" + target.runtimeName() + "': "
                + String.join(", ", missing.keySet()) + ".");
        return true;
    }

    /** Waits until another change ends in READY or a failure. Throws only when the timeout passes first. */
    GetAgentRuntimeResponse awaitSettled(AgentCoreErrors.Target target, String version,
            AgentCoreDeployService.Deadline deadline) {
        StatusPoller.Outcome<GetAgentRuntimeResponse> outcome = poller.await(subject(target, version),
                deadline.started(), deadline.limit(), () -> api.get(target), GetAgentRuntimeResponse::statusAsString,
                runtime -> !IN_PROGRESS.contains(runtime.statusAsString()));
        if (outcome.timedOut()) {
            throw timedOut(target, version, outcome, deadline);
        }
        return outcome.last();
    }

    /**
     * Polls until the version, or a newer one, is READY. A failure of that version ends the wait at
     * once with the service's failure reason.
     */
    GetAgentRuntimeResponse awaitReady(AgentCoreErrors.Target target, String version,
            AgentCoreDeployService.Deadline deadline) {
        StatusPoller.Outcome<GetAgentRuntimeResponse> outcome = poller.await(subject(target, version),
                deadline.started(), deadline.limit(), () -> api.get(target), GetAgentRuntimeResponse::statusAsString,
                runtime -> AgentCoreDeployService.atLeast(runtime.agentRuntimeVersion(), version)
                        && (AgentCoreDeployService.READY.equals(runtime.statusAsString())
                                || FAILED.contains(runtime.statusAsString())));
        if (outcome.timedOut()) {
            throw timedOut(target, version, outcome, deadline);
        }
        GetAgentRuntimeResponse runtime = outcome.last();
        if (FAILED.contains(runtime.statusAsString())) {
            throw new AgentCoreException(redactor.redact("AgentCore runtime '" + target.runtimeName() + "' ("
                    + target.runtimeId() + ") version " + runtime.agentRuntimeVersion() + " ended in "
                    + runtime.statusAsString() + " in " + target.region() + ": "
                    + AgentCoreDeployService.sentence(runtime.failureReason())
                    + " Fix the cause (often the image or the execution role's permissions) and deploy again."),
                    null, target.region(), target.runtimeName(), target.runtimeId(), runtime.statusAsString(),
                    runtime.failureReason());
        }
        return runtime;
    }

    private AgentCoreException timedOut(AgentCoreErrors.Target target, String version,
            StatusPoller.Outcome<?> outcome, AgentCoreDeployService.Deadline deadline) {
        return new AgentCoreException("AgentCore runtime '" + target.runtimeName() + "' (" + target.runtimeId()
                + ") version " + version + " did not become READY in " + target.region() + " within the timeout of "
                + StatusPoller.format(deadline.limit()) + ": its status was still " + outcome.status() + " after "
                + StatusPoller.format(outcome.elapsed()) + ". Raise the timeout, or check the runtime in the"
                + " AgentCore console.", null, target.region(), target.runtimeName(), target.runtimeId(),
                outcome.status(), null);
    }

    private static String subject(AgentCoreErrors.Target target, String version) {
        return "AgentCore runtime '" + target.runtimeName() + "' version " + version;
    }
}
