package io.agentdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.kubernetes.KubernetesStack;
import io.agentdeploy.testkit.kubernetes.PodBehavior;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class EksCommandIT {

    private static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/agentic-platform-agentic_chat_enhanced"
            + "@sha256:" + "3".repeat(64);
    private static final Path REPOSITORY_ROOT = Path.of(System.getProperty("agentdeploy.repositoryRoot", "../"))
            .resolve("examples/agentic-platform");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private KubernetesStack stack;

    @Before
    public void startCluster() {
        stack = KubernetesStack.start(IMAGE::equals, new CallLog(), 0);
        stack.controller().timeScale(0.1);
        stack.controller().readyDelay(Duration.ofMillis(200));
    }

    @After
    public void stopCluster() {
        stack.close();
    }

    @Test
    public void deployPrintsSummaryAndExitsZero() {
        int code = run(Map.of("KUBECONFIG", stack.kubeconfigFile().toString()),
                "eks", "--agent", "agentic_chat_enhanced", "--image", IMAGE, "--repo-root", REPOSITORY_ROOT.toString(),
                "--set", "replicaCount=2", "--iam-role-arn", "arn:aws:iam::123456789012:role/agent");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("Deployment of agentic_chat_enhanced: succeeded\n  EKS        SUCCEEDED ");
        assertThat(out.toString()).contains("rolled out revision 1 of default/agentic-chat-enhanced (2/2 ready)");
        assertThat(err.toString()).contains("Deployment/agentic-chat-enhanced created\n");
        assertThat(err.toString()).contains("Deployment 'default/agentic-chat-enhanced' rolled out: revision 1, 2 of 2"
                + " replicas ready");
        assertThat(out.toString() + err.toString()).doesNotContain(stack.token());
    }

    @Test
    public void failedRolloutExitsOneWithoutToken() {
        stack.controller().simulate("default", "agentic-chat-enhanced", PodBehavior.CRASH_LOOP_BACK_OFF);
        stack.controller().crashLog(java.util.List.of("token=" + stack.token()));

        int code = run(Map.of(), "eks", "--agent", "agentic_chat_enhanced", "--image", IMAGE,
                "--repo-root", REPOSITORY_ROOT.toString(), "--kubeconfig", stack.kubeconfigFile().toString(),
                "--kube-context", KubernetesStack.CONTEXT, "--timeout", "2m", "--output", "json");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("error: EKS failed: Deployment 'default/agentic-chat-enhanced' failed to roll out: pod '");
        assertThat(err.toString()).contains("    | token=****");
        assertThat(out.toString()).contains("\"status\" : \"ROLLED_BACK\"");
        assertThat(out.toString() + err.toString()).doesNotContain(stack.token());
    }

    @Test
    public void heldLockStopsChangeAndIsRecorded() {
        // A live deployment of the same agent from another machine holds the lock.
        stack.client().leases().inNamespace("default").resource(new LeaseBuilder()
                .withNewMetadata().withName("agent-deploy-agentic-chat-enhanced").endMetadata()
                .withNewSpec().withHolderIdentity("agent-deploy@other-host/1/abc").withLeaseDurationSeconds(30)
                .withRenewTime(ZonedDateTime.now()).endSpec().build()).create();

        int code = run(Map.of("KUBECONFIG", stack.kubeconfigFile().toString()),
                "eks", "--agent", "agentic_chat_enhanced", "--image", IMAGE, "--repo-root", REPOSITORY_ROOT.toString(),
                "--lock-wait", "0s", "--output", "json");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("Another deployment of 'default/agentic-chat-enhanced' is still running");
        assertThat(out.toString()).contains("\"status\" : \"FAILED\"");
        assertThat(stack.client().apps().deployments().inNamespace("default").withName("agentic-chat-enhanced").get())
                .as("nothing was applied").isNull();
    }

    @Test
    public void missingKubeconfigIsInvalidInput() {
        int code = run(Map.of("KUBECONFIG", "/nonexistent/kubeconfig"), "eks", "--agent", "agentic_chat_enhanced",
                "--image", IMAGE, "--repo-root", REPOSITORY_ROOT.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: Invalid --kubeconfig: no kubeconfig file was found at"
                + " [/nonexistent/kubeconfig]. Pass --kubeconfig <file>, set KUBECONFIG, or create ~/.kube/config (for"
                + " EKS: aws eks update-kubeconfig --name <cluster>).\n");
    }

    @Test
    public void badTimeoutIsUsageError() {
        int code = run(Map.of(), "eks", "--agent", "agentic_chat_enhanced", "--image", IMAGE, "--timeout", "soon");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("'soon' is not a duration; write it as 90s, 15m, 1h30m or PT15M.");
    }

    @Test
    public void renderToWritesFilesAndChangesNothing() throws java.io.IOException {
        Path folder = java.nio.file.Files.createTempDirectory("agent-deploy-render");
        stack.callLog().clear();

        int code = run(Map.of("KUBECONFIG", stack.kubeconfigFile().toString()), "eks", "--agent", "agentic_chat_enhanced",
                "--image", IMAGE, "--repo-root", REPOSITORY_ROOT.toString(), "--render-to", folder.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("rendered 5 manifests of default/agentic-chat-enhanced to " + folder);
        try (var files = java.nio.file.Files.list(folder)) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted()).hasSize(5)
                    .contains("04-deployment-agentic-chat-enhanced.yaml");
        }
        assertThat(stack.callLog().mutatingCalls()).isEmpty();
    }

    @Test
    public void noRollbackLeavesFailureAndRollbackOnlyRestores() {
        run(Map.of("KUBECONFIG", stack.kubeconfigFile().toString()), "eks", "--agent", "agentic_chat_enhanced",
                "--image", IMAGE, "--repo-root", REPOSITORY_ROOT.toString());
        String missing = IMAGE.replace("3333", "4444");

        int failed = run(Map.of("KUBECONFIG", stack.kubeconfigFile().toString()), "eks", "--agent", "agentic_chat_enhanced",
                "--image", missing, "--repo-root", REPOSITORY_ROOT.toString(), "--no-rollback");
        int restored = run(Map.of("KUBECONFIG", stack.kubeconfigFile().toString()), "eks", "--agent", "agentic_chat_enhanced",
                "--image", missing, "--repo-root", REPOSITORY_ROOT.toString(), "--rollback-only");

        assertThat(failed).isEqualTo(1);
        assertThat(err.toString()).contains("Rollback is off: the failed rollout of 'default/agentic-chat-enhanced' stays in"
                + " place.");
        assertThat(restored).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Rolled back Deployment 'default/agentic-chat-enhanced' to the last good state"
                + " (record v1, image " + IMAGE + ")");
        assertThat(stack.client().apps().deployments().inNamespace("default").withName("agentic-chat-enhanced").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(IMAGE);
    }

    @Test
    public void twoWaysToReachClusterAreUsageError() {
        int code = run(Map.of(), "eks", "--agent", "agentic_chat_enhanced", "--image", IMAGE, "--repo-root",
                REPOSITORY_ROOT.toString(), "--cluster", "agents", "--in-cluster");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: Invalid --in-cluster: it cannot be combined with --cluster: each"
                + " names another way to reach the cluster. Drop one of the two options.\n");
    }

    @Test
    public void customKindInManifestIsInvalidInput() throws java.io.IOException {
        Path manifest = java.nio.file.Files.createTempFile("agent-deploy-manifest", ".yaml");
        java.nio.file.Files.writeString(manifest, """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: agentic-chat-enhanced}
                spec:
                  selector: {matchLabels: {app: agent}}
                  template:
                    metadata: {labels: {app: agent}}
                    spec:
                      containers: [{name: agent, image: "agentic-platform-agentic_chat_enhanced:dev"}]
                ---
                apiVersion: example.com/v1
                kind: Foo
                metadata: {name: extra}
                """);
        try {
            int code = run(Map.of("KUBECONFIG", stack.kubeconfigFile().toString()), "eks", "--agent",
                    "agentic_chat_enhanced", "--image", IMAGE, "--repo-root", REPOSITORY_ROOT.toString(), "--manifest",
                    manifest.toString());

            assertThat(code).isEqualTo(2);
            assertThat(err.toString()).startsWith("error: Invalid --manifest '" + manifest + "': kind 'Foo' with"
                    + " apiVersion 'example.com/v1' (object 'extra') is not supported:");
            assertThat(stack.callLog().mutatingCalls()).isEmpty();
        } finally {
            java.nio.file.Files.delete(manifest);
        }
    }

    @Test
    public void autoscalingMinAboveMaxIsInvalidInput() {
        int code = run(Map.of("KUBECONFIG", stack.kubeconfigFile().toString()), "eks", "--agent", "agentic_chat_enhanced",
                "--image", IMAGE, "--repo-root", REPOSITORY_ROOT.toString(), "--set", "autoscaling.enabled=true",
                "--set", "autoscaling.minReplicas=5", "--set", "autoscaling.maxReplicas=2");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: Invalid --values '").contains("': key 'autoscaling.minReplicas' is"
                + " 5, above 'autoscaling.maxReplicas', which is 2;");
        assertThat(stack.callLog().mutatingCalls()).isEmpty();
    }

    @Test
    public void renderToExistingFileIsInvalidInput() throws java.io.IOException {
        Path file = java.nio.file.Files.createTempFile("agent-deploy-render", ".yaml");
        try {
            int code = run(Map.of("KUBECONFIG", stack.kubeconfigFile().toString()), "eks", "--agent",
                    "agentic_chat_enhanced", "--image", IMAGE, "--repo-root", REPOSITORY_ROOT.toString(), "--render-to",
                    file.toString());

            assertThat(code).isEqualTo(2);
            assertThat(err.toString()).isEqualTo("error: Invalid --render-to '" + file + "': it is an existing file, but"
                    + " the manifests are written to a folder (created when it is missing). Pass the path of a folder, or"
                    + " of one to create, or move the file away.\n");
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    public void lostApiServerExitsOneWithoutStackTrace() throws InterruptedException {
        stack.controller().readyDelay(Duration.ofMinutes(10));
        Thread stopper = new Thread(() -> {
            // The first progress line of the watch; later ones may be throttled away on a non-terminal.
            while (!err.toString().contains("Deployment 'default/agentic-chat-enhanced': ")) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
            stack.close();
        });
        stopper.start();
        long started = System.nanoTime();

        int code = run(Map.of("KUBECONFIG", stack.kubeconfigFile().toString()), "eks", "--agent", "agentic_chat_enhanced",
                "--image", IMAGE, "--repo-root", REPOSITORY_ROOT.toString(), "--timeout", "10m");

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        stopper.join();
        assertThat(code).as(err.toString()).isEqualTo(1);
        assertThat(took).as("time to fail, against a rollout timeout of 10 minutes").isLessThan(Duration.ofMinutes(1));
        assertThat(err.toString()).contains("error: EKS failed: Lost the connection to the Kubernetes API at "
                + stack.url() + "/ while watching the rollout of Deployment 'default/agentic-chat-enhanced': ");
        assertThat(err.toString()).doesNotContain("\tat ").doesNotContain("Exception:");
    }

    @Test
    public void deployWithUnknownKubeContextStopsBeforePush() throws java.io.IOException {
        Path noDocker = java.nio.file.Files.createTempDirectory("agent-deploy-no-docker").resolve("docker.sock");
        Map<String, String> environment = Map.of(
                "KUBECONFIG", stack.kubeconfigFile().toString(),
                "AWS_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "not-a-real-secret-key",
                "AWS_EC2_METADATA_DISABLED", "true",
                // Nothing listens there: had the push started, it would fail on this machine only.
                "AWS_ENDPOINT_URL", "http://127.0.0.1:" + io.agentdeploy.testkit.FreePorts.next(),
                "DOCKER_HOST", "unix://" + noDocker);

        int code = run(environment, "deploy", "--agent", "agentic_chat_enhanced", "--repo-root",
                REPOSITORY_ROOT.toString(), "--skip-agentcore", "--kube-context", "missing");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).as("the only output: no build or push started").isEqualTo("error: Invalid"
                + " --kube-context 'missing': the kubeconfig has no such context; it has ['" + KubernetesStack.CONTEXT
                + "']. Pass one of the kubeconfig's contexts.\n");
        assertThat(out.toString()).isEmpty();
        assertThat(stack.callLog().calls()).isEmpty();
    }

    @Test
    public void commandLineKubeconfigReplacesFileCluster() throws java.io.IOException {
        Path config = java.nio.file.Files.createTempFile("agent-deploy", ".yaml");
        java.nio.file.Files.writeString(config, "cluster: agents-in-the-file\n");
        try {
            int code = run(Map.of(), "eks", "--agent", "agentic_chat_enhanced", "--image", IMAGE, "--repo-root",
                    REPOSITORY_ROOT.toString(), "--config", config.toString(), "--kubeconfig",
                    stack.kubeconfigFile().toString());

            assertThat(code).as(err.toString()).isZero();
            assertThat(err.toString()).contains("Deployment/agentic-chat-enhanced created\n");
        } finally {
            java.nio.file.Files.delete(config);
        }
    }

    private int run(Map<String, String> environment, String... args) {
        return AgentDeployCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), environment, args);
    }
}
