package io.agentdeploy.eks;

import io.agentdeploy.error.LayerFailedException;
import java.util.List;

/**
 * A Kubernetes deployment failed: the API refused a call, or the rollout failed or timed out. Carries
 * the namespace and name of the object concerned, the reason (the API server's, such as
 * {@code Forbidden}, or the rollout's, such as {@code ImagePullBackOff} or
 * {@code ProgressDeadlineExceeded}) and, for rollout failures, the diagnostic lines (pod states,
 * log lines, Warning events) that the message also contains. A failed rollout also tells whether the
 * last good state was restored ({@link #rolledBack()}) and what was restored or left behind
 * ({@link #notes()}). Never contains a secret value.
 */
public class KubernetesDeployException extends LayerFailedException {

    private static final long serialVersionUID = 1L;

    private final String namespace;
    private final String name;
    private final String reason;
    private final List<String> diagnostics;

    public KubernetesDeployException(String message, String namespace, String name, String reason, List<String> diagnostics,
            Throwable cause) {
        this(message, namespace, name, reason, diagnostics, cause, false, List.of());
    }

    public KubernetesDeployException(String message, String namespace, String name, String reason, List<String> diagnostics,
            Throwable cause, boolean rolledBack, List<String> notes) {
        super(message, cause, rolledBack, notes);
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

    /** Returns a copy with another message and the rollback's outcome, keeping reason and diagnostics. */
    KubernetesDeployException withRollback(String message, boolean rolledBack, List<String> notes) {
        return new KubernetesDeployException(message, namespace, name, reason, diagnostics, getCause(), rolledBack, notes);
    }

    /** Returns the pod states, log lines and events gathered when a rollout failed, or an empty list for API errors. */
    public List<String> diagnostics() {
        return diagnostics;
    }
}
