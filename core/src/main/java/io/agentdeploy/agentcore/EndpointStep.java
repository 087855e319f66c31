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

    /**
     * The endpoint once it serves the version.
     *
     * @param endpointArn the endpoint ARN
     * @param liveVersion the version it serves
     * @param changed whether this step created or updated it
     */
    record Served(String endpointArn, String liveVersion, boolean changed) { }

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

    Served serve(AgentCoreErrors.Target target, AgentCoreDeployRequest request, String version,
            AgentCoreDeployService.Deadline deadline) {
        String name = request.endpointName();
        boolean changed = false;
        if (!AgentCoreDeployRequest.DEFAULT_ENDPOINT.equals(name)) {
            changed = pointAt(target, request, name, version);
        }
        GetAgentRuntimeEndpointResponse endpoint = awaitServing(target, name, version, deadline);
        listener.lifecycle("Endpoint " + name + " of AgentCore runtime '" + target.runtimeName() + "' serves version "
                + endpoint.liveVersion() + ".");
        return new Served(endpoint.agentRuntimeEndpointArn(), endpoint.liveVersion(), changed);
    }

    /** Creates the endpoint on the version, or moves it there; returns whether a call was made. */
    private boolean pointAt(AgentCoreErrors.Target target, AgentCoreDeployRequest request, String name,
            String version) {
        Optional<GetAgentRuntimeEndpointResponse> existing = api.findEndpoint(target, name);
        String endpointTarget = target.runtimeId() + "/" + name;
        if (existing.isEmpty()) {
            listener.lifecycle("Creating endpoint " + name + " of AgentCore runtime '" + target.runtimeName()
                    + "' on version " + version + ".");
            api.createEndpoint(target, name, version, ClientTokens.derive(request.clientTokenSeed(),
                    "CreateAgentRuntimeEndpoint", endpointTarget, version));
            return true;
        }
        GetAgentRuntimeEndpointResponse endpoint = existing.get();
        String heading = endpoint.targetVersion() != null ? endpoint.targetVersion() : endpoint.liveVersion();
        if (version.equals(heading) && !FAILED.contains(endpoint.statusAsString())) {
            return false;
        }
        listener.lifecycle("Moving endpoint " + name + " of AgentCore runtime '" + target.runtimeName()
                + "' from version " + endpoint.liveVersion() + " to " + version + ".");
        api.updateEndpoint(target, name, version, ClientTokens.derive(request.clientTokenSeed(),
                "UpdateAgentRuntimeEndpoint", endpointTarget + "@" + endpoint.liveVersion(), version));
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
