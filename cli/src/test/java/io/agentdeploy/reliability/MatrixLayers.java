package io.agentdeploy.reliability;

import io.agentdeploy.agentcore.AgentCoreDeployRequest;
import io.agentdeploy.agentcore.AgentCoreDeployResult;
import io.agentdeploy.agentcore.AgentCoreDeployService;
import io.agentdeploy.agentcore.SecretSource;
import io.agentdeploy.agentcore.SmokeTest;
import io.agentdeploy.aws.AwsClients;
import io.agentdeploy.aws.AwsService;
import io.agentdeploy.aws.AwsSettings;
import io.agentdeploy.deploy.AgentDeployer;
import io.agentdeploy.deploy.DeploymentPlan;
import io.agentdeploy.ecr.DockerClientFactory;
import io.agentdeploy.ecr.EcrPushRequest;
import io.agentdeploy.ecr.EcrPushResult;
import io.agentdeploy.ecr.EcrPushService;
import io.agentdeploy.eks.ClusterAccess;
import io.agentdeploy.eks.EksDeployRequest;
import io.agentdeploy.eks.KubernetesClients;
import io.agentdeploy.error.DeployException;
import io.agentdeploy.naming.AgentNames;
import io.agentdeploy.progress.ProgressLevel;
import io.agentdeploy.progress.ProgressListener;
import io.agentdeploy.progress.Redactor;
import io.agentdeploy.report.DeploymentRecord;
import io.agentdeploy.report.Layer;
import io.agentdeploy.report.LayerRecord;
import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.LocalStack;
import io.agentdeploy.testkit.docker.DockerDaemonProxy;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.GetAgentRuntimeEndpointResponse;

/**
 * The scenarios of the fault matrix, one layer at a time through the engine in this JVM: a first
 * deployment (for calls only it makes) and a changing deployment from a deployed state (for the
 * rest). Each runs the fault plan given to it just before its action and judges the outcome.
 *
 * <p>AWS clients time an attempt out after {@link #ATTEMPT_TIMEOUT}, the doubles answer slow calls
 * after {@link #SLOW_RESPONSE}, and AgentCore waits poll every 50 ms, so that a cell takes well under
 * a second unless a Docker build or push is part of it.
 */
final class MatrixLayers {

    static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(500);
    static final Duration SLOW_RESPONSE = Duration.ofMillis(800);
    static final String ROLE_TO_ASSUME = "arn:aws:iam::123456789012:role/deployer";
    private static final String BUILD_AGENT = "rel_matrix";
    private static final String AGENTCORE_RUNTIME = "rel_mx_runtime";
    private static final String EKS_AGENT = "rel_mx_cluster";
    private static final Duration DAEMON_TIMEOUT = Duration.ofSeconds(3);

    private final ReliabilityStack env;
    private final Path repository;
    private final AtomicInteger counter = new AtomicInteger();
    private final String[] images = new String[2];
    private volatile List<CallLog.Call> lastAction = List.of();
    private int agentCoreImage;
    private int eksImage;

    MatrixLayers(ReliabilityStack env) {
        this.env = env;
        this.repository = env.repository(BUILD_AGENT, 1);
        for (int version = 1; version <= 2; version++) {
            images[version - 1] = push("agentic-platform-" + BUILD_AGENT, version).imageRef();
        }
    }

    /** The calls the last scenario's action made, without the calls that arranged or judged it. */
    List<CallLog.Call> lastAction() {
        return lastAction;
    }

    /** Runs the fault plan, then the action, and keeps the action's calls. */
    private <T> T action(Runnable fault, java.util.function.Supplier<T> action) {
        fault.run();
        int mark = env.stack.callLog().size();
        try {
            return action.get();
        } finally {
            lastAction = env.stack.callLog().since(mark);
        }
    }

    String freshRepository() {
        return "rel-matrix-" + counter.incrementAndGet();
    }

