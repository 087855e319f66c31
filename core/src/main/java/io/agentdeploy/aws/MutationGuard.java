package io.agentdeploy.aws;

import java.util.List;

/**
 * Told before every call that can change state in AWS or Kubernetes, so that an orchestrator can
 * stop a run that is only looking (by throwing) or take a lock first. {@link AwsClients} and the
 * Kubernetes clients call it; it must be safe to call from several threads.
 */
@FunctionalInterface
public interface MutationGuard {

    /** Lets every call through. */
    MutationGuard NONE = (service, operation) -> { };

    /**
     * Called before a call that can change state.
     *
     * @param service the service, for example {@code bedrock-agentcore-control} or {@code kubernetes}
     * @param operation the operation, for example {@code UpdateAgentRuntime} or {@code PATCH}
     * @throws RuntimeException to stop the call
     */
    void beforeMutation(String service, String operation);

    /** AWS operation names that change state start with one of these verbs. */
    List<String> MUTATING_VERBS = List.of("Create", "Update", "Delete", "Put", "Tag", "Untag", "Attach", "Detach",
            "Start", "Stop", "Set", "Add", "Remove", "Register", "Deregister");

    /** Whether an AWS operation, by its name, can change state. */
    static boolean mutatingAwsOperation(String operation) {
        return operation != null && MUTATING_VERBS.stream().anyMatch(verb -> operation.startsWith(verb)
                && (operation.length() == verb.length() || Character.isUpperCase(operation.charAt(verb.length()))));
    }
}
