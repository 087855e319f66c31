package io.agentdeploy.eks;

import io.agentdeploy.aws.AwsClients;
import io.agentdeploy.aws.AwsService;
import io.agentdeploy.aws.MutationGuard;
import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.progress.Redactor;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;

/**
 * Opens Kubernetes clients for a {@link ClusterAccess}, the infrastructure counterpart of
 * {@link AwsClients}: it fixes the fabric8 HTTP transport and keeps the AWS clients that EKS access
 * needs. Requests and results of the engine stay free of fabric8 types; only this class exposes one.
 *
 * <p>The HTTP client factory is passed explicitly instead of being picked by fabric8's service
 * loader, which in Jenkins may see another plugin's transport or none. The Jenkins plugin passes the
 * OkHttp factory that the kubernetes-client-api plugin ships; everything else uses the JDK client.
 *
 * <p>Every client starts from an empty fabric8 configuration, so neither {@code ~/.kube/config},
 * {@code KUBECONFIG} nor a pod's service account is ever merged in by itself.
 */
public final class KubernetesClients implements KubernetesClientSource {

    /** Retries of failed requests (connection errors and 5xx); fabric8's default of 10 would hide an outage for minutes. */
    static final int REQUEST_RETRIES = 2;
    private static final java.util.Set<String> MUTATING_METHODS = java.util.Set.of("POST", "PUT", "PATCH", "DELETE");

    private final HttpClient.Factory httpClientFactory;
    private final AwsClients aws;
    private final Clock clock;
    private final MutationGuard guard;
    /**
     * EKS connections by cluster name: DescribeCluster once per instance, and one caching token
     * provider, so the two phases of a deployment share endpoint and token.
     */
    private final java.util.Map<String, Config> eksConfigs = new java.util.concurrent.ConcurrentHashMap<>();

    /** Uses the JDK HTTP client and no AWS clients: kubeconfig and in-cluster access only. */
    public KubernetesClients() {
        this(new JdkHttpClientFactory(), null);
    }

    /**
     * @param httpClientFactory the fabric8 HTTP transport, for example {@code new JdkHttpClientFactory()} or
     *        the OkHttp factory of the Jenkins kubernetes-client-api plugin
     * @param aws the AWS clients for EKS access (DescribeCluster and token signing), or {@code null} when
     *        only kubeconfig and in-cluster access are used
     */
    public KubernetesClients(HttpClient.Factory httpClientFactory, AwsClients aws) {
        this(httpClientFactory, aws, Clock.systemUTC());
    }

    KubernetesClients(HttpClient.Factory httpClientFactory, AwsClients aws, Clock clock) {
        this(httpClientFactory, aws, clock, MutationGuard.NONE);
    }

    private KubernetesClients(HttpClient.Factory httpClientFactory, AwsClients aws, Clock clock, MutationGuard guard) {
        this.httpClientFactory = Objects.requireNonNull(httpClientFactory, "httpClientFactory");
        this.aws = aws;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.guard = Objects.requireNonNull(guard, "guard");
    }

    /** Returns a copy that uses these AWS clients for EKS access. */
    public KubernetesClients withAws(AwsClients awsClients) {
        return new KubernetesClients(httpClientFactory, awsClients, clock, guard);
    }

    /**
     * Returns a copy whose clients tell {@code guard} before every request that can change the
     * cluster (POST, PUT, PATCH, DELETE).
     */
    public KubernetesClients withMutationGuard(MutationGuard guard) {
        return new KubernetesClients(httpClientFactory, aws, clock, guard);
    }

    /**
     * Opens a client; the caller closes it. Every credential read is registered with the redactor
     * before anything is sent.
     *
     * @throws InvalidInputException when the access cannot be turned into a client (bad kubeconfig,
     *         missing service account files, EKS access without AWS clients)
     * @throws KubernetesDeployException when DescribeCluster fails or the cluster is not active
     */
    @Override
    public KubernetesClient open(ClusterAccess access, Redactor redactor) {
        Config base = switch (access.kind()) {
            case KUBECONFIG -> KubernetesConnections.config(access, redactor);
            case EKS -> eksConfigs.computeIfAbsent(access.clusterName().orElseThrow(), name -> eksConfig(access, redactor));
            case IN_CLUSTER -> InClusterConfig.config(access, redactor, clock);
        };
        Config config = new ConfigBuilder(base).withRequestRetryBackoffLimit(REQUEST_RETRIES).build();
        KubernetesConnections.registerSecrets(config, redactor);
        // fabric8 still looks up its client implementation through the context class loader, so that
        // loader is set to this library's, which matters inside Jenkins.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(KubernetesClients.class.getClassLoader());
        try {
            KubernetesClientBuilder builder = new KubernetesClientBuilder().withConfig(config)
                    .withHttpClientFactory(httpClientFactory);
            if (guard != MutationGuard.NONE) {
                builder.withHttpClientBuilderConsumer(http -> http.addOrReplaceInterceptor("agent-deploy-guard",
                        new Interceptor() {
                            @Override
                            public void before(BasicBuilder request, HttpRequest details, RequestTags tags) {
                                if (MUTATING_METHODS.contains(details.method())) {
                                    guard.beforeMutation("kubernetes", details.method());
                                }
                            }
                        }));
            }
            return builder.build();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private Config eksConfig(ClusterAccess access, Redactor redactor) {
        if (aws == null) {
            throw new InvalidInputException("cluster", access.clusterName().orElse(null),
                    "EKS access needs AWS credentials, and none were given to the Kubernetes client factory.",
                    "Create KubernetesClients with AwsClients, or use a kubeconfig.");
        }
        String name = access.clusterName().orElseThrow();
        EksClusters.Endpoint endpoint = new EksClusters(aws).describe(name);
        URI sts = aws.settings().endpointOverride(AwsService.STS);
        EksTokenProvider tokens = new EksTokenProvider(name, aws.region(),
                sts != null ? sts : EksTokenProvider.regionalStsEndpoint(aws.region()), aws.credentials(), redactor, clock);
        ConfigBuilder config = new ConfigBuilder(Config.empty())
                .withMasterUrl(endpoint.url())
                .withOauthTokenProvider(tokens);
        if (endpoint.caData() != null) {
            config.withCaCertData(endpoint.caData());
        }
        return config.build();
    }
}
