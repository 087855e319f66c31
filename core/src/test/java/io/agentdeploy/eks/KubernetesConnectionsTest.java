package io.agentdeploy.eks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.progress.Redactor;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class KubernetesConnectionsTest {

    private static final String KUBECONFIG = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: one
              cluster:
                server: http://127.0.0.1:6443
            - name: two
              cluster:
                server: http://127.0.0.1:7443
            users:
            - name: alice
              user:
                token: token-of-alice-123
            - name: bob
              user:
                token: token-of-bob-456
            contexts:
            - name: first
              context: {cluster: one, user: alice}
            - name: second
              context: {cluster: two, user: bob}
            current-context: first
            """;

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void contentUsesCurrentContextOnly() {
        Config config = KubernetesConnections.config(ClusterAccess.kubeconfigContent(KUBECONFIG, null), new Redactor());

        assertThat(config.getMasterUrl()).isEqualTo("http://127.0.0.1:6443/");
        assertThat(config.getAutoOAuthToken()).isEqualTo("token-of-alice-123");
        assertThat(config.getAutoConfigure()).isFalse();
    }

    @Test
    public void contextSelectsClusterAndUser() {
        Config config = KubernetesConnections.config(ClusterAccess.kubeconfigContent(KUBECONFIG, "second"), new Redactor());

        assertThat(config.getMasterUrl()).isEqualTo("http://127.0.0.1:7443/");
        assertThat(config.getAutoOAuthToken()).isEqualTo("token-of-bob-456");
    }

    @Test
    public void fileWithContextSelectsCluster() throws Exception {
        Path file = folder.newFile("kubeconfig").toPath();
        Files.writeString(file, KUBECONFIG);

        Config config = KubernetesConnections.config(ClusterAccess.kubeconfigFile(file, "second"), new Redactor());

        assertThat(config.getMasterUrl()).isEqualTo("http://127.0.0.1:7443/");
    }

    @Test
    public void everyTokenIsRegisteredAsSecret() {
        Redactor redactor = new Redactor();

        KubernetesConnections.config(ClusterAccess.kubeconfigContent(KUBECONFIG, null), redactor);

        assertThat(redactor.redact("alice token-of-alice-123 bob token-of-bob-456")).isEqualTo("alice **** bob ****");
    }

    @Test
    public void clientKeepsExplicitSettings() {
        try (KubernetesClient client = new KubernetesClients().open(ClusterAccess.kubeconfigContent(KUBECONFIG, null),
                new Redactor())) {

            assertThat(client.getConfiguration().getRequestRetryBackoffLimit()).isEqualTo(KubernetesClients.REQUEST_RETRIES);
            assertThat(client.getMasterUrl().toString()).isEqualTo("http://127.0.0.1:6443/");
        }
    }

    @Test
    public void unknownContextListsChoices() {
        assertThatThrownBy(() -> KubernetesConnections.config(ClusterAccess.kubeconfigContent(KUBECONFIG, "third"),
                new Redactor()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid context 'third': the kubeconfig has no such context; it has ['first', 'second']."
                        + " Pass one of the kubeconfig's contexts.");
    }

    @Test
    public void serverWithOtherSchemeIsInvalidInput() {
        String ftp = KUBECONFIG.replace("server: http://127.0.0.1:6443", "server: ftp://127.0.0.1:6443");

        assertThatThrownBy(() -> KubernetesConnections.config(ClusterAccess.kubeconfigContent(ftp, null),
                new Redactor()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid kubeconfig '(kubeconfig content)': cluster 'one' has the server address"
                        + " 'ftp://127.0.0.1:6443', which is not an https:// or http:// URL. Write the API server's"
                        + " URL, for example https://<host>:6443.");
    }

    @Test
    public void missingCurrentContextAsksForOne() {
        String withoutCurrent = KUBECONFIG.replace("current-context: first\n", "");

        assertThatThrownBy(() -> KubernetesConnections.config(ClusterAccess.kubeconfigContent(withoutCurrent, null),
                new Redactor()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid kubeconfig '(kubeconfig content)': it has no current-context. Pass a context, for"
                        + " example first, or set current-context in the file.");
    }

    @Test
    public void contextWithoutServerIsRejected() {
        String noServer = KUBECONFIG.replace("    server: http://127.0.0.1:7443\n", "");

        assertThatThrownBy(() -> KubernetesConnections.config(ClusterAccess.kubeconfigContent(noServer, "second"),
                new Redactor()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("context 'second' names cluster 'two', which is missing or has no server address.");
    }

    @Test
    public void missingFileIsInvalidInput() {
        Path file = folder.getRoot().toPath().resolve("absent");

        assertThatThrownBy(() -> KubernetesConnections.config(ClusterAccess.kubeconfigFile(file, null), new Redactor()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid kubeconfig '" + file + "': the file does not exist. Pass an existing kubeconfig file,"
                        + " set KUBECONFIG, or create ~/.kube/config.");
    }

    @Test
    public void missingExecPluginNamesCommandAndUser() throws Exception {
        Path file = folder.newFile("exec-kubeconfig").toPath();
        Files.writeString(file, execKubeconfig("aws", ""));
        Path emptyFolder = folder.newFolder("bin").toPath();

        assertThatThrownBy(() -> KubernetesConnections.config(ClusterAccess.kubeconfigFile(file, null), new Redactor(),
                emptyFolder.toString()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid kubeconfig '" + file + "': user 'eks-user' of context 'eks' gets its"
                        + " credentials from the exec plugin command 'aws', which was not found in any folder on PATH."
                        + " Install aws (the AWS CLI) or put its folder on PATH. For EKS, you can also reach the cluster"
                        + " by name (--cluster <name>), which makes the EKS token itself and needs neither a kubeconfig"
                        + " nor the aws command.");
    }

    @Test
    public void missingExecPluginPathShowsInstallHint() throws Exception {
        Path file = folder.newFile("hint-kubeconfig").toPath();
        Files.writeString(file, execKubeconfig("./bin/get-token", "      installHint: Run make tools.\n"));

        assertThatThrownBy(() -> KubernetesConnections.config(ClusterAccess.kubeconfigFile(file, null), new Redactor(),
                ""))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("gets its credentials from the exec plugin command './bin/get-token', which was not"
                        + " found at " + file.resolveSibling("bin/get-token") + ". The kubeconfig's install hint: Run"
                        + " make tools. Install it at that path or fix the command in the kubeconfig.");
    }

    @Test
    public void execPluginWithoutExecutableBitIsNamed() throws Exception {
        Path bin = folder.newFolder("tools").toPath();
        Path plugin = Files.writeString(bin.resolve("get-token"), "#!/bin/sh\n");
        Path file = folder.newFile("plain-kubeconfig").toPath();
        Files.writeString(file, execKubeconfig("get-token", ""));

        assertThatThrownBy(() -> KubernetesConnections.config(ClusterAccess.kubeconfigFile(file, null), new Redactor(),
                bin.toString()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("the exec plugin command 'get-token', which is not executable (" + plugin + ")."
                        + " Make it executable (chmod +x " + plugin + ").");
    }

    @Test
    public void execPluginOnPathIsRun() throws Exception {
        Path bin = folder.newFolder("path").toPath();
        Path plugin = Files.writeString(bin.resolve("get-token"), """
                #!/bin/sh
                echo '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"plugin-token-123"}}'
                """);
        plugin.toFile().setExecutable(true);
        Path file = folder.newFile("run-kubeconfig").toPath();
        Files.writeString(file, execKubeconfig(plugin.toString(), ""));

        Config config = KubernetesConnections.config(ClusterAccess.kubeconfigFile(file, null), new Redactor(),
                bin.toString());

        assertThat(config.getAutoOAuthToken()).isEqualTo("plugin-token-123");
    }

    private static String execKubeconfig(String command, String extra) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: eks
                  cluster: {server: "https://127.0.0.1:6443"}
                users:
                - name: eks-user
                  user:
                    exec:
                      apiVersion: client.authentication.k8s.io/v1beta1
                      command: %s
                      args: [eks, get-token, --cluster-name, agents]
                %scontexts:
                - name: eks
                  context: {cluster: eks, user: eks-user}
                current-context: eks
                """.formatted(command, extra);
    }

    @Test
    public void invalidContentNeverEchoesSecret() {
        String broken = "users: [token-of-carol-789\n";

        assertThatThrownBy(() -> KubernetesConnections.config(ClusterAccess.kubeconfigContent(broken, null), new Redactor()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("Invalid kubeconfig '(kubeconfig content)': it is not a valid kubeconfig:")
                .hasMessageNotContaining("token-of-carol-789");
    }
}
