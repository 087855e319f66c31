package io.agentdeploy.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeploy.ecr.DockerClientFactory;
import io.agentdeploy.ecr.DockerTestSupport;
import io.agentdeploy.naming.AgentNames;
import io.agentdeploy.testkit.AccessKeys;
import io.agentdeploy.testkit.LocalStack;
import io.agentdeploy.testkit.SecretScanner;
import io.agentdeploy.testkit.registry.RegistryTokens;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockagentcorecontrol.BedrockAgentCoreControlClient;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.AgentRuntime;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.GetAgentRuntimeEndpointResponse;

/**
 * One local stack for a test class, with what the end-to-end scenarios share: agent repositories made
 * from the static busybox (one per agent, a version label per change), the environment with planted
 * secrets, the standard {@code deploy} arguments, and the secret scan of every output.
 *
 * <p>Planted secrets: temporary AWS credentials (secret key and session token), the kubeconfig's
 * token, a secret environment value taken from this process's environment, one read from Secrets
 * Manager, a plain value under a secret-looking name, and every registry password and token the
 * ECR double hands out.
 */
final class ReliabilityStack implements AutoCloseable {

    static final String ROLE = "arn:aws:iam::123456789012:role/agentcore-runtime";
    static final String ENDPOINT = "live";

    final LocalStack stack;
    final DockerClientFactory docker;
    final SecretScanner scanner = new SecretScanner();
    private final Path root;
    private final Path temporary;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final String managedSecretArn;
    private final String plainTokenValue;
    private BedrockAgentCoreControlClient agentCore;
    private final java.util.Set<String> agents = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private ReliabilityStack(LocalStack stack, DockerClientFactory docker, Path root) throws IOException {
        this.stack = stack;
        this.docker = docker;
        this.root = root;
        this.temporary = Files.createDirectories(root.resolve("tmp"));
        AccessKeys.KeyPair keys = stack.accessKeys().issueTemporary();
        environment.putAll(stack.environment());
        environment.put("AWS_ACCESS_KEY_ID", keys.accessKeyId());
        environment.put("AWS_SECRET_ACCESS_KEY", keys.secretAccessKey());
        environment.put("AWS_SESSION_TOKEN", keys.sessionToken());
        String apiKey = "planted-api-key-" + random();
        environment.put("PLANTED_API_KEY", apiKey);
        String managed = "planted-managed-secret-" + random();
        managedSecretArn = stack.secretsManager().putSecret("agents/reliability", managed);
        plainTokenValue = "planted-plain-token-" + random();
        scanner.plant("AWS secret access key", keys.secretAccessKey())
                .plant("AWS session token", keys.sessionToken())
                .plant("kubeconfig token", stack.kubernetes().token())
                .plant("secret environment value (ENV:)", apiKey)
                .plant("secret environment value (Secrets Manager)", managed)
                .plant("plain environment value with a secret name", plainTokenValue);
    }

    /**
     * Starts the stack without AgentCore container checks (the busybox images serve no /ping) and with
     * the simulated cluster ten times faster than real time.
     */
    static ReliabilityStack start() {
        DockerClientFactory docker = DockerTestSupport.requireDaemon();
        LocalStack stack;
        synchronized (System.class) {
            String before = System.getProperty(LocalStack.CONTAINER_CHECK_VARIABLE);
            System.setProperty(LocalStack.CONTAINER_CHECK_VARIABLE, "false");
            try {
                stack = LocalStack.start();
            } finally {
                if (before == null) {
                    System.clearProperty(LocalStack.CONTAINER_CHECK_VARIABLE);
                } else {
                    System.setProperty(LocalStack.CONTAINER_CHECK_VARIABLE, before);
                }
            }
        }
        stack.kubernetes().controller().timeScale(0.1);
        try {
            return new ReliabilityStack(stack, docker, Files.createTempDirectory("agent-deploy-reliability"));
        } catch (IOException e) {
            stack.close();
            throw new UncheckedIOException(e);
        }
    }

    /** The environment of every run: the stack's endpoints, the planted credentials and secrets. */
    Map<String, String> environment() {
        Map<String, String> copy = new LinkedHashMap<>(environment);
        for (String name : List.of("PATH", "HOME", "LANG", "DOCKER_HOST")) {
            if (System.getenv(name) != null) {
                copy.putIfAbsent(name, System.getenv(name));
            }
        }
        copy.put(AgentDeployRun.TEMPORARY_FOLDER, temporary.toString());
        return copy;
    }

