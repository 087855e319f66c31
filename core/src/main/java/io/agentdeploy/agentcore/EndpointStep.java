package io.agentdeploy.agentcore;

import io.agentdeploy.progress.ProgressListener;
import io.agentdeploy.progress.Redactor;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.GetAgentRuntimeEndpointResponse;

/**
 * Makes a runtime endpoint serve a version and waits until it does. AgentCore moves the DEFAULT
 * endpoint to the newest version by itself, so for DEFAULT this only waits. Any other endpoint stays
 * on its version until it is updated, so this creates it when missing or moves it.
 */
final class EndpointStep {

    private static final Set<String> FAILED = Set.of("CREATE_FAILED", "UPDATE_FAILED");

    private final RuntimeApi api;
    private final StatusPoller poller;
    private final ProgressListener listener;
    private final Redactor redactor;

    EndpointStep(RuntimeApi api, StatusPoller poller, ProgressListener listener, Redactor redactor) {
        this.api = api;
        this.poller = poller;
        this.listener = listener;
        this.redactor = redactor;
    }

    /** Returns the version the endpoint serves, or empty when the runtime has no endpoint of that name. */
    Optional<String> liveVersion(AgentCoreErrors.Target target, String name) {
        return api.findEndpoint(target, name).map(GetAgentRuntimeEndpointResponse::liveVersion);
    }

    /**
     * Points the endpoint at the version and waits until it serves it.
     *
     * @param previousVersion the version it served before the deployment, or {@code null} when it did not exist
     * @param buildIdentity the seed of the client tokens
     */
    EndpointChange serve(AgentCoreErrors.Target target, String name, String version, String previousVersion,
            String buildIdentity, AgentCoreDeployService.Deadline deadline) {
        boolean moved = false;
        if (!AgentCoreDeployRequest.DEFAULT_ENDPOINT.equals(name)) {
            moved = pointAt(target, name, version, buildIdentity, "");
        }
        GetAgentRuntimeEndpointResponse endpoint = awaitServing(target, name, version, deadline);
        listener.lifecycle("Endpoint " + name + " of AgentCore runtime '" + target.runtimeName() + "' serves version "
                + endpoint.liveVersion() + ".");
        boolean changed = moved || previousVersion == null || !previousVersion.equals(endpoint.liveVersion());
        return new EndpointChange(name, endpoint.agentRuntimeEndpointArn(), previousVersion, endpoint.liveVersion(),
                changed);
    }

    /** Moves a named endpoint back to an earlier version and waits until it serves it. */
    EndpointChange restore(AgentCoreErrors.Target target, String name, String version, String buildIdentity,
            AgentCoreDeployService.Deadline deadline) {
        String from = liveVersion(target, name).orElse(null);
        pointAt(target, name, version, buildIdentity, "rollback|");
        GetAgentRuntimeEndpointResponse endpoint = awaitServing(target, name, version, deadline);
        return new EndpointChange(name, endpoint.agentRuntimeEndpointArn(), from, endpoint.liveVersion(), true);
    }

    /** Creates the endpoint on the version, or moves it there; returns whether a call was made. */
    private boolean pointAt(AgentCoreErrors.Target target, String name, String version, String buildIdentity,
            String purpose) {
        Optional<GetAgentRuntimeEndpointResponse> existing = api.findEndpoint(target, name);
        String endpointTarget = target.runtimeId() + "/" + name;
        if (existing.isEmpty()) {
            listener.lifecycle("Creating endpoint " + name + " of AgentCore runtime '" + target.runtimeName()
                    + "' on version " + version + ".");
            api.createEndpoint(target, name, version, ClientTokens.derive(buildIdentity,
                    purpose + "CreateAgentRuntimeEndpoint", endpointTarget, version));
            return true;
        }
        GetAgentRuntimeEndpointResponse endpoint = existing.get();
        String heading = endpoint.targetVersion() != null ? endpoint.targetVersion() : endpoint.liveVersion();
        if (version.equals(heading) && !FAILED.contains(endpoint.statusAsString())) {
            return false;
        }
        listener.lifecycle("Moving endpoint " + name + " of AgentCore runtime '" + target.runtimeName()
                + "' from version " + endpoint.liveVersion() + " to " + version + ".");
        api.updateEndpoint(target, name, version, ClientTokens.derive(buildIdentity,
                purpose + "UpdateAgentRuntimeEndpoint", endpointTarget + "@" + endpoint.liveVersion(), version));
        return true;
    }

    private GetAgentRuntimeEndpointResponse awaitServing(AgentCoreErrors.Target target, String name, String version,
            AgentCoreDeployService.Deadline deadline) {
        String subject = "Endpoint " + name + " of AgentCore runtime '" + target.runtimeName() + "'";
        StatusPoller.Outcome<GetAgentRuntimeEndpointResponse> outcome = poller.await(subject, deadline.started(),
                deadline.limit(), () -> read(target, name), GetAgentRuntimeEndpointResponse::statusAsString,
                endpoint -> FAILED.contains(endpoint.statusAsString())
                        || AgentCoreDeployService.READY.equals(endpoint.statusAsString())
                        && version.equals(endpoint.liveVersion()));
        GetAgentRuntimeEndpointResponse endpoint = outcome.last();
        if (outcome.timedOut()) {
            throw new AgentCoreException(subject + " (" + target.runtimeId() + ") did not serve version " + version
                    + " in " + target.region() + " within the timeout of " + StatusPoller.format(deadline.limit())
                    + ": its status was still " + outcome.status() + " on version " + endpoint.liveVersion()
                    + " after " + StatusPoller.format(outcome.elapsed()) + ". Raise the timeout, or check the endpoint"
                    + " in the AgentCore console.", null, target.region(), target.runtimeName(), target.runtimeId(),
                    outcome.status(), null);
        }
        if (FAILED.contains(endpoint.statusAsString())) {
            throw new AgentCoreException(redactor.redact(subject + " (" + target.runtimeId() + ") ended in "
                    + endpoint.statusAsString() + " in " + target.region() + ": "
                    + AgentCoreDeployService.sentence(endpoint.failureReason())
                    + (endpoint.liveVersion() == null ? "" : " It still serves version " + endpoint.liveVersion() + ".")),
                    null, target.region(), target.runtimeName(), target.runtimeId(),
                    endpoint.statusAsString(), endpoint.failureReason());
        }
        return endpoint;
    }

    private GetAgentRuntimeEndpointResponse read(AgentCoreErrors.Target target, String name) {
        return api.findEndpoint(target, name).orElseThrow(() -> new AgentCoreException("Endpoint " + name
                + " of AgentCore runtime '" + target.runtimeName() + "' (" + target.runtimeId() + ") was not found in "
                + target.region() + ". It may have been deleted while deploying; deploy again.", null,
                target.region(), target.runtimeName(), target.runtimeId(), null, "ResourceNotFoundException"));
    }
}
