package io.agentdeploy.eks;

import io.agentdeploy.error.InvalidInputException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to reach the cluster, one of three ways:
 * <ul>
 *   <li>a kubeconfig, as a file or as content, with an optional context (the kubeconfig's
 *       {@code current-context} otherwise);</li>
 *   <li>an EKS cluster name: the endpoint and CA come from DescribeCluster and the bearer token is an
 *       EKS token made from a presigned STS GetCallerIdentity request, with the AWS credentials of
 *       the {@link KubernetesClients} that opens the connection;</li>
 *   <li>the service account of the pod the step runs in.</li>
 * </ul>
 * Nothing is taken from the environment, from {@code ~/.kube/config} or from a pod's service
 * account unless the caller passes it here.
 *
 * <p>{@link #toString()} never shows kubeconfig content, which contains credentials.
 */
public final class ClusterAccess {

    /** Where Kubernetes mounts a pod's service account token, CA certificate and namespace. */
    public static final Path SERVICE_ACCOUNT_DIRECTORY = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

    /** EKS cluster names: 1 to 100 characters, a letter or digit first, then letters, digits, '-' and '_'. */
    private static final Pattern EKS_CLUSTER_NAME = Pattern.compile("[0-9A-Za-z][A-Za-z0-9\\-_]{0,99}");

    /** The three ways to reach a cluster. */
    public enum Kind {
        /** A kubeconfig file or its content. */
        KUBECONFIG,
        /** An EKS cluster name with AWS credentials. */
        EKS,
        /** The service account of the pod the step runs in. */
        IN_CLUSTER
    }

    private final Kind kind;
    private final Path kubeconfigFile;
    private final String kubeconfigContent;
    private final String context;
    private final String clusterName;
    private final Path serviceAccountDirectory;
    private final URI apiServer;

    private ClusterAccess(Kind kind, Path kubeconfigFile, String kubeconfigContent, String context, String clusterName,
            Path serviceAccountDirectory, URI apiServer) {
        this.kind = kind;
        this.kubeconfigFile = kubeconfigFile;
        this.kubeconfigContent = kubeconfigContent;
        this.context = context == null || context.isBlank() ? null : context;
        this.clusterName = clusterName;
        this.serviceAccountDirectory = serviceAccountDirectory;
        this.apiServer = apiServer;
    }

    /** Creates access by a kubeconfig file; relative certificate paths in it resolve against its folder. */
    public static ClusterAccess kubeconfigFile(Path file, String context) {
        Objects.requireNonNull(file, "file");
        return new ClusterAccess(Kind.KUBECONFIG, file, null, context, null, null, null);
    }

    /** Creates access by kubeconfig content, for example from a secret-text credential. */
    public static ClusterAccess kubeconfigContent(String content, String context) {
        if (content == null || content.isBlank()) {
            throw new InvalidInputException("kubeconfig", null, "the kubeconfig content is empty.",
                    "Pass the content of a kubeconfig file.");
        }
        return new ClusterAccess(Kind.KUBECONFIG, null, content, context, null, null, null);
    }

    /**
     * Creates access to an EKS cluster by name, without a kubeconfig.
     *
     * @throws InvalidInputException when the name is not a valid EKS cluster name
     */
    public static ClusterAccess eksCluster(String clusterName) {
        if (clusterName == null || !EKS_CLUSTER_NAME.matcher(clusterName).matches()) {
            throw new InvalidInputException("cluster", clusterName, "an EKS cluster name has 1 to 100 letters, digits,"
                    + " '-' and '_', starting with a letter or digit.", "Pass the name shown by aws eks list-clusters.");
        }
        return new ClusterAccess(Kind.EKS, null, null, null, clusterName, null, null);
    }

    /**
     * Creates access with the service account of the pod the step runs in: the token and CA from
     * {@code /var/run/secrets/kubernetes.io/serviceaccount}, the API server from {@code KUBERNETES_SERVICE_HOST} and
     * {@code KUBERNETES_SERVICE_PORT}. Used only when asked for.
     */
    public static ClusterAccess inCluster() {
        return new ClusterAccess(Kind.IN_CLUSTER, null, null, null, null, SERVICE_ACCOUNT_DIRECTORY, null);
    }

    /**
     * Creates in-cluster access with the files in another folder and, when {@code apiServer} is not
     * {@code null}, another API server address; for tests and unusual pod layouts.
     */
    public static ClusterAccess inCluster(Path serviceAccountDirectory, URI apiServer) {
        Objects.requireNonNull(serviceAccountDirectory, "serviceAccountDirectory");
        return new ClusterAccess(Kind.IN_CLUSTER, null, null, null, null, serviceAccountDirectory, apiServer);
    }

    public Kind kind() {
        return kind;
    }

    /** Returns the kubeconfig file, when access is by file. */
    public Optional<Path> kubeconfigFile() {
        return Optional.ofNullable(kubeconfigFile);
    }

    /** Returns the kubeconfig content, when access is by content. It is a secret: never print it. */
    public Optional<String> kubeconfigContent() {
        return Optional.ofNullable(kubeconfigContent);
    }

    /** Returns the kubeconfig context to use, or empty for the kubeconfig's current context. */
    public Optional<String> context() {
        return Optional.ofNullable(context);
    }

    /** Returns the EKS cluster name, when access is by cluster name. */
    public Optional<String> clusterName() {
        return Optional.ofNullable(clusterName);
    }

    /** Returns the folder of the service account files, for in-cluster access. */
    public Optional<Path> serviceAccountDirectory() {
        return Optional.ofNullable(serviceAccountDirectory);
    }

    /** Returns the API server address given for in-cluster access, or empty to take it from the environment. */
    public Optional<URI> apiServer() {
        return Optional.ofNullable(apiServer);
    }

    /** Describes where the access comes from, for messages: the file path or "kubeconfig content", the cluster, or the pod. */
    public String describe() {
        return switch (kind) {
            case KUBECONFIG -> {
                String source = kubeconfigFile != null ? "kubeconfig " + kubeconfigFile : "kubeconfig content";
                yield context == null ? source : source + " (context '" + context + "')";
            }
            case EKS -> "EKS cluster '" + clusterName + "' with an EKS token";
            case IN_CLUSTER -> "in-cluster service account";
        };
    }

    @Override
    public String toString() {
        return describe();
    }
}
