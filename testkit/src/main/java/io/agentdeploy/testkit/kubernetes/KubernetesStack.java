package io.agentdeploy.testkit.kubernetes;

import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.ImageLookup;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A Kubernetes API on 127.0.0.1 for tests and the local stack: the fabric8 mock server in CRUD mode
 * behind {@link KubernetesApiDispatcher} (bearer token, server-side apply, pod logs, namespace
 * checks, call log) with a {@link DeploymentController} that rolls Deployments out, and a
 * kubeconfig (file and content) that points at it. Namespaces {@code default}, {@code kube-system}
 * and {@code kube-public} exist from the start. Plain HTTP by default; with TLS the mock serves a
 * self-signed certificate made at start, which the kubeconfig then skips verifying (tests of
 * certificate errors write their own kubeconfig with another CA).
 */
public final class KubernetesStack implements AutoCloseable {

    /** The name of the cluster, user and context in the kubeconfig. */
    public static final String CONTEXT = "agent-deploy-local";

    /** Token of the simulated controller and of {@link #client()}; requests with it are not logged. */
    private static final String SYSTEM_TOKEN = "system-simulated-controller";

    /**
     * The mock web server logs every request at INFO through java.util.logging; the call log already
     * has them. The logger is kept in a field because java.util.logging references loggers weakly.
     */
    private static final java.util.logging.Logger MOCK_SERVER_LOG = quiet("io.fabric8.mockwebserver");

    private final KubernetesMockServer server;
    private final KubernetesApiDispatcher api;
    private final DeploymentController controller;
    private final KubernetesClient client;
    private final CallLog callLog;
    private final PodLogs podLogs;
    private final String token;
    private final Path directory;
    private final Path kubeconfigFile;
    private final String kubeconfig;
    private final boolean https;

    private KubernetesStack(ImageLookup images, CallLog callLog, int port, boolean https) {
        this.https = https;
        this.callLog = callLog;
        this.podLogs = new PodLogs();
        this.token = "local-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        Map<ServerRequest, Queue<ServerResponse>> expectations = new ConcurrentHashMap<>();
        this.api = new KubernetesApiDispatcher(callLog, podLogs, token, SYSTEM_TOKEN, Clock.systemUTC(), expectations);
        this.server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations, api, https);
        server.init(InetAddress.getLoopbackAddress(), port);

        this.client = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(Config.empty())
                        .withMasterUrl(url().toString())
                        .withOauthToken(SYSTEM_TOKEN)
                        .withTrustCerts(https)
                        .withRequestRetryBackoffLimit(0)
                        .build())
                .withHttpClientFactory(new JdkHttpClientFactory())
                .build();
        for (String namespace : List.of("default", "kube-system", "kube-public")) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                    .create();
        }

        this.kubeconfig = kubeconfigContent(url(), token, https);
        try {
            this.directory = Files.createTempDirectory("agent-deploy-kube");
            this.kubeconfigFile = directory.resolve("kubeconfig");
            Files.writeString(kubeconfigFile, kubeconfig);
            Files.setPosixFilePermissions(kubeconfigFile, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("Failed to write the kubeconfig of the local Kubernetes API", e);
        }

        this.controller = new DeploymentController(client, images, podLogs, Clock.systemUTC());
        controller.start();
    }

    /** Starts the API on a free loopback port with a new call log. */
    public static KubernetesStack start(ImageLookup images) {
        return start(images, new CallLog(), 0);
    }

    /**
     * Starts the API and its controller.
     *
     * @param images decides which images the simulated kubelet can pull
     * @param callLog where requests made with the kubeconfig's token are recorded
     * @param port the port to listen on, or 0 for a free one
     */
    public static KubernetesStack start(ImageLookup images, CallLog callLog, int port) {
        return new KubernetesStack(images, callLog, port, false);
    }

    /** Starts the API over TLS with a self-signed certificate made at start, for tests of certificate checks. */
    public static KubernetesStack startTls(ImageLookup images, CallLog callLog) {
        return new KubernetesStack(images, callLog, 0, true);
    }

    /** Returns the API server URL, for example {@code http://127.0.0.1:40123}. */
    public URI url() {
        return URI.create((https ? "https" : "http") + "://127.0.0.1:" + server.getPort());
    }

    /** Returns a kubeconfig with one context, {@value #CONTEXT}, that reaches the API with the user token. */
    public String kubeconfig() {
        return kubeconfig;
    }

    /** Returns the kubeconfig written to a private temporary file, deleted by {@link #close()}. */
    public Path kubeconfigFile() {
        return kubeconfigFile;
    }

    /** Returns the bearer token in the kubeconfig; tests use it to prove that it never shows up in output. */
    public String token() {
        return token;
    }

    /** Returns a client with the system identity, for arranging and asserting; its calls stay out of the call log. */
    public KubernetesClient client() {
        return client;
    }

    /** Returns the log of requests made with the kubeconfig's token, as service {@value KubernetesApiDispatcher#SERVICE}. */
    public CallLog callLog() {
        return callLog;
    }

    /** Returns the simulated Deployment controller and kubelet, with the switches for pod behavior and timing. */
    public DeploymentController controller() {
        return controller;
    }

    /** Returns the API's own switches: RBAC rejections and the namespace check. */
    public KubernetesApiDispatcher api() {
        return api;
    }

    /** Returns the container logs of the simulated pods. */
    public PodLogs podLogs() {
        return podLogs;
    }

    @Override
    public void close() {
        if (controller != null) {
            controller.close();
        }
        if (client != null) {
            client.close();
        }
        server.destroy();
        if (directory != null) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // A leftover temporary directory does no harm.
            }
        }
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    private static String kubeconfigContent(URI url, String token, boolean https) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s%4$s
                users:
                - name: %1$s
                  user:
                    token: %3$s
                contexts:
                - name: %1$s
                  context:
                    cluster: %1$s
                    user: %1$s
                    namespace: default
                current-context: %1$s
                """.formatted(CONTEXT, url, token, https ? "\n    insecure-skip-tls-verify: true" : "");
    }
}
