package io.agentdeploy.agentcore;

import java.util.List;

/**
 * The outcome of a rollback: the endpoints restored and a note per step.
 *
 * @param runtimeId the runtime
 * @param endpoints the endpoints moved back, each from {@code previousVersion} (the failed one) to {@code version}
 * @param notes one sentence per action or per endpoint left as it was
 * @param complete whether every step that was needed succeeded, so the previous state serves again
 */
public record AgentCoreRollbackResult(String runtimeId, List<EndpointChange> endpoints, List<String> notes,
        boolean complete) {

    public AgentCoreRollbackResult {
        endpoints = List.copyOf(endpoints);
        notes = List.copyOf(notes);
    }

    /** True when at least one endpoint was restored. */
    public boolean restored() {
        return !endpoints.isEmpty();
    }
}
