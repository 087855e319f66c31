package io.agentdeploy.testkit;

import io.agentdeploy.testkit.agentcore.AgentCoreControlDouble;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.agentdeploy.testkit.agentcore.AgentContainers;
import io.agentdeploy.testkit.agentcore.AgentCoreDataDouble;
import io.agentdeploy.testkit.agentcore.ContainerInvocations;
import io.agentdeploy.testkit.aws.AwsDoubleServer;
import io.agentdeploy.testkit.ecr.EcrStack;
import io.agentdeploy.testkit.eks.EksDouble;
import io.agentdeploy.testkit.iam.IamDouble;
import io.agentdeploy.testkit.kubernetes.KubernetesStack;
import io.agentdeploy.testkit.secretsmanager.SecretsManagerDouble;
import io.agentdeploy.testkit.sts.StsDouble;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole local stack on loopback: a real registry behind an ECR-style token gateway, the ECR,
 * AgentCore (control and data plane), STS, IAM, Secrets Manager and EKS test doubles, and a
 * Kubernetes API with a simulated controller. Every part shares one call log, one fault plan and
 * one set of access keys.
 *
 * <p>When a Docker daemon answers, the AgentCore double starts each new runtime version's container
 * and requires a healthy {@code /ping} before READY, and invocations reach a container of the
 * version; set {@value #CONTAINER_CHECK_VARIABLE}{@code =false} to check only that images exist.
 *
 * <p>{@link #environment()} returns the variables that point the {@code agent-deploy} command at it.
 */
public final class LocalStack implements AutoCloseable {

    public static final String ACCOUNT_ID = "123456789012";
    public static final String REGION = "us-east-1";
    /** The EKS cluster name the EKS double serves, pointing at the Kubernetes API. */
    public static final String CLUSTER_NAME = "agents-local";
    /** The shared platform ConfigMap seeded in the default namespace. */
    public static final String SHARED_CONFIG_MAP = "agentic-platform-config";
    /** The IRSA role the shared ConfigMap names under AGENT_ROLE_ARN. */
    public static final String AGENT_ROLE_ARN = "arn:aws:iam::" + ACCOUNT_ID + ":role/agentic-platform-agent";
    /** Environment variable (or system property) that turns the AgentCore container check off with "false". */
    public static final String CONTAINER_CHECK_VARIABLE = "AGENT_DEPLOY_CONTAINER_CHECK";

    /** The IAM user the STS double reports for the stack's long-term keys, which has an access entry on the cluster. */
    public static final String LOCAL_USER_ARN = "arn:aws:iam::" + ACCOUNT_ID + ":user/agent-deploy-local";

    private final CallLog callLog = new CallLog();
    private final Faults faults = new Faults();
    private final AccessKeys accessKeys = new AccessKeys();
    private final List<AutoCloseable> parts = new ArrayList<>();
    private EcrStack ecr;
    private AgentCoreControlDouble agentCoreControl;
    private AgentCoreDataDouble agentCoreData;
    private StsDouble sts;
    private IamDouble iam;
    private SecretsManagerDouble secretsManager;
    private AgentContainers agentContainers;
    private EksDouble eks;
    private KubernetesStack kubernetes;

    private LocalStack() {
    }

    /** Starts every part with the Kubernetes API on plain HTTP; on failure stops what was started and rethrows. */
    public static LocalStack start() {
        return start(false);
    }

    /**
     * Starts every part; on failure stops what was started and rethrows.
     *
     * @param kubernetesTls whether the Kubernetes API serves HTTPS with a self-signed certificate, which the
     *     written kubeconfig skips verifying. kubectl and other client-go programs send no credentials over
     *     plain HTTP, so they need it.
     */
    // NOTE: the EKS double then hands out an https endpoint with no CA. Reaching the cluster by its EKS
    // name in that mode is untested. The kubeconfig works.
    public static LocalStack start(boolean kubernetesTls) {
        LocalStack stack = new LocalStack();
        try {
            stack.startParts(kubernetesTls);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startParts(boolean kubernetesTls) {
        ecr = register(EcrStack.start(callLog, faults, ACCOUNT_ID, REGION));
        ImageLookup images = ecr.imageLookup();

        agentCoreControl = register(new AgentCoreControlDouble(REGION, ACCOUNT_ID, callLog, faults, images));
        agentCoreControl.start();
        agentCoreData = register(new AgentCoreDataDouble(agentCoreControl, callLog, faults));
        agentCoreData.start();
        startContainerCheck();
        sts = register(new StsDouble(ACCOUNT_ID, accessKeys, callLog, faults));
        sts.start();
        iam = register(new IamDouble(ACCOUNT_ID, callLog, faults));
        iam.start();
        secretsManager = register(new SecretsManagerDouble(REGION, ACCOUNT_ID, callLog, faults));
        secretsManager.start();
        eks = register(new EksDouble(ACCOUNT_ID, REGION, callLog, faults));
        eks.start();
        kubernetes = register(kubernetesTls ? KubernetesStack.startTls(images, callLog)
                : KubernetesStack.start(images, callLog, 0));
        kubernetes.api().faults(faults);
        eks.registerCluster(CLUSTER_NAME, kubernetes.url(), null);
        // EKS tokens are checked against the STS double; the stack's own user gets an access entry.
        kubernetes.api().acceptEksTokens(sts.endpoint(), CLUSTER_NAME);
        kubernetes.api().addAccessEntry(LOCAL_USER_ARN, "agent-deploy-local");
        seedSharedConfiguration();

        for (AwsDoubleServer server : List.of(ecr.ecr(), agentCoreControl, agentCoreData, sts, iam, secretsManager,
                eks)) {
            server.acceptOnly(accessKeys);
        }
    }

    /** Lets the AgentCore doubles run agent containers, pulled from the registry itself, when Docker answers. */
    private void startContainerCheck() {
        String setting = System.getProperty(CONTAINER_CHECK_VARIABLE, System.getenv(CONTAINER_CHECK_VARIABLE));
        String dockerHost = Optional.ofNullable(System.getenv("DOCKER_HOST")).orElse("unix:///var/run/docker.sock");
        if ("false".equalsIgnoreCase(setting) || !AgentContainers.daemonAvailable(dockerHost)) {
            return;
        }
        String registryHost = ecr.registry().host();
        agentContainers = register(new AgentContainers(uri -> ecr.imageLookup().parse(uri).map(reference ->
                registryHost + "/" + reference.repository() + (reference.digest() != null ? "@" + reference.digest()
                        : ":" + reference.manifestReference())), dockerHost, AgentContainers.DEFAULT_START_TIMEOUT));
        agentCoreControl.containerCheck(agentContainers);
        agentCoreData.invocationHandler(new ContainerInvocations(agentContainers));
    }

    /**
     * Creates the shared ConfigMap the teams' clusters carry in each agent namespace, with the
     * account, region and the agents' IRSA role, as the platform's own tooling would.
     */
    private void seedSharedConfiguration() {
        kubernetes.client().configMaps().inNamespace("default").resource(new ConfigMapBuilder()
                .withNewMetadata().withName(SHARED_CONFIG_MAP).withNamespace("default").endMetadata()
                .addToData("AWS_ACCOUNT_ID", ACCOUNT_ID)
                .addToData("AWS_DEFAULT_REGION", REGION)
                .addToData("AGENT_ROLE_ARN", AGENT_ROLE_ARN)
                .build()).create();
    }

    private <T extends AutoCloseable> T register(T part) {
        parts.add(part);
        return part;
    }

    /**
     * Returns the environment for the {@code agent-deploy} command and AWS SDK clients: region, the stack's
     * access keys, the endpoint overrides of every service, the kubeconfig, and the instance metadata
     * service turned off.
     */
    public Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AWS_REGION", REGION);
        environment.put("AWS_ACCESS_KEY_ID", accessKeys.longTerm().accessKeyId());
        environment.put("AWS_SECRET_ACCESS_KEY", accessKeys.longTerm().secretAccessKey());
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        environment.put("AWS_ENDPOINT_URL_ECR", ecr.endpoint().toString());
        environment.put("AWS_ENDPOINT_URL_BEDROCK_AGENTCORE_CONTROL", agentCoreControl.endpoint().toString());
        environment.put("AWS_ENDPOINT_URL_BEDROCK_AGENTCORE", agentCoreData.endpoint().toString());
        environment.put("AWS_ENDPOINT_URL_STS", sts.endpoint().toString());
        environment.put("AWS_ENDPOINT_URL_IAM", iam.endpoint().toString());
        environment.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", secretsManager.endpoint().toString());
        environment.put("AWS_ENDPOINT_URL_EKS", eks.endpoint().toString());
        environment.put("KUBECONFIG", kubernetes.kubeconfigFile().toString());
        return environment;
    }

    /** Writes {@link #environment()} as {@code export NAME='value'} lines that a shell can source. */
    public void writeEnvironmentFile(Path file) {
        StringBuilder text = new StringBuilder();
        environment().forEach((name, value) ->
                text.append("export ").append(name).append("='").append(value.replace("'", "'\\''")).append("'\n"));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, text);
            // The move is atomic, so a script polling for the file never reads it half written.
            Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }

    public CallLog callLog() {
        return callLog;
    }

    public Faults faults() {
        return faults;
    }

    public AccessKeys accessKeys() {
        return accessKeys;
    }

    public EcrStack ecr() {
        return ecr;
    }

    public ImageLookup imageLookup() {
        return ecr.imageLookup();
    }

    public AgentCoreControlDouble agentCoreControl() {
        return agentCoreControl;
    }

    public AgentCoreDataDouble agentCoreData() {
        return agentCoreData;
    }

    public StsDouble sts() {
        return sts;
    }

    public IamDouble iam() {
        return iam;
    }

    public SecretsManagerDouble secretsManager() {
        return secretsManager;
    }

    /** The agent container runner, or empty when the container check is off or Docker is not available. */
    public Optional<AgentContainers> agentContainers() {
        return Optional.ofNullable(agentContainers);
    }

    public EksDouble eks() {
        return eks;
    }

    public KubernetesStack kubernetes() {
        return kubernetes;
    }

    /** Stops every part, the last started first. */
    @Override
    public void close() {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                // Keep stopping the other parts; a part that fails to stop is only logged.
                org.slf4j.LoggerFactory.getLogger(LocalStack.class).warn("Could not stop {}: {}", parts.get(i), e.toString());
            }
        }
        parts.clear();
    }
}
