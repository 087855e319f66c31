package io.agentdeploy.eks;

import io.agentdeploy.error.DeploymentCancelledException;
import io.agentdeploy.progress.Redactor;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs Kubernetes API calls and translates a fabric8 {@link KubernetesClientException} into a
 * {@link KubernetesDeployException} whose message states what was attempted, what the server
 * returned and what to do. This is the one place where fabric8 errors are translated.
 */
final class KubernetesErrors {

    /** The API server's 403 message: {@code ... cannot patch resource "deployments" in API group "apps" ...}. */
    private static final Pattern FORBIDDEN = Pattern.compile("cannot (\\S+) resource \"([^\"]+)\"(?: in API group \"([^\"]*)\")?");

    /** The API server's 409 message of a server-side apply: {@code conflict with "kubectl" using apps/v1: .spec.replicas}. */
    private static final Pattern CONFLICT = Pattern.compile("conflicts? with \"([^\"]+)\"(?: using ([^:]+))?:?\\s*(\\S+)?");

    /**
     * TLS errors of a client that got a plain HTTP response instead of a TLS record: the JDK's
     * "Unrecognized SSL message, plaintext connection?" and "Unsupported or unrecognized SSL message",
     * Netty's "not an SSL/TLS record" and OpenSSL's "wrong version number".
     */
    private static final Pattern PLAIN_HTTP_RESPONSE = Pattern.compile(
            "plaintext connection|unrecognized SSL message|not an SSL/TLS record|wrong version number",
            Pattern.CASE_INSENSITIVE);

    /**
     * Failures of a plain HTTP request to a TLS port, which closes the connection: the JDK client's
     * "header parser received no bytes", OkHttp's "unexpected end of stream" and a reset.
     */
    private static final Pattern CLOSED_WITHOUT_RESPONSE = Pattern.compile(
            "received no bytes|unexpected end of stream|connection reset|EOF reached", Pattern.CASE_INSENSITIVE);

    /**
     * The response text of a Go HTTPS server, such as the Kubernetes API server, to a plain HTTP request.
     * fabric8 7.3.1 keeps a body only when it is a Kubernetes Status, so this text rarely reaches the exception.
     */
    private static final String HTTPS_SERVER_RESPONSE = "HTTP request to an HTTPS server";

    /** The reason of a failure that the address's scheme (http or https) likely causes. */
    static final String WRONG_SCHEME = "WrongScheme";

    /** The reason of a watch that ended because the API server stopped responding. */
    static final String API_SERVER_LOST = "ApiServerLost";

    private final String apiUrl;
    private final ClusterAccess access;
    private final Redactor redactor;

    KubernetesErrors(String apiUrl, ClusterAccess access, Redactor redactor) {
        this.apiUrl = apiUrl;
        this.access = access;
        this.redactor = redactor;
    }

    /**
     * One API call: what it does, for messages, and the object it is about.
     *
     * @param verb the RBAC verb, for example {@code patch}
     * @param resource the resource plural, for example {@code deployments}
     */
    record Call(String verb, String resource, String namespace, String name, String activity) {
    }

    /**
     * Runs the call and translates a client exception.
     *
     * @throws DeploymentCancelledException when the thread was interrupted during the call
     */
    <T> T call(Call call, Supplier<T> action) {
        try {
            return action.get();
        } catch (KubernetesClientException e) {
            throw translate(call, e);
        }
    }