    /** A clean push of the build agent's image at a version (1 or 2) to a repository. */
    EcrPushResult push(String repositoryName, int version) {
        try (AwsClients aws = aws(false)) {
            return push(aws, env.docker, repositoryName, version, ProgressListener.NONE);
        }
    }

    /** A first push into a new repository, with the fault planned. */
    FaultMatrix.Cell pushFirst(Runnable fault) {
        String repositoryName = freshRepository();
        return pushJudged(repositoryName, 1, env.docker, ProgressListener.NONE, fault);
    }

    /** A push of the image again into the repository that has it (a rerun), with the fault planned. */
    FaultMatrix.Cell pushAgain(String repositoryName, Runnable fault) {
        return pushJudged(repositoryName, 1, env.docker, ProgressListener.NONE, fault);
    }

    /** A push during which the Docker daemon stops answering, seen through a proxy in front of it. */
    FaultMatrix.Cell daemonStopsAnswering() {
        try (DockerDaemonProxy proxy = DockerDaemonProxy.start(DockerDaemonProxy.DEFAULT_SOCKET)) {
            DockerClientFactory docker = DockerClientFactory.forHost(proxy.dockerHost()).withResponseTimeout(DAEMON_TIMEOUT);
            ProgressListener stopAtPush = (level, message) -> {
                if (level == ProgressLevel.LIFECYCLE && message.startsWith("Pushing ")) {
                    proxy.stopAnswering();
                }
            };
            FaultMatrix.Cell cell = pushJudged(freshRepository(), 1, docker, stopAtPush, () -> { });
            return cell.passed() && cell.text().startsWith("ok")
                    ? FaultMatrix.Cell.broken("the push succeeded although the daemon stopped answering") : cell;
        }
    }

    private FaultMatrix.Cell pushJudged(String repositoryName, int version, DockerClientFactory docker,
            ProgressListener listener, Runnable fault) {
        try (AwsClients aws = aws(false)) {
            EcrPushResult result;
            try {
                result = action(fault, () -> push(aws, docker, repositoryName, version, listener));
            } catch (DeployException e) {
                return clearFailure(e.getMessage(), repositoryName, null);
            }
            String tagged = env.stack.ecr().imageLookup().digestOfTag(repositoryName, "v" + version).orElse(null);
            return result.imageDigest().equals(tagged) ? FaultMatrix.Cell.succeeded(aws.retryCount() + result.retries())
                    : FaultMatrix.Cell.broken("tag v" + version + " names " + tagged + ", not the pushed image");
        }
    }

    private EcrPushResult push(AwsClients aws, DockerClientFactory docker, String repositoryName, int version,
            ProgressListener listener) {
        env.repository(BUILD_AGENT, version);
        return new EcrPushService(aws, docker, listener, new Redactor()).push(EcrPushRequest.builder()
                .agent(BUILD_AGENT).repository(repositoryName).contextDirectory(repository).buildNetwork("none")
                .tags(List.of("v" + version)).readGit(false).build());
    }

    /** A first deployment of a new runtime (execution role created, secret, tags, smoke test), with the fault planned. */
    FaultMatrix.Cell agentCoreFirst(Runnable fault) {
        String runtime = "rel_mx_first_" + counter.incrementAndGet();
        try (AwsClients aws = aws(true)) {
            AgentCoreDeployResult result;
            try {
                result = action(fault, () -> agentCore(aws, runtime, images[0]));
            } catch (DeployException e) {
                return clearFailure(e.getMessage(), runtime, null);
            }
            return judgeAgentCore(aws, result, images[0], 1);
        }
    }

    /** Deploys the shared runtime and the shared agent's Deployment once, before any changing scenario. */
    void deployShared() {
        try (AwsClients aws = aws(true)) {
            agentCore(aws, AGENTCORE_RUNTIME, images[0]);
            agentCoreImage = 0;
        }
        LayerRecord setup = eks(EKS_AGENT, images[0]);
        if (!setup.succeeded()) {
            throw new IllegalStateException("The clean deployment failed: " + setup.error());
        }
        eksImage = 0;
    }