    /**
     * Writes (or rewrites) the agent's repository at a version: the busybox image with a version label,
     * and a values file whose environment names the version.
     */
    Path repository(String agent, int version) {
        return repository(agent, agent, version);
    }

    /** As above, in a folder of another name, for two copies of one agent's repository. */
    Path repository(String folder, String agent, int version) {
        agents.add(agent);
        Path repository = root.resolve(folder);
        DockerTestSupport.busyboxContext(repository, agent, "LABEL io.agentdeploy.version=" + version);
        AgentNames names = AgentNames.of(agent);
        Path values = repository.resolve(names.valuesFile());
        try {
            Files.createDirectories(values.getParent());
            Files.writeString(values, """
                    replicaCount: 1
                    service:
                      port: 80
                      targetPort: 8080
                    serviceAccount:
                      create: true
                      irsaConfigKey: "AGENT_ROLE_ARN"
                    irsaConfigKey: "AGENT_ROLE_ARN"
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return repository;
    }

    /** The arguments of a full deployment of the agent's repository as it is now, with every kind of secret. */
    List<String> deployArguments(String agent, String tag, String... extra) {
        List<String> args = new ArrayList<>(List.of("deploy", "--agent", agent,
                "--repo-root", root.resolve(agent).toString(), "--build-network", "none", "--tag", tag,
                "--execution-role-arn", ROLE, "--endpoint", ENDPOINT,
                "--secret-env", "API_KEY=ENV:PLANTED_API_KEY", "--secret-env", "DB_PASSWORD=" + managedSecretArn,
                "--env", "SERVICE_TOKEN=" + plainTokenValue,
                "--agentcore-timeout", "2m", "--rollout-timeout", "1m", "--output", "json"));
        args.addAll(List.of(extra));
        return args;
    }

    /** The ARN of the planted Secrets Manager secret. */
    String managedSecretArn() {
        return managedSecretArn;
    }

    /** Scans what a run printed. */
    AgentDeployRun.Result scan(String label, AgentDeployRun.Result result) {
        scanner.scan(label + ": standard output", result.out());
        scanner.scan(label + ": standard error", result.err());
        return result;
    }

    /**
     * Plants the registry passwords and tokens handed out so far, scans the agent repositories and the
     * processes' temporary folder, and asserts that no planted secret was found anywhere.
     */
    void assertNoSecretFound() {
        List<RegistryTokens.Token> tokens = stack.ecr().gateway().tokens().issued();
        for (int i = 0; i < tokens.size(); i++) {
            scanner.plant("registry password " + (i + 1), tokens.get(i).password());
            scanner.plant("registry authorization token " + (i + 1), tokens.get(i).authorizationToken());
        }
        scanner.scanTree(root);
        System.out.printf("Secrets scan: %d secrets planted, %d outputs scanned, %d findings.%n",
                scanner.planted().size(), scanner.scanned().size(), scanner.findings().size());
        assertThat(scanner.findings()).as("planted secrets found in %d outputs", scanner.scanned().size()).isEmpty();
    }

    /** A control-plane client with the stack's own keys, for assertions; closed with the stack. */
    synchronized BedrockAgentCoreControlClient agentCore() {
        if (agentCore == null) {
            agentCore = BedrockAgentCoreControlClient.builder().region(Region.of(LocalStack.REGION))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                            stack.accessKeys().longTerm().accessKeyId(),
                            stack.accessKeys().longTerm().secretAccessKey())))
                    .endpointOverride(stack.agentCoreControl().endpoint())
                    .httpClient(ApacheHttpClient.create())
                    .build();
        }
        return agentCore;
    }

    /** The agent's runtimes (by name), as ListAgentRuntimes shows them. */
    List<AgentRuntime> runtimes(String agent) {
        return agentCore().listAgentRuntimes(r -> r.maxResults(100)).agentRuntimes().stream()
                .filter(runtime -> runtime.agentRuntimeName().equals(agent)).toList();
    }

    /**
     * Asserts the converged state of an agent: one runtime with {@code versions} versions, the endpoint
     * {@value #ENDPOINT} READY on the newest, whose image the Deployment runs too; every ReplicaSet
     * owned by the Deployment, one per template, one of them active; no revision record left pending.
     *
     * @return the image both run
     */
    String assertConverged(String agent, int versions) {
        List<AgentRuntime> runtimes = runtimes(agent);
        assertThat(runtimes).as("runtimes named %s", agent).hasSize(1);
        String id = runtimes.get(0).agentRuntimeId();
        assertThat(agentCore().listAgentRuntimeVersions(r -> r.agentRuntimeId(id).maxResults(100)).agentRuntimes())
                .as("versions of runtime %s", id).hasSize(versions);
        GetAgentRuntimeEndpointResponse endpoint = agentCore().getAgentRuntimeEndpoint(r -> r.agentRuntimeId(id)
                .endpointName(ENDPOINT));
        assertThat(endpoint.statusAsString()).isEqualTo("READY");
        assertThat(endpoint.liveVersion()).isEqualTo(Integer.toString(versions));
        String served = agentCore().getAgentRuntime(r -> r.agentRuntimeId(id).agentRuntimeVersion(endpoint.liveVersion()))
                .agentRuntimeArtifact().containerConfiguration().containerUri();
        assertThat(deployedImage(agent)).as("the image Kubernetes runs").isEqualTo(served);

        Deployment deployment = deployment(agent);
        List<ReplicaSet> replicaSets = replicaSets(agent);
        assertThat(replicaSets).as("ReplicaSets of %s", agent).hasSize(versions).allSatisfy(rs ->
                assertThat(rs.getMetadata().getOwnerReferences()).as("owners of %s", rs.getMetadata().getName())
                        .anySatisfy(owner -> assertThat(owner.getUid()).isEqualTo(deployment.getMetadata().getUid())));
        assertThat(replicaSets).filteredOn(rs -> rs.getSpec().getReplicas() != null && rs.getSpec().getReplicas() > 0)
                .as("active ReplicaSets").hasSize(1);
        assertThat(stack.kubernetes().client().secrets().inNamespace("default")
                .withLabels(Map.of("owner", "agent-deploy", "name", deployment.getMetadata().getName())).list().getItems())
                .as("revision records").extracting(secret -> secret.getMetadata().getLabels().get("status"))
                .doesNotContain("pending");
        return served;
    }

    /** The live Deployment of the agent, or {@code null}. */
    Deployment deployment(String agent) {
        return stack.kubernetes().client().apps().deployments().inNamespace("default")
                .withName(AgentNames.of(agent).kubernetesName()).get();
    }

    /** The image the agent's Deployment runs, or {@code null}. */
    String deployedImage(String agent) {
        Deployment deployment = deployment(agent);
        return deployment == null ? null
                : deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    /** The ReplicaSets of the agent's Deployment (by the app label), owned or not. */
    List<ReplicaSet> replicaSets(String agent) {
        String name = AgentNames.of(agent).kubernetesName();
        return stack.kubernetes().client().apps().replicaSets().inNamespace("default").list().getItems().stream()
                .filter(rs -> rs.getMetadata().getName().startsWith(name + "-")).toList();
    }

    @Override
    public void close() {
        if (agentCore != null) {
            agentCore.close();
        }
        DockerTestSupport.removeImagesOf(docker, stack.ecr().registryHost());
        removeBuildCache();
        stack.close();
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary folder does no harm.
        }
    }

    /**
     * Removes the images left by builds of this stack's agents (intermediate and failed-build layers),
     * found by the {@code io.agentdeploy.test} label that every test Dockerfile carries.
     */
    private void removeBuildCache() {
        try (com.github.dockerjava.api.DockerClient client = docker.create()) {
            for (String agent : agents) {
                for (com.github.dockerjava.api.model.Image image : client.listImagesCmd().withShowAll(true)
                        .withLabelFilter(Map.of("io.agentdeploy.test", agent)).exec()) {
                    try {
                        client.removeImageCmd(image.getId()).withForce(true).exec();
                    } catch (RuntimeException e) {
                        // Removed already with a child, or still used: the next cleanup takes it.
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("Could not remove the build cache of the reliability tests: " + e);
        }
    }

    private static String random() {
        return Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 12);
    }
}