    /**
     * Translates a client exception into a deployment failure that names the call.
     *
     * @throws DeploymentCancelledException instead, when the exception comes from an interrupt
     */
    KubernetesDeployException translate(Call call, KubernetesClientException e) {
        if (interrupted(e)) {
            throw DeploymentCancelledException.interrupted(call.activity());
        }
        Status status = e.getStatus();
        String serverMessage = status != null && status.getMessage() != null ? status.getMessage() : e.getMessage();
        String reason = status != null && status.getReason() != null ? status.getReason() : null;
        String message;
        // fabric8 reports -1 (or 0) as the code when no HTTP response arrived.
        switch (Math.max(e.getCode(), 0)) {
            case 0 -> {
                Throwable tls = tlsCause(e);
                if (tls != null && apiUrl.startsWith("https:") && PLAIN_HTTP_RESPONSE.matcher(messages(tls)).find()) {
                    reason = WRONG_SCHEME;
                    message = "The Kubernetes API at " + apiUrl + " responded in plain HTTP instead of TLS while "
                            + call.activity() + ": " + tls.getMessage() + ". The server address in " + access.describe()
                            + " may have the wrong scheme: if this server serves plain HTTP, write http:// instead of"
                            + " https://.";
                } else if (tls == null && apiUrl.startsWith("http:") && CLOSED_WITHOUT_RESPONSE.matcher(messages(e)).find()) {
                    reason = WRONG_SCHEME;
                    message = "The Kubernetes API at " + apiUrl + " closed the connection without an HTTP response while "
                            + call.activity() + ": " + rootCause(e) + ". The server address in " + access.describe()
                            + " may have the wrong scheme: Kubernetes API servers normally serve HTTPS, so write https://"
                            + " instead of http:// unless this server serves plain HTTP.";
                } else if (tls != null) {
                    reason = "BadCertificate";
                    message = "The Kubernetes API at " + apiUrl + " presented a TLS certificate that " + access.describe()
                            + " does not trust while " + call.activity() + ": " + tls.getMessage() + ". Check that the"
                            + " CA certificate (certificate-authority-data, or the EKS cluster's CA) belongs to this"
                            + " server, and that no proxy intercepts the connection.";
                } else {
                    reason = "Unreachable";
                    message = "Could not reach the Kubernetes API at " + apiUrl + " while " + call.activity() + ": "
                            + rootCause(e) + ". Check the server address (" + access.describe() + ") and that the"
                            + " cluster endpoint is reachable from this machine (a private EKS endpoint is reachable"
                            + " only from its VPC).";
                }
            }
            case 401 -> {
                reason = reason == null ? "Unauthorized" : reason;
                message = "The Kubernetes API at " + apiUrl + " rejected the credentials while " + call.activity()
                        + " (401 Unauthorized). " + unauthorizedAdvice();
            }
            case 403 -> {
                reason = reason == null ? "Forbidden" : reason;
                message = forbidden(call, status, serverMessage);
            }
            case 409 -> {
                reason = reason == null ? "Conflict" : reason;
                message = conflict(call, serverMessage);
            }
            default -> {
                if (e.getCode() == 400 && apiUrl.startsWith("http:") && (reason == null
                        || messages(e).contains(HTTPS_SERVER_RESPONSE))) {
                    // An API server's own 400 carries a Status with a reason. A bare 400 is how Go's HTTPS server
                    // responds on its TLS port to a plain HTTP request.
                    message = "The Kubernetes API at " + apiUrl + " responded 400 Bad Request without a Kubernetes Status"
                            + " while " + call.activity() + ", as an HTTPS server responds to a plain HTTP request. The server"
                            + " address in " + access.describe() + " may have the wrong scheme: write https:// instead of"
                            + " http://.";
                    return new KubernetesDeployException(redactor.redact(message), call.namespace(), call.name(),
                            WRONG_SCHEME, List.of(), e);
                }
                String code = e.getCode() + (reason == null ? "" : " " + reason);
                message = "The Kubernetes API returned " + code + " while " + call.activity() + ": " + serverMessage + ".";
                if (e.getCode() == 422 && serverMessage != null && serverMessage.contains("field is immutable")) {
                    message += " That field cannot change on a live object: keep its old value, or delete the object"
                            + " and deploy again.";
                }
            }
        }
        return new KubernetesDeployException(redactor.redact(message), call.namespace(), call.name(),
                reason == null ? Integer.toString(e.getCode()) : reason, List.of(), e);
    }

    /**
     * Returns the failure of a watch whose API server stopped responding: the address, what was
     * watched, the evidence, and what to check. No rollback can follow, because it needs the server.
     */
    KubernetesDeployException apiServerLost(Call call, ApiServerMonitor.Loss loss) {
        String message = "Lost the connection to the Kubernetes API at " + apiUrl + " while " + call.activity() + ": "
                + loss.failedReads() + " reads in a row failed over " + Durations.format(loss.over()) + " (last: "
                + lastFailure(loss.last()) + "). The rollout goes on in the cluster, so its outcome is unknown. Check"
                + " that the API server is up and reachable from this machine: the network, VPN or proxy, and for a"
                + " private EKS endpoint, that this machine is in its VPC. The address comes from " + access.describe()
                + ". Then see the rollout's state with kubectl rollout status deployment/" + call.name() + " -n "
                + call.namespace() + ", or deploy again.";
        return new KubernetesDeployException(redactor.redact(message), call.namespace(), call.name(), API_SERVER_LOST,
                List.of(), loss.last());
    }

