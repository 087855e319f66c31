package io.agentdeploy.eks;

import io.agentdeploy.error.DeployException;
import java.util.List;

/**
 * A Kubernetes deployment failed: the API refused a call, or the rollout failed or timed out. Carries
 * the namespace and name of the object concerned, the reason (the API server's, such as
 * {@code Forbidden}, or the rollout's, such as {@code ImagePullBackOff} or
 * {@code ProgressDeadlineExceeded}) and, for rollout failures, the diagnostic lines (pod states,
 * log lines, Warning events) that the message also contains. Never contains a secret value.
 */
public class KubernetesDeployException extends DeployException {

    private static final long serialVersionUID = 1L;

    private final String namespace;
    private final String name;
    private final String reason;
    private final List<String> diagnostics;

    public KubernetesDeployException(String message, String namespace, String name, String reason, List<String> diagnostics,
            Throwable cause) {
        super(message, cause);
        this.namespace = namespace;
        this.name = name;
        this.reason = reason;
        this.diagnostics = List.copyOf(diagnostics);
    }

    /** Returns the namespace of the object concerned, or {@code null} for cluster-wide calls. */
    public String namespace() {
        return namespace;
    }

    /** Returns the name of the object concerned, or {@code null}. */
    public String name() {
        return name;
    }

    /** Returns the API server's or the rollout's reason, for example {@code Forbidden} or {@code CrashLoopBackOff}. */
    public String reason() {
        return reason;
    }

    /** Returns the pod states, log lines and events gathered when a rollout failed, or an empty list for API errors. */
    public List<String> diagnostics() {
        return diagnostics;
    }
}
