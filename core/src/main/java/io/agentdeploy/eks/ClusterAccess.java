package io.agentdeploy.eks;

import io.agentdeploy.error.InvalidInputException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach the cluster: a kubeconfig, as a file or as content, with an optional context (the
 * kubeconfig's {@code current-context} otherwise). Nothing is taken from the environment, from
 * {@code ~/.kube/config} or from a pod's service account unless the caller passes it here.
 *
 * <p>{@link #toString()} never shows kubeconfig content, which contains credentials.
 */
public final class ClusterAccess {

    private final Path kubeconfigFile;
    private final String kubeconfigContent;
    private final String context;

    private ClusterAccess(Path kubeconfigFile, String kubeconfigContent, String context) {
        this.kubeconfigFile = kubeconfigFile;
        this.kubeconfigContent = kubeconfigContent;
        this.context = context == null || context.isBlank() ? null : context;
    }

    /** Creates access by a kubeconfig file; relative certificate paths in it resolve against its folder. */
    public static ClusterAccess kubeconfigFile(Path file, String context) {
        Objects.requireNonNull(file, "file");
        return new ClusterAccess(file, null, context);
    }

    /** Creates access by kubeconfig content, for example from a secret-text credential. */
    public static ClusterAccess kubeconfigContent(String content, String context) {
        if (content == null || content.isBlank()) {
            throw new InvalidInputException("kubeconfig", null, "the kubeconfig content is empty.",
                    "Pass the content of a kubeconfig file.");
        }
        return new ClusterAccess(null, content, context);
    }

    /** Returns the kubeconfig file, when access is by file. */
    public Optional<Path> kubeconfigFile() {
        return Optional.ofNullable(kubeconfigFile);
    }

    /** Returns the kubeconfig content, when access is by content. It is a secret: never print it. */
    public Optional<String> kubeconfigContent() {
        return Optional.ofNullable(kubeconfigContent);
    }

    /** Returns the context to use, or empty for the kubeconfig's current context. */
    public Optional<String> context() {
        return Optional.ofNullable(context);
    }

    /** Describes where the access comes from, for messages: the file path or "kubeconfig content", with the context. */
    public String describe() {
        String source = kubeconfigFile != null ? "kubeconfig " + kubeconfigFile : "kubeconfig content";
        return context == null ? source : source + " (context '" + context + "')";
    }

    @Override
    public String toString() {
        return describe();
    }
}
