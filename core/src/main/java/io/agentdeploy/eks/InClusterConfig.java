package io.agentdeploy.eks;

import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.progress.Redactor;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.OAuthTokenProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The fabric8 configuration of in-cluster access: the API server from
 * {@code KUBERNETES_SERVICE_HOST}/{@code KUBERNETES_SERVICE_PORT} (or the address given), the CA
 * certificate and the token from the service account folder. The token file is a projected token
 * that the kubelet rotates, so it is read again once a minute rather than once.
 */
final class InClusterConfig {

    static final String TOKEN_FILE = "token";
    static final String CA_FILE = "ca.crt";
    private static final Duration REREAD_AFTER = Duration.ofMinutes(1);

    private InClusterConfig() {
    }

    static Config config(ClusterAccess access, Redactor redactor, Clock clock) {
        Path directory = access.serviceAccountDirectory().orElseThrow();
        Path token = directory.resolve(TOKEN_FILE);
        if (!Files.isReadable(token)) {
            throw new InvalidInputException("in-cluster access", directory.toString(), "there is no readable service"
                    + " account token at " + token + ", so this does not run in a pod with a mounted service account.",
                    "Run the step in a pod (with automountServiceAccountToken), or pass a kubeconfig or an EKS cluster.");
        }
        URI server = access.apiServer().orElseGet(InClusterConfig::serverFromEnvironment);
        ConfigBuilder config = new ConfigBuilder(Config.empty())
                .withMasterUrl(server.toString())
                .withOauthTokenProvider(new FileToken(token, redactor, clock));
        Path ca = directory.resolve(CA_FILE);
        if (Files.isReadable(ca)) {
            config.withCaCertFile(ca.toString());
        }
        return config.build();
    }

    private static URI serverFromEnvironment() {
        String host = System.getenv("KUBERNETES_SERVICE_HOST");
        String port = System.getenv("KUBERNETES_SERVICE_PORT");
        if (host == null || host.isBlank()) {
            throw new InvalidInputException("in-cluster access", null, "KUBERNETES_SERVICE_HOST is not set, so this does"
                    + " not run in a pod.", "Run the step in a pod, or pass a kubeconfig or an EKS cluster.");
        }
        // An IPv6 service address needs brackets in a URL.
        String address = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("https://" + address + ":" + (port == null || port.isBlank() ? "443" : port.trim()));
    }

    /** The service account token, read from its file and re-read once a minute. */
    private static final class FileToken implements OAuthTokenProvider {

        private final Path file;
        private final Redactor redactor;
        private final Clock clock;
        private String token;
        private Instant readAt;

        FileToken(Path file, Redactor redactor, Clock clock) {
            this.file = file;
            this.redactor = redactor;
            this.clock = clock;
        }

        @Override
        public synchronized String getToken() {
            Instant now = clock.instant();
            if (token == null || !now.isBefore(readAt.plus(REREAD_AFTER))) {
                try {
                    token = Files.readString(file).trim();
                } catch (IOException e) {
                    throw new UncheckedIOException("Could not read the service account token " + file, e);
                }
                redactor.register(token);
                readAt = now;
            }
            return token;
        }
    }
}
