package io.agentdeploy.agentcore;

import io.agentdeploy.progress.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.GetAgentRuntimeResponse;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.UpdateAgentRuntimeResponse;

/**
 * Points endpoints back at the versions they served before a deployment. A named endpoint is moved
 * with UpdateAgentRuntimeEndpoint. DEFAULT cannot be pinned (it always serves the newest version),
 * so it is restored by updating the runtime with the previous version's complete configuration,
 * which makes a new version equal to the previous one.
 */
final class Rollbacks {

    /**
     * The endpoints to restore.
     *
     * @param namedEndpoints each named endpoint the deployment touched, with the version it served
     *     before ({@code null} when the deployment created it)
     * @param defaultVersion the version DEFAULT served before when DEFAULT is the production endpoint
     *     and the runtime was updated, else {@code null}
     */
    record Plan(Map<String, String> namedEndpoints, String defaultVersion) { }

    private final RuntimeStep runtimes;
    private final EndpointStep endpoints;
    private final ProgressListener listener;

    Rollbacks(RuntimeStep runtimes, EndpointStep endpoints, ProgressListener listener) {
        this.runtimes = runtimes;
        this.endpoints = endpoints;
        this.listener = listener;
    }

    /** Restores what the plan names; a step that fails is reported in the notes and the others still run. */
    AgentCoreRollbackResult restore(AgentCoreErrors.Target target, String buildIdentity, Plan plan,
            AgentCoreDeployService.Deadline deadline) {
        List<EndpointChange> restored = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        boolean complete = true;
        for (Map.Entry<String, String> endpoint : plan.namedEndpoints().entrySet()) {
            try {
                restoreNamed(target, endpoint.getKey(), endpoint.getValue(), buildIdentity, deadline, restored, notes);
            } catch (AgentCoreException e) {
                complete = false;
                notes.add("Endpoint " + endpoint.getKey() + " could not be moved back to version "
                        + endpoint.getValue() + ": " + e.getMessage());
            }
        }
        if (plan.defaultVersion() != null) {
            try {
                restoreDefault(target, plan.defaultVersion(), buildIdentity, deadline, restored, notes);
            } catch (AgentCoreException e) {
                complete = false;
                notes.add("Endpoint DEFAULT could not be restored to the configuration of version "
                        + plan.defaultVersion() + ": " + e.getMessage());
            }
        }
        notes.forEach(listener::warning);
        return new AgentCoreRollbackResult(target.runtimeId(), restored, notes, complete);
    }

    private void restoreNamed(AgentCoreErrors.Target target, String name, String previous, String buildIdentity,
            AgentCoreDeployService.Deadline deadline, List<EndpointChange> restored, List<String> notes) {
        Optional<String> live = endpoints.liveVersion(target, name);
        if (previous == null) {
            notes.add(live.isEmpty() ? "Endpoint " + name + " did not exist before this deployment and was not created."
                    : "Endpoint " + name + " was created by this deployment and had no earlier version; it stays on"
                            + " version " + live.get() + ".");
            return;
        }
        if (live.isPresent() && live.get().equals(previous)) {
            notes.add("Endpoint " + name + " still serves version " + previous + "; nothing to restore.");
            return;
        }
        EndpointChange change = endpoints.restore(target, name, previous, buildIdentity, deadline);
        restored.add(change);
        notes.add("Rolled back endpoint " + name + " from version " + change.previousVersion() + " to version "
                + previous + ".");
    }

    private void restoreDefault(AgentCoreErrors.Target target, String previous, String buildIdentity,
            AgentCoreDeployService.Deadline deadline, List<EndpointChange> restored, List<String> notes) {
        String live = endpoints.liveVersion(target, AgentCoreDeployRequest.DEFAULT_ENDPOINT).orElse(null);
        if (previous.equals(live)) {
            notes.add("Endpoint DEFAULT still serves version " + previous + ", because the new version never became"
                    + " READY; nothing to restore.");
            return;
        }
        RuntimeSettings settings = runtimes.settingsOf(target, previous);
        GetAgentRuntimeResponse newest = runtimes.awaitSettled(target, live == null ? previous : live, deadline);
        listener.lifecycle("Restoring endpoint DEFAULT of AgentCore runtime '" + target.runtimeName() + "': updating"
                + " the runtime to the configuration of version " + previous + ".");
        UpdateAgentRuntimeResponse updated = runtimes.update(buildIdentity + "|rollback",
                target.withRole(settings.roleArn()), settings, newest.agentRuntimeVersion());
        runtimes.awaitReady(target, updated.agentRuntimeVersion(), deadline);
        EndpointChange change = endpoints.serve(target, AgentCoreDeployRequest.DEFAULT_ENDPOINT,
                updated.agentRuntimeVersion(), live, buildIdentity, deadline);
        restored.add(change);
        notes.add("Rolled back endpoint DEFAULT from version " + live + " to the configuration of version " + previous
                + ", deployed as version " + updated.agentRuntimeVersion() + " because DEFAULT always serves the"
                + " newest version.");
    }
}
