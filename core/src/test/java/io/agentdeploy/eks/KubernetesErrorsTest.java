package io.agentdeploy.eks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeploy.error.DeploymentCancelledException;
import io.agentdeploy.progress.Redactor;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import org.junit.Test;

public class KubernetesErrorsTest {

    private static final KubernetesErrors.Call APPLY = new KubernetesErrors.Call("patch", "deployments", "default", "agent",
            "applying Deployment 'agent'");

    private final Redactor redactor = new Redactor();
    private final KubernetesErrors errors = new KubernetesErrors("https://127.0.0.1:6443/",
            ClusterAccess.kubeconfigFile(java.nio.file.Path.of("/home/me/.kube/config"), null), redactor);

    @Test
    public void unreachableServerNamesUrlAndCause() {
        KubernetesClientException e = new KubernetesClientException("Operation failed",
                new ConnectException("Connection refused"));

        KubernetesDeployException translated = errors.translate(APPLY, e);

        assertThat(translated.reason()).isEqualTo("Unreachable");
        assertThat(translated.getMessage()).isEqualTo("Could not reach the Kubernetes API at https://127.0.0.1:6443/ while"
                + " applying Deployment 'agent': Connection refused. Check the server address (kubeconfig"
                + " /home/me/.kube/config) and that the cluster endpoint is reachable from this machine (a private EKS"
                + " endpoint is reachable only from its VPC).");
    }

    @Test
    public void refusedConnectionIsUnreachable() {
        int port = io.agentdeploy.testkit.FreePorts.next();
        String kubeconfig = """
                clusters: [{name: c, cluster: {server: "http://127.0.0.1:%d"}}]
                users: [{name: u, user: {token: some-token}}]
                contexts: [{name: x, context: {cluster: c, user: u}}]
                current-context: x
                """.formatted(port);

        try (var client = new KubernetesClients().open(ClusterAccess.kubeconfigContent(kubeconfig, null), redactor)) {
            assertThatThrownBy(() -> errors.call(APPLY, () -> client.configMaps().inNamespace("default").list()))
                    .isInstanceOf(KubernetesDeployException.class)
                    .hasMessageStartingWith("Could not reach the Kubernetes API at https://127.0.0.1:6443/ while applying"
                            + " Deployment 'agent': ")
                    .satisfies(e -> assertThat(((KubernetesDeployException) e).reason()).isEqualTo("Unreachable"));
        }
    }

    @Test
    public void forbiddenWithoutMessageUsesDetails() {
        Status status = new StatusBuilder().withCode(403).withReason("Forbidden").withMessage("denied by policy")
                .withNewDetails().withKind("deployments").withGroup("apps").withName("agent").endDetails().build();

        KubernetesDeployException translated = errors.translate(APPLY, new KubernetesClientException("Forbidden", 403, status));

        assertThat(translated.getMessage()).startsWith("The Kubernetes API denied 'patch' on deployments.apps in namespace"
                + " 'default' while applying Deployment 'agent' (403 Forbidden): denied by policy.");
        assertThat(translated.namespace()).isEqualTo("default");
        assertThat(translated.name()).isEqualTo("agent");
    }

    @Test
    public void conflictOfAWriteIsNotCalledAFieldManagerConflict() {
        Status status = new StatusBuilder().withCode(409).withReason("Conflict").withMessage("Operation cannot be"
                + " fulfilled on secrets \"agent.v2\": the object has been modified; please apply your changes to the"
                + " latest version and try again").build();
        KubernetesErrors.Call record = new KubernetesErrors.Call("create", "secrets", "default", "agent.v2",
                "recording revision 2 of 'agent'");

        KubernetesDeployException translated = errors.translate(record, new KubernetesClientException(status));

        assertThat(translated.reason()).isEqualTo("Conflict");
        assertThat(translated).hasMessage("The Kubernetes API refused recording revision 2 of 'agent' with 409 Conflict:"
                + " Operation cannot be fulfilled on secrets \"agent.v2\": the object has been modified; please apply"
                + " your changes to the latest version and try again. The object changed while agent-deploy wrote it,"
                + " so another deployment or tool is writing it too. Run the deployment again; it starts from what is"
                + " live then.");
    }

    @Test
    public void badRequestWithStatusIsNotSchemeProblem() {
        KubernetesErrors plain = new KubernetesErrors("http://127.0.0.1:8080/", ClusterAccess.kubeconfigFile(
                java.nio.file.Path.of("/home/me/.kube/config"), null), redactor);
        Status status = new StatusBuilder().withCode(400).withReason("BadRequest").withMessage("the body is not valid")
                .build();

        KubernetesDeployException translated = plain.translate(APPLY, new KubernetesClientException("Bad", 400, status));

        assertThat(translated.reason()).isEqualTo("BadRequest");
        assertThat(translated.getMessage()).isEqualTo("The Kubernetes API returned 400 BadRequest while applying"
                + " Deployment 'agent': the body is not valid.");
    }

    @Test
    public void otherStatusKeepsServerMessage() {
        Status status = new StatusBuilder().withCode(422).withReason("Invalid")
                .withMessage("Deployment.apps \"agent\" is invalid: spec.selector: field is immutable").build();

        KubernetesDeployException translated = errors.translate(APPLY, new KubernetesClientException("Invalid", 422, status));

        assertThat(translated.reason()).isEqualTo("Invalid");
        assertThat(translated.getMessage()).isEqualTo("The Kubernetes API returned 422 Invalid while applying Deployment"
                + " 'agent': Deployment.apps \"agent\" is invalid: spec.selector: field is immutable. That field cannot change"
                + " on a live object: keep its old value, or delete the object and deploy again.");
    }

    @Test
    public void secretsInServerMessageAreMasked() {
        redactor.register("secret-token-value");
        Status status = new StatusBuilder().withCode(400).withReason("BadRequest").withMessage("bad secret-token-value")
                .build();

        KubernetesDeployException translated = errors.translate(APPLY, new KubernetesClientException("x", 400, status));

        assertThat(translated.getMessage()).contains("bad ****").doesNotContain("secret-token-value");
    }

    @Test
    public void interruptBecomesCancellation() {
        KubernetesClientException e = new KubernetesClientException("interrupted", new InterruptedException());

        try {
            assertThatThrownBy(() -> errors.translate(APPLY, e))
                    .isInstanceOf(DeploymentCancelledException.class)
                    .hasMessage("Cancelled while applying Deployment 'agent'.");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