    /** A deployment of the other image to the shared runtime, with the fault planned. */
    FaultMatrix.Cell agentCoreChange(Runnable fault) {
        try (AwsClients aws = aws(true)) {
            String runtimeId = env.runtimes(AGENTCORE_RUNTIME).get(0).agentRuntimeId();
            String before = live(runtimeId).liveVersion();
            int versions = versions(runtimeId);
            int next = 1 - agentCoreImage;
            AgentCoreDeployResult result;
            try {
                result = action(fault, () -> agentCore(aws, AGENTCORE_RUNTIME, images[next]));
            } catch (DeployException e) {
                GetAgentRuntimeEndpointResponse endpoint = live(runtimeId);
                String kept = "READY".equals(endpoint.statusAsString()) && before.equals(endpoint.liveVersion()) ? null
                        : "endpoint " + ReliabilityStack.ENDPOINT + " is " + endpoint.statusAsString() + " on version "
                                + endpoint.liveVersion() + ", not on version " + before;
                return clearFailure(e.getMessage(), AGENTCORE_RUNTIME, kept);
            }
            agentCoreImage = next;
            return judgeAgentCore(aws, result, images[next], versions + 1);
        }
    }

    private FaultMatrix.Cell judgeAgentCore(AwsClients aws, AgentCoreDeployResult result, String image, int versions) {
        GetAgentRuntimeEndpointResponse endpoint = live(result.runtimeId());
        String served = env.agentCore().getAgentRuntime(r -> r.agentRuntimeId(result.runtimeId())
                .agentRuntimeVersion(endpoint.liveVersion())).agentRuntimeArtifact().containerConfiguration()
                .containerUri();
        if (!"READY".equals(endpoint.statusAsString()) || !result.runtimeVersion().equals(endpoint.liveVersion())
                || !image.equals(served)) {
            return FaultMatrix.Cell.broken("endpoint serves version " + endpoint.liveVersion() + " (" + served + "), not "
                    + result.runtimeVersion() + " (" + image + ")");
        }
        int actual = versions(result.runtimeId());
        return actual == versions ? FaultMatrix.Cell.succeeded(aws.retryCount())
                : FaultMatrix.Cell.broken(actual + " runtime versions, expected " + versions);
    }

    private AgentCoreDeployResult agentCore(AwsClients aws, String runtime, String image) {
        AgentCoreDeployRequest request = AgentCoreDeployRequest.builder()
                .runtimeName(runtime)
                .image(image)
                .createExecutionRole(true)
                .putEnvironment("MODE", "matrix")
                .putSecretEnvironment("DB_PASSWORD", SecretSource.secretsManager(env.managedSecretArn()))
                .tags(Map.of("team", "reliability"))
                .endpointName(ReliabilityStack.ENDPOINT)
                .smokeTest(new SmokeTest("{\"prompt\": \"ping\"}", null, null, null))
                .timeout(Duration.ofSeconds(60))
                .build();
        // Polls every 50 ms instead of backing off from 500 ms: the doubles settle after two reads.
        return new AgentCoreDeployService(aws, ProgressListener.NONE, new Redactor(), Clock.systemUTC(),
                duration -> Thread.sleep(Math.min(duration.toMillis(), 50))).deploy(request);
    }

    /** A first deployment of a new agent to the cluster, reached through EKS, with the fault planned. */
    FaultMatrix.Cell eksFirst(Runnable fault) {
        String agent = "rel_mx_first_" + counter.incrementAndGet();
        return judgeEks(agent, images[0], null, fault);
    }

    /** A deployment of the other image to the shared agent's Deployment, with the fault planned. */
    FaultMatrix.Cell eksChange(Runnable fault) {
        int next = 1 - eksImage;
        FaultMatrix.Cell cell = judgeEks(EKS_AGENT, images[next], images[eksImage], fault);
        if (cell.passed() && cell.text().startsWith("ok")) {
            eksImage = next;
        }
        return cell;
    }

