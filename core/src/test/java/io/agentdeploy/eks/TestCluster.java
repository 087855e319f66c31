package io.agentdeploy.eks;

import io.agentdeploy.progress.RecordingListener;
import io.agentdeploy.progress.Redactor;
import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.kubernetes.KubernetesStack;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A local Kubernetes API with fast simulated timing, the images it can pull, and request defaults for the agent. */
final class TestCluster implements AutoCloseable {

    static final String AGENT = "agentic_chat_enhanced";
    static final String NAME = "agentic-chat-enhanced";
    static final String REPOSITORY = "123456789012.dkr.ecr.us-east-1.amazonaws.com/agentic-platform-agentic_chat_enhanced";
    static final String IMAGE_V1 = REPOSITORY + "@sha256:" + "1".repeat(64);
    static final String IMAGE_V2 = REPOSITORY + "@sha256:" + "2".repeat(64);
    static final String MISSING_IMAGE = REPOSITORY + "@sha256:" + "9".repeat(64);
    static final String ROLE_ARN = "arn:aws:iam::123456789012:role/agent-role";
    static final Path ROOT = Path.of(System.getProperty("agentdeploy.repositoryRoot", "../"));
    static final Path VALUES = ROOT.resolve("examples/agentic-platform/k8s/helm/values/applications/agentic-chat-enhanced-values.yaml");
    /**
     * Back-offs of 1 s and progress deadlines of 5.4 s (for a 1 minute timeout) keep failures quick, and so does a
     * lost API server that counts as gone after 1 s.
     */
    static final RolloutPolicy QUICK = new RolloutPolicy(2, Duration.ofSeconds(1), Duration.ofMillis(200), 20, 10, false,
            Duration.ofSeconds(1));

    final Set<String> pushedImages = ConcurrentHashMap.newKeySet();
    final KubernetesStack stack;
    final RecordingListener listener = new RecordingListener();
    final Redactor redactor = new Redactor();
    final EksDeployService service;

    private TestCluster() {
        pushedImages.addAll(List.of(IMAGE_V1, IMAGE_V2));
        stack = KubernetesStack.start(pushedImages::contains, new CallLog(), 0);
        stack.controller().timeScale(0.1);
        stack.controller().readyDelay(Duration.ofMillis(200));
        service = new EksDeployService(listener, redactor, new KubernetesClients(), QUICK, Clock.systemUTC());
    }

    static TestCluster start() {
        return new TestCluster();
    }

    EksDeployRequest.Builder request(String image) {
        return EksDeployRequest.builder()
                .agent(AGENT)
                .image(image)
                .valuesFile(VALUES)
                .clusterAccess(ClusterAccess.kubeconfigFile(stack.kubeconfigFile(), null))
                .timeout(Duration.ofMinutes(1));
    }

    /** Creates the platform's shared ConfigMap in {@code default}. */
    void sharedConfig() {
        stack.client().configMaps().inNamespace("default").resource(new ConfigMapBuilder()
                .withNewMetadata().withName("agentic-platform-config").endMetadata()
                .addToData("AWS_ACCOUNT_ID", "123456789012")
                .addToData("AWS_DEFAULT_REGION", "us-east-1")
                .addToData("AGENT_ROLE_ARN", ROLE_ARN)
                .build()).create();
    }

    /**
     * Stops the API server in the background once the watch reports waiting for available replicas,
     * that is in the middle of a rollout.
     */
    Thread stopApiServerDuringRollout() {
        Thread stopper = new Thread(() -> {
            while (!listener.text().contains("available")) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
            stack.close();
        }, "stop-api-server");
        stopper.start();
        return stopper;
    }

    Deployment deployment(String name) {
        return stack.client().apps().deployments().inNamespace("default").withName(name).get();
    }

    String image(String name) {
        return deployment(name).getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    @Override
    public void close() {
        stack.close();
    }
}