    private static String lastFailure(KubernetesClientException e) {
        if (e.getCode() > 0) {
            return e.getCode() + (e.getStatus() == null || e.getStatus().getReason() == null ? ""
                    : " " + e.getStatus().getReason());
        }
        return rootCause(e);
    }

    private String unauthorizedAdvice() {
        return switch (access.kind()) {
            case KUBECONFIG -> "The kubeconfig's token or client certificate is invalid or expired: refresh the kubeconfig"
                    + " (for EKS: aws eks update-kubeconfig) and try again.";
            case EKS -> "The cluster did not accept the EKS token of the AWS identity: give that IAM principal an access"
                    + " entry on cluster '" + access.clusterName().orElse("") + "' (aws eks create-access-entry, or an"
                    + " aws-auth mapping), and check that the system clock is right (tokens hold 15 minutes).";
            case IN_CLUSTER -> "The pod's service account token was rejected: check that the token is mounted and not"
                    + " expired, and that the service account still exists.";
        };
    }

    private String conflict(Call call, String serverMessage) {
        Matcher matcher = CONFLICT.matcher(serverMessage == null ? "" : serverMessage);
        if (!matcher.find()) {
            // Not a field-manager conflict of an apply, but the optimistic-concurrency kind: the object changed
            // (or appeared) between agent-deploy's read and its write.
            return "The Kubernetes API refused " + call.activity() + " with 409 Conflict: " + serverMessage + ". The"
                    + " object changed while agent-deploy wrote it, so another deployment or tool is writing it too."
                    + " Run the deployment again; it starts from what is live then.";
        }
        String manager = matcher.group(1);
        return "Server-side apply of " + call.activity().replaceFirst("^applying ", "") + " conflicts with field manager '"
                + manager + "': " + serverMessage + ". Another tool (" + manager + ") changed fields that "
                + ManifestBuilder.MANAGER + " sets. Take them over with --force-conflicts (forceConflicts), or stop the"
                + " other tool from managing them.";
    }

    private String forbidden(Call call, Status status, String serverMessage) {
        String verb = call.verb();
        String resource = call.resource();
        String group = null;
        Matcher matcher = FORBIDDEN.matcher(serverMessage == null ? "" : serverMessage);
        if (matcher.find()) {
            verb = matcher.group(1);
            resource = matcher.group(2);
            group = matcher.group(3);
        } else if (status != null && status.getDetails() != null && status.getDetails().getKind() != null) {
            resource = status.getDetails().getKind();
            group = status.getDetails().getGroup();
        }
        String qualified = group == null || group.isEmpty() ? resource : resource + "." + group;
        String scope = call.namespace() == null ? "cluster-wide" : "in namespace '" + call.namespace() + "'";
        String identity = switch (access.kind()) {
            case KUBECONFIG -> "the kubeconfig's identity";
            case EKS -> "the AWS identity's Kubernetes user (through its access entry's policies or groups)";
            case IN_CLUSTER -> "the pod's service account";
        };
        return "The Kubernetes API denied '" + verb + "' on " + qualified + " " + scope + " while " + call.activity()
                + " (403 Forbidden): " + serverMessage + ". Grant " + identity + " RBAC permission to " + verb
                + " " + qualified + " " + scope + " (a Role and RoleBinding), or use an identity that has it.";
    }

    static boolean interrupted(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof InterruptedException) {
                return true;
            }
        }
        return Thread.currentThread().isInterrupted();
    }

    /** Returns the TLS failure among the causes (untrusted CA, wrong host name), or {@code null}. */
    private static Throwable tlsCause(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof javax.net.ssl.SSLException || cause instanceof java.security.cert.CertificateException
                    || cause instanceof java.security.cert.CertPathValidatorException) {
                Throwable deepest = cause;
                while (deepest.getCause() != null && deepest.getCause() != deepest) {
                    deepest = deepest.getCause();
                }
                return deepest.getMessage() == null ? cause : deepest;
            }
        }
        return null;
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            if (cause instanceof java.net.ConnectException && cause.getMessage() == null) {
                // The JDK client's ConnectException has no message, and its ClosedChannelException cause tells less.
                return "could not connect (ConnectException)";
            }
            cause = cause.getCause();
        }
        String text = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return cause instanceof IOException && cause.getMessage() == null ? "connection failed (" + text + ")" : text;
    }

    /** Joins the messages of the exception and its causes, to search them. */
    private static String messages(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            text.append(cause.getMessage()).append('\n');
        }
        return text.toString();
    }
}
