package io.agentdeploy.eks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.agentdeploy.progress.ProgressLevel;
import io.agentdeploy.progress.RecordingListener;
import io.agentdeploy.progress.Redactor;
import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.kubernetes.KubernetesStack;
import io.agentdeploy.testkit.kubernetes.PodBehavior;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class EksDeployServiceIT {

    private static final String AGENT = "agentic_chat_enhanced";
    private static final String NAME = "agentic-chat-enhanced";
    private static final String REPOSITORY = "123456789012.dkr.ecr.us-east-1.amazonaws.com/agentic-platform-agentic_chat_enhanced";
    private static final String IMAGE_V1 = REPOSITORY + "@sha256:" + "1".repeat(64);
    private static final String IMAGE_V2 = REPOSITORY + "@sha256:" + "2".repeat(64);
    private static final String MISSING_IMAGE = REPOSITORY + "@sha256:" + "9".repeat(64);
    private static final Path VALUES = Path.of(System.getProperty("agentdeploy.repositoryRoot", "../"))
            .resolve("examples/agentic-platform/k8s/helm/values/applications/agentic-chat-enhanced-values.yaml");

    private final Set<String> pushedImages = ConcurrentHashMap.newKeySet();
    private KubernetesStack stack;
    private RecordingListener listener;
    private EksDeployService service;

    @Before
    public void startCluster() {
        pushedImages.addAll(List.of(IMAGE_V1, IMAGE_V2));
        stack = KubernetesStack.start(pushedImages::contains, new CallLog(), 0);
        // Back-offs of 1 s and progress deadlines of 5.4 s (for a 1 minute timeout) keep failures quick
        // while leaving healthy pods ample time on a loaded machine.
        stack.controller().timeScale(0.1);
        stack.controller().readyDelay(Duration.ofMillis(200));
        listener = new RecordingListener();
        service = new EksDeployService(listener, new Redactor());
    }

    @After
    public void stopCluster() {
        stack.close();
    }

    @Test
    public void firstDeployRollsOutRevisionOne() {
        EksDeployResult result = service.deploy(request(IMAGE_V1).build());

        assertThat(result.revision()).isEqualTo(1);
        assertThat(result.previousRevision()).isNull();
        assertThat(result.changed()).isTrue();
        assertThat(result.replicas()).isEqualTo(1);
        assertThat(result.readyReplicas()).isEqualTo(1);
        assertThat(result.resources()).containsExactly("ServiceAccount/agentic-chat-enhanced-agent-sa",
                "ConfigMap/" + NAME + "-config", "Service/" + NAME, "Deployment/" + NAME, "Ingress/" + NAME);
        Deployment live = stack.client().apps().deployments().inNamespace("default").withName(NAME).get();
        assertThat(live.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(IMAGE_V1);
        ConfigMap config = stack.client().configMaps().inNamespace("default").withName(NAME + "-config").get();
        assertThat(config.getData()).containsExactly(
                Map.entry("LITELLM_API_ENDPOINT", "http://litellm.default.svc.cluster.local:80"),
                Map.entry("RETRIEVAL_GATEWAY_ENDPOINT",
                        "http://retrieval-gateway.default.svc.cluster.local:80/api/retrieval-gateway"),
                Map.entry("MEMORY_GATEWAY_ENDPOINT", "http://memory-gateway.default.svc.cluster.local:80/api/memory-gateway"));
        assertThat(listener.messages(ProgressLevel.LIFECYCLE)).contains("Deployment/" + NAME + " created");
    }

    @Test
    public void rerunWithSameImageChangesNothing() {
        service.deploy(request(IMAGE_V1).build());
        List<String> podsBefore = podUids();
        stack.callLog().clear();

        EksDeployResult rerun = service.deploy(request(IMAGE_V1).build());

        assertThat(rerun.changed()).isFalse();
        assertThat(rerun.revision()).isEqualTo(1);
        assertThat(rerun.previousRevision()).isEqualTo(1L);
        assertThat(stack.callLog().mutatingCalls()).isEmpty();
        assertThat(podUids()).isEqualTo(podsBefore);
        assertThat(stack.client().pods().inNamespace("default").list().getItems())
                .allSatisfy(pod -> assertThat(pod.getStatus().getContainerStatuses().get(0).getRestartCount()).isZero());
        assertThat(rerun.summary()).isEqualTo("default/" + NAME + " unchanged at revision 1 (1/1 ready)");
    }

    @Test
    public void newImageRollsOutRevisionTwo() {
        service.deploy(request(IMAGE_V1).build());

        EksDeployResult result = service.deploy(request(IMAGE_V2).build());

        assertThat(result.revision()).isEqualTo(2);
        assertThat(result.previousRevision()).isEqualTo(1L);
        assertThat(result.changed()).isTrue();
        assertThat(stack.client().pods().inNamespace("default").list().getItems())
                .singleElement()
                .satisfies(pod -> assertThat(pod.getSpec().getContainers().get(0).getImage()).isEqualTo(IMAGE_V2));
        assertThat(stack.callLog().calls("kubernetes", "PATCH deployments")).hasSize(2);
    }

    @Test
    public void missingImageFailsFastWithEvent() {
        long started = System.nanoTime();

        KubernetesDeployException failure = catchThrowableOfType(KubernetesDeployException.class,
                () -> service.deploy(request(MISSING_IMAGE).timeout(Duration.ofMinutes(2)).build()));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        assertThat(failure.reason()).isIn("ErrImagePull", "ImagePullBackOff");
        assertThat(failure.namespace()).isEqualTo("default");
        assertThat(failure.name()).isEqualTo(NAME);
        assertThat(failure.getMessage()).startsWith("Deployment 'default/" + NAME + "' failed to roll out: pod '" + NAME + "-");
        assertThat(failure.getMessage()).contains("  Warning Failed: Failed to pull image \"" + MISSING_IMAGE
                + "\": rpc error: code = NotFound desc = failed to pull and unpack image \"" + MISSING_IMAGE + "\": not found");
        assertThat(failure.getMessage()).contains("\nCheck that the image exists and that the cluster's nodes may pull it"
                + " (for ECR, the node role needs ecr:BatchGetImage and ecr:GetDownloadUrlForLayer).\n");
        assertThat(listener.messages(ProgressLevel.WARNING)).anySatisfy(line -> assertThat(line).startsWith("Pod " + NAME));
    }

    @Test
    public void crashLoopFailsFastWithLogLines() {
        stack.controller().simulate("default", NAME, PodBehavior.CRASH_LOOP_BACK_OFF);
        long started = System.nanoTime();

        KubernetesDeployException failure = catchThrowableOfType(KubernetesDeployException.class,
                () -> service.deploy(request(IMAGE_V1).timeout(Duration.ofMinutes(2)).build()));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        assertThat(failure.reason()).isEqualTo("CrashLoopBackOff");
        assertThat(failure.diagnostics()).contains("    | RuntimeError: simulated crash (agent-deploy.test/simulate=CrashLoopBackOff)");
        assertThat(failure.diagnostics()).contains("  log of the previous 'agent' container (last 5 lines):");
        assertThat(failure.diagnostics()).noneSatisfy(line -> assertThat(line).startsWith("  log of container"));
        assertThat(failure.getMessage()).contains("container 'agent' is in CrashLoopBackOff: restarted 2 times;");
    }

    @Test
    public void progressDeadlineExceededFails() {
        stack.controller().simulate("default", NAME, PodBehavior.NEVER_READY);
        stack.controller().timeScale(0.02);

        KubernetesDeployException failure = catchThrowableOfType(KubernetesDeployException.class,
                () -> service.deploy(request(IMAGE_V1).timeout(Duration.ofMinutes(1)).build()));

        assertThat(failure.reason()).isEqualTo("ProgressDeadlineExceeded");
        assertThat(failure.getMessage()).startsWith("Deployment 'default/" + NAME + "' failed to roll out: no progress within"
                + " its progress deadline of 54 s: ReplicaSet \"" + NAME + "-");
        assertThat(failure.getMessage()).contains("  Warning Unhealthy: Readiness probe failed: HTTP probe failed with"
                + " statuscode: 503");
    }

    @Test
    public void unschedulablePodFailsAfterGrace() {
        stack.controller().simulate("default", NAME, PodBehavior.UNSCHEDULABLE);
        RolloutPolicy quick = new RolloutPolicy(2, Duration.ofSeconds(1), Duration.ofMillis(200), 20, 10, false);
        EksDeployService impatient = new EksDeployService(listener, new Redactor(), new KubernetesClients(), quick,
                Clock.systemUTC());

        KubernetesDeployException failure = catchThrowableOfType(KubernetesDeployException.class,
                () -> impatient.deploy(request(IMAGE_V1).timeout(Duration.ofMinutes(2)).build()));

        assertThat(failure.reason()).isEqualTo("Unschedulable");
        assertThat(failure.getMessage()).contains("  not scheduled: Unschedulable: 0/1 nodes are available: 1 Insufficient cpu.");
    }

    @Test
    public void timeoutNamesStateWaitAndLimit() {
        stack.controller().simulate("default", NAME, PodBehavior.NEVER_READY);
        // The cluster's progress deadline stays far away; only the watch's clock runs 30 times faster.
        stack.controller().timeScale(10);
        EksDeployService hurried = new EksDeployService(listener, new Redactor(), new KubernetesClients(),
                RolloutPolicy.DEFAULT, accelerated(30));

        KubernetesDeployException failure = catchThrowableOfType(KubernetesDeployException.class,
                () -> hurried.deploy(request(IMAGE_V1).timeout(Duration.ofSeconds(10)).build()));

        assertThat(failure.reason()).isEqualTo("Timeout");
        assertThat(failure.getMessage()).startsWith("Deployment 'default/" + NAME + "' failed to roll out: timed out"
                + " after ");
        assertThat(failure.getMessage()).contains("s (limit 10.0s); last state: 0 of 1 updated replica available;"
                + " Available=False (MinimumReplicasUnavailable: Deployment does not have minimum availability.),"
                + " Progressing=True (ReplicaSetUpdated: ReplicaSet \"" + NAME + "-");
        assertThat(failure.getMessage()).contains("\nRaise the timeout if the rollout needs longer.\n");
    }

    @Test
    public void forbiddenPatchNamesVerbAndResource() {
        stack.api().forbid("patch", "deployments");

        assertThatThrownBy(() -> service.deploy(request(IMAGE_V1).build()))
                .isInstanceOf(KubernetesDeployException.class)
                .hasMessageStartingWith("The Kubernetes API denied 'patch' on deployments.apps in namespace 'default' while applying"
                        + " Deployment '" + NAME + "' (403 Forbidden): deployments.apps \"" + NAME + "\" is forbidden: User"
                        + " \"agent-deploy-user\" cannot patch resource \"deployments\" in API group \"apps\" in the"
                        + " namespace \"default\". Grant the kubeconfig's identity RBAC permission to patch deployments.apps"
                        + " in namespace 'default' (a Role and RoleBinding), or use an identity that has it.\n")
                .satisfies(e -> assertThat(((KubernetesDeployException) e).reason()).isEqualTo("Forbidden"));
        assertThat(stack.client().configMaps().inNamespace("default").withName(NAME + "-config").get()).isNull();
    }

    @Test
    public void wrongTokenExplains401WithoutToken() {
        String kubeconfig = stack.kubeconfig().replace(stack.token(), "expired-token-0123456789");

        KubernetesDeployException failure = catchThrowableOfType(KubernetesDeployException.class,
                () -> service.deploy(request(IMAGE_V1).clusterAccess(ClusterAccess.kubeconfigContent(kubeconfig, null)).build()));

        assertThat(failure.reason()).isEqualTo("Unauthorized");
        assertThat(failure.getMessage()).isEqualTo("The Kubernetes API at " + stack.url() + "/ rejected the credentials"
                + " while reading Namespace 'default' (401 Unauthorized). The kubeconfig's token or client certificate is"
                + " invalid or expired: refresh the kubeconfig (for EKS: aws eks update-kubeconfig) and try again.");
        assertThat(listener.text()).doesNotContain("expired-token-0123456789");
    }

    @Test
    public void tokenNeverAppearsInOutput() {
        stack.controller().crashLog(List.of("connecting with token " + stack.token()));
        stack.controller().simulate("default", NAME, PodBehavior.CRASH_LOOP_BACK_OFF);

        KubernetesDeployException failure = catchThrowableOfType(KubernetesDeployException.class,
                () -> service.deploy(request(IMAGE_V1)
                        .clusterAccess(ClusterAccess.kubeconfigContent(stack.kubeconfig(), KubernetesStack.CONTEXT))
                        .timeout(Duration.ofMinutes(2)).build()));

        assertThat(failure.getMessage()).contains("    | connecting with token ****");
        assertThat(failure.getMessage()).doesNotContain(stack.token());
        assertThat(String.join("\n", failure.diagnostics())).doesNotContain(stack.token());
        assertThat(listener.text()).doesNotContain(stack.token());
    }

    @Test
    public void missingNamespaceWithCreationOffFailsBeforeChanges() {
        stack.callLog().clear();

        assertThatThrownBy(() -> service.deploy(request(IMAGE_V1).namespace("absent").createNamespace(false).build()))
                .isInstanceOf(io.agentdeploy.error.InvalidInputException.class)
                .hasMessage("Invalid namespace 'absent': the namespace does not exist in the cluster and namespace"
                        + " creation is off. Create the namespace (kubectl create namespace absent), allow its"
                        + " creation (--create-namespace), or deploy to another namespace.");
        assertThat(stack.callLog().mutatingCalls()).isEmpty();
    }

    @Test
    public void missingNamespaceIsCreated() {
        EksDeployResult result = service.deploy(request(IMAGE_V1).namespace("agents").build());

        assertThat(result.namespace()).isEqualTo("agents");
        assertThat(stack.client().namespaces().withName("agents").get()).isNotNull();
        assertThat(listener.messages(ProgressLevel.LIFECYCLE)).contains("Created Namespace 'agents'");
    }

    @Test
    public void roleArnComesFromSharedConfigMap() {
        stack.client().configMaps().inNamespace("default").resource(new ConfigMapBuilder()
                .withNewMetadata().withName("agentic-platform-config").endMetadata()
                .addToData("AGENT_ROLE_ARN", "arn:aws:iam::123456789012:role/agent-role")
                .build()).create();

        EksDeployResult result = service.deploy(request(IMAGE_V1).build());

        ServiceAccount account = stack.client().serviceAccounts().inNamespace("default")
                .withName("agentic-chat-enhanced-agent-sa").get();
        assertThat(account.getMetadata().getAnnotations())
                .containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/agent-role");
        assertThat(result.notes()).isEmpty();
    }

    @Test
    public void missingRoleArnIsNoted() {
        EksDeployResult result = service.deploy(request(IMAGE_V1).build());

        assertThat(result.notes()).containsExactly("No IAM role for the ServiceAccount: no role ARN was given and ConfigMap"
                + " 'agentic-platform-config' does not exist in namespace 'default'. The pods get no AWS role"
                + " (IRSA); pass --iam-role-arn to set one.");
    }

    private EksDeployRequest.Builder request(String image) {
        return EksDeployRequest.builder()
                .agent(AGENT)
                .image(image)
                .valuesFile(VALUES)
                .clusterAccess(ClusterAccess.kubeconfigFile(stack.kubeconfigFile(), null))
                .timeout(Duration.ofMinutes(1));
    }

    /** Returns a clock that starts now and runs {@code factor} times faster than real time. */
    private static Clock accelerated(int factor) {
        java.time.Instant start = java.time.Instant.now();
        long startNanos = System.nanoTime();
        return new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                return start.plusNanos((System.nanoTime() - startNanos) * factor);
            }
        };
    }

    private List<String> podUids() {
        return stack.client().pods().inNamespace("default").list().getItems().stream()
                .map(Pod::getMetadata).map(m -> m.getUid()).sorted().toList();
    }
}