    private FaultMatrix.Cell judgeEks(String agent, String image, String previous, Runnable fault) {
        int[] retries = new int[1];
        LayerRecord record = action(fault, () -> eks(agent, image, retries));
        Deployment deployment = env.deployment(agent);
        String running = deployment == null ? null
                : deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
        if (!record.succeeded()) {
            String kept = previous == null ? (deployment == null ? null : "the failed first Deployment was left behind")
                    : previous.equals(running) ? null : "the Deployment runs " + running + ", not " + previous;
            return clearFailure(record.error(), AgentNames.of(agent).kubernetesName(), kept);
        }
        if (!image.equals(running) || deployment.getStatus().getReadyReplicas() == null
                || deployment.getStatus().getReadyReplicas() < 1) {
            return FaultMatrix.Cell.broken("the Deployment runs " + running + " with " + deployment.getStatus()
                    .getReadyReplicas() + " ready replicas, not " + image);
        }
        // Retries of AWS calls, and Kubernetes calls answered with an injected 409, 429 or 5xx and made again.
        long faulted = lastAction.stream().filter(c -> c.service().equals("kubernetes") && (c.status() == 409
                || c.status() == 429 || c.status() >= 500)).count();
        return FaultMatrix.Cell.succeeded(retries[0] + (int) faulted);
    }

    private LayerRecord eks(String agent, String image) {
        return eks(agent, image, new int[1]);
    }

    private LayerRecord eks(String agent, String image, int[] retries) {
        try (AwsClients aws = aws(false)) {
            Path values = repository.resolve(AgentNames.of(BUILD_AGENT).valuesFile());
            DeploymentPlan plan = new DeploymentPlan(agent, null, image, null, reference -> EksDeployRequest.builder()
                    .agent(agent).image(reference).valuesFile(values)
                    .clusterAccess(ClusterAccess.eksCluster(LocalStack.CLUSTER_NAME))
                    .timeout(Duration.ofSeconds(30)).build(), true);
            DeploymentRecord record = new AgentDeployer(aws, env.docker,
                    new KubernetesClients(new JdkHttpClientFactory(), aws), ProgressListener.NONE, new Redactor(),
                    Clock.systemUTC()).deploy(plan);
            retries[0] = aws.retryCount();
            return record.layer(Layer.EKS).orElseThrow();
        }
    }

    /** A failure passes when its message names the target and the previous state is intact. */
    private static FaultMatrix.Cell clearFailure(String message, String target, String stateProblem) {
        if (stateProblem != null) {
            return FaultMatrix.Cell.broken("failed, and " + stateProblem + ": " + message);
        }
        if (message == null || !message.contains(target) || message.contains("\tat ")) {
            return FaultMatrix.Cell.broken("failed with an unclear message: " + message);
        }
        return FaultMatrix.Cell.failedCleanly();
    }

    private GetAgentRuntimeEndpointResponse live(String runtimeId) {
        return env.agentCore().getAgentRuntimeEndpoint(r -> r.agentRuntimeId(runtimeId)
                .endpointName(ReliabilityStack.ENDPOINT));
    }

    private int versions(String runtimeId) {
        return env.agentCore().listAgentRuntimeVersions(r -> r.agentRuntimeId(runtimeId).maxResults(100)).agentRuntimes()
                .size();
    }

    /** Clients with the stack's own keys and a short attempt timeout; optionally through an assumed role. */
    private AwsClients aws(boolean assumeRole) {
        Map<String, String> environment = env.stack.environment();
        AwsSettings.Builder settings = AwsSettings.builder()
                .region(LocalStack.REGION)
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        environment.get("AWS_ACCESS_KEY_ID"), environment.get("AWS_SECRET_ACCESS_KEY"))))
                .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                .roleArn(assumeRole ? ROLE_TO_ASSUME : null);
        for (AwsService service : AwsService.values()) {
            String endpoint = environment.get(service.endpointVariable());
            if (endpoint != null) {
                settings.endpointOverride(service, URI.create(endpoint));
            }
        }
        return new AwsClients(settings.build(), ProgressListener.NONE);
    }
}
