package io.agentdeploy.eks;

import static io.agentdeploy.eks.TestCluster.IMAGE_V1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.agentdeploy.aws.AwsClients;
import io.agentdeploy.aws.AwsService;
import io.agentdeploy.aws.AwsSettings;
import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.progress.RecordingListener;
import io.agentdeploy.progress.Redactor;
import io.agentdeploy.testkit.AccessKeys;
import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.Faults;
import io.agentdeploy.testkit.eks.EksDouble;
import io.agentdeploy.testkit.kubernetes.KubernetesStack;
import io.agentdeploy.testkit.sts.StsDouble;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

public class EksAccessIT {

    private static final String CLUSTER = "agents-test";
    private static final String USER_ARN = "arn:aws:iam::123456789012:user/agent-deploy-local";

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final AccessKeys keys = new AccessKeys();
    private final CallLog callLog = new CallLog();
    private TestCluster cluster;
    private StsDouble sts;
    private EksDouble eks;
    private AwsClients aws;

    @Before
    public void start() {
        cluster = TestCluster.start();
        sts = new StsDouble("123456789012", keys, callLog, new Faults());
        sts.start();
        eks = new EksDouble("123456789012", "us-east-1", callLog, new Faults());
        eks.start();
        eks.acceptOnly(keys);
        eks.registerCluster(CLUSTER, cluster.stack.url(), null);
        cluster.stack.api().acceptEksTokens(sts.endpoint(), CLUSTER);
        aws = new AwsClients(AwsSettings.builder()
                .region("us-east-1")
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(keys.longTerm().accessKeyId(),
                        keys.longTerm().secretAccessKey())))
                .endpointOverride(AwsService.STS, sts.endpoint())
                .endpointOverride(AwsService.EKS, eks.endpoint())
                .build(), new RecordingListener());
    }

    @After
    public void stop() {
        aws.close();
        eks.close();
        sts.close();
        cluster.close();
    }

    @Test
    public void eksTokenDeploysWithoutKubeconfig() {
        cluster.stack.api().addAccessEntry(USER_ARN, "deployer");

        EksDeployResult result = eksService().deploy(cluster.request(IMAGE_V1)
                .clusterAccess(ClusterAccess.eksCluster(CLUSTER)).build());

        assertThat(result.readyReplicas()).isEqualTo(1);
        assertThat(callLog.calls("eks", "DescribeCluster")).hasSize(1);
        assertThat(callLog.calls("sts", "GetCallerIdentity")).isNotEmpty();
        assertThat(cluster.stack.callLog().calls("kubernetes", "PATCH deployments")).hasSize(1);
        assertThat(cluster.listener.text()).doesNotContain(EksTokenProvider.TOKEN_PREFIX)
                .contains("(EKS cluster '" + CLUSTER + "' with an EKS token)");
    }

    @Test
    public void identityWithoutAccessEntryIsUnauthorized() {
        KubernetesDeployException failure = catchThrowableOfType(KubernetesDeployException.class, () -> eksService()
                .deploy(cluster.request(IMAGE_V1).clusterAccess(ClusterAccess.eksCluster(CLUSTER)).build()));

        assertThat(failure.reason()).isEqualTo("Unauthorized");
        assertThat(failure.getMessage()).isEqualTo("The Kubernetes API at " + cluster.stack.url() + "/ rejected the"
                + " credentials while reading Namespace 'default' (401 Unauthorized). The cluster did not accept the EKS"
                + " token of the AWS identity: give that IAM principal an access entry on cluster '" + CLUSTER + "' (aws eks"
                + " create-access-entry, or an aws-auth mapping), and check that the system clock is right (tokens hold"
                + " 15 minutes).");
    }

    @Test
    public void unknownClusterIsNamed() {
        assertThatThrownBy(() -> eksService().deploy(cluster.request(IMAGE_V1)
                .clusterAccess(ClusterAccess.eksCluster("absent")).build()))
                .isInstanceOf(KubernetesDeployException.class)
                .hasMessage("EKS cluster 'absent' does not exist in us-east-1. Check the cluster name and the region (aws"
                        + " eks list-clusters --region us-east-1).");
    }

    @Test
    public void eksAccessWithoutAwsClientsIsInvalid() {
        assertThatThrownBy(() -> cluster.service.deploy(cluster.request(IMAGE_V1)
                .clusterAccess(ClusterAccess.eksCluster(CLUSTER)).build()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid cluster '" + CLUSTER + "': EKS access needs AWS credentials, and none were given to"
                        + " the Kubernetes client factory. Create KubernetesClients with AwsClients, or use a kubeconfig.");
    }

    @Test
    public void inClusterUsesMountedToken() throws IOException {
        Path account = folder.newFolder("serviceaccount").toPath();
        Files.writeString(account.resolve("token"), cluster.stack.token() + "\n");

        EksDeployResult result = cluster.service.deploy(cluster.request(IMAGE_V1)
                .clusterAccess(ClusterAccess.inCluster(account, cluster.stack.url())).build());

        assertThat(result.readyReplicas()).isEqualTo(1);
        assertThat(cluster.listener.text()).doesNotContain(cluster.stack.token()).contains("(in-cluster service account)");
    }

    @Test
    public void inClusterOutsidePodIsInvalid() {
        Path nowhere = folder.getRoot().toPath().resolve("none");

        assertThatThrownBy(() -> cluster.service.deploy(cluster.request(IMAGE_V1)
                .clusterAccess(ClusterAccess.inCluster(nowhere, cluster.stack.url())).build()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("Invalid in-cluster access '" + nowhere + "': there is no readable service account"
                        + " token at " + nowhere.resolve("token") + ", so this does not run in a pod with a mounted service"
                        + " account.");
    }

    @Test
    public void untrustedCertificateIsNamed() throws IOException {
        try (KubernetesStack tls = KubernetesStack.startTls(image -> true, new CallLog())) {
            String ca = Base64.getEncoder().encodeToString(
                    Files.readAllBytes(Path.of("src/test/resources/tls/unrelated-ca.pem")));
            String kubeconfig = """
                    clusters: [{name: c, cluster: {server: "%s", certificate-authority-data: %s}}]
                    users: [{name: u, user: {token: %s}}]
                    contexts: [{name: x, context: {cluster: c, user: u}}]
                    current-context: x
                    """.formatted(tls.url(), ca, tls.token());

            KubernetesDeployException failure = catchThrowableOfType(KubernetesDeployException.class,
                    () -> cluster.service.deploy(cluster.request(IMAGE_V1)
                            .clusterAccess(ClusterAccess.kubeconfigContent(kubeconfig, null)).build()));

            assertThat(failure.reason()).isEqualTo("BadCertificate");
            assertThat(failure.getMessage()).startsWith("The Kubernetes API at " + tls.url() + "/ presented a TLS"
                    + " certificate that kubeconfig content does not trust while reading Namespace 'default': ");
            assertThat(failure.getMessage()).endsWith(". Check that the CA certificate (certificate-authority-data, or the"
                    + " EKS cluster's CA) belongs to this server, and that no proxy intercepts the connection.");
        }
    }

    @Test
    public void httpsAddressOfPlainHttpServerNamesScheme() {
        String https = cluster.stack.url().toString().replace("http://", "https://");

        KubernetesDeployException failure = catchThrowableOfType(KubernetesDeployException.class,
                () -> cluster.service.deploy(cluster.request(IMAGE_V1).clusterAccess(ClusterAccess.kubeconfigContent(
                        kubeconfig(https, cluster.stack.token()), null)).build()));

        assertThat(failure.reason()).isEqualTo("WrongScheme");
        assertThat(failure.getMessage()).isEqualTo("The Kubernetes API at " + https + "/ responded in plain HTTP instead"
                + " of TLS while reading Namespace 'default': Unrecognized SSL message, plaintext connection?. The server"
                + " address in kubeconfig content may have the wrong scheme: if this server serves plain HTTP, write"
                + " http:// instead of https://.");
    }

    @Test
    public void httpAddressOfTlsServerNamesScheme() {
        try (KubernetesStack tls = KubernetesStack.startTls(image -> true, new CallLog())) {
            String http = tls.url().toString().replace("https://", "http://");

            KubernetesDeployException failure = catchThrowableOfType(KubernetesDeployException.class,
                    () -> cluster.service.deploy(cluster.request(IMAGE_V1).clusterAccess(ClusterAccess.kubeconfigContent(
                            kubeconfig(http, tls.token()), null)).build()));

            assertThat(failure.reason()).isEqualTo("WrongScheme");
            assertThat(failure.getMessage()).startsWith("The Kubernetes API at " + http + "/ closed the connection"
                    + " without an HTTP response while reading Namespace 'default': ");
            assertThat(failure.getMessage()).endsWith(". The server address in kubeconfig content may have the wrong"
                    + " scheme: Kubernetes API servers normally serve HTTPS, so write https:// instead of http:// unless"
                    + " this server serves plain HTTP.");
        }
    }

    @Test
    public void httpAddressOfGoTlsServerNamesScheme() throws IOException {
        // The response of Go's net/http server, which the Kubernetes API server uses, to plain HTTP on its TLS port.
        try (RawResponseServer server = new RawResponseServer("HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP"
                + " request to an HTTPS server.\n")) {
            String http = server.url("http").toString();

            KubernetesDeployException failure = catchThrowableOfType(KubernetesDeployException.class,
                    () -> cluster.service.deploy(cluster.request(IMAGE_V1).clusterAccess(ClusterAccess.kubeconfigContent(
                            kubeconfig(http, "some-token"), null)).build()));

            assertThat(failure.reason()).as(failure.getMessage()).isEqualTo("WrongScheme");
            assertThat(failure.getMessage()).isEqualTo("The Kubernetes API at " + http + "/ responded 400 Bad Request"
                    + " without a Kubernetes Status while reading Namespace 'default', as an HTTPS server responds to a"
                    + " plain HTTP request. The server address in kubeconfig content may have the wrong scheme: write https://"
                    + " instead of http://.");
        }
    }

    private static String kubeconfig(String server, String token) {
        return """
                clusters: [{name: c, cluster: {server: "%s"}}]
                users: [{name: u, user: {token: %s}}]
                contexts: [{name: x, context: {cluster: c, user: u}}]
                current-context: x
                """.formatted(server, token);
    }

    private EksDeployService eksService() {
        return new EksDeployService(cluster.listener, new Redactor(), new KubernetesClients(new JdkHttpClientFactory(), aws),
                TestCluster.QUICK, Clock.systemUTC());
    }
}
