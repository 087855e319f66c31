package io.agentdeploy.testkit.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.Faults;
import io.agentdeploy.testkit.ImageLookup;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class KubernetesStackIT {

    private static final String GOOD_IMAGE = "registry.test/agent@sha256:" + "a".repeat(64);
    private static final String NEW_IMAGE = "registry.test/agent@sha256:" + "b".repeat(64);
    private static final String MISSING_IMAGE = "registry.test/agent@sha256:" + "c".repeat(64);

    private KubernetesStack stack;
    private KubernetesClient user;

    @Before
    public void startStack() {
        ImageLookup images = reference -> !reference.equals(MISSING_IMAGE);
        stack = KubernetesStack.start(images, new CallLog(), 0);
        stack.controller().timeScale(0.01);
        user = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(stack.kubeconfig()))
                .withHttpClientFactory(new JdkHttpClientFactory())
                .build();
    }

    @After
    public void stopStack() {
        user.close();
        stack.close();
    }

    /**
     * kubectl (client-go) sends its bearer token only over HTTPS. Over plain HTTP it sends the
     * discovery request below without one and gets 401, so the TLS stack must take the same request
     * with the token.
     */
    @Test
    public void tlsStackAcceptsKubectlDiscovery() throws Exception {
        try (KubernetesStack tls = KubernetesStack.startTls(image -> true, new CallLog())) {
            HttpsURLConnection withToken = discovery(tls);
            withToken.setRequestProperty("Authorization", "Bearer " + tls.token());
            HttpsURLConnection withoutToken = discovery(tls);

            int withTokenStatus = withToken.getResponseCode();
            String withTokenBody = new String(withToken.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int withoutTokenStatus = withoutToken.getResponseCode();

            assertThat(tls.kubeconfig()).contains("server: https://127.0.0.1:", "insecure-skip-tls-verify: true");
            assertThat(withTokenStatus).isEqualTo(200);
            assertThat(withTokenBody).contains("\"kind\":\"APIVersions\"");
            assertThat(withoutTokenStatus).isEqualTo(401);
        }
    }

    /** Opens kubectl's first request, GET /api, with its headers and without a token. */
    private static HttpsURLConnection discovery(KubernetesStack tls) throws Exception {
        HttpsURLConnection connection = (HttpsURLConnection) tls.url().resolve("/api").toURL().openConnection();
        connection.setSSLSocketFactory(trustAll().getSocketFactory());
        // The self-signed certificate names no host, and the kubeconfig skips verifying it too.
        connection.setHostnameVerifier((host, session) -> true);
        connection.setRequestProperty("Accept", "application/json, */*");
        connection.setRequestProperty("User-Agent", "kubectl/v1.32.4 (linux/amd64) kubernetes/4cb5f07");
        return connection;
    }

    /** Trusts the TLS stack's self-signed certificate, as the kubeconfig's insecure-skip-tls-verify does. */
    private static SSLContext trustAll() throws Exception {
        X509TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustAll}, null);
        return context;
    }

    @Test
    public void injectedFaultsAnswerUserRequestsWithStatus() {
        Faults faults = new Faults();
        stack.api().faults(faults);
        faults.inject("kubernetes", "POST configmaps", Faults.Kind.CONFLICT, 1);
        faults.inject("kubernetes", "GET configmaps", Faults.Kind.SERVER_ERROR, 1);
        ConfigMap config = new ConfigMapBuilder().withNewMetadata().withName("settings").withNamespace("default")
                .endMetadata().build();

        KubernetesClientException conflict = catchThrowableOfType(KubernetesClientException.class,
                () -> user.configMaps().inNamespace("default").resource(config).create());
        KubernetesClientException serverError = catchThrowableOfType(KubernetesClientException.class,
                () -> withoutRetries().configMaps().inNamespace("default").withName("settings").get());

        assertThat(conflict.getCode()).isEqualTo(409);
        assertThat(conflict.getStatus().getMessage()).isEqualTo("Operation cannot be fulfilled on configmaps"
                + " \"settings\": the object has been modified; please apply your changes to the latest version and"
                + " try again");
        assertThat(serverError.getCode()).isEqualTo(500);
        assertThat(stack.client().configMaps().inNamespace("default").withName("settings").get())
                .as("the conflicting create changed nothing").isNull();
        assertThat(stack.callLog().calls("kubernetes", "POST configmaps")).extracting(CallLog.Call::status)
                .containsExactly(409);
    }

    private KubernetesClient withoutRetries() {
        Config config = Config.fromKubeconfig(stack.kubeconfig());
        config.setRequestRetryBackoffLimit(0);
        return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory()).build();
    }

    @Test
    public void applyCreatesThenMergesKeepingStatus() {
        Deployment created = apply(deployment(GOOD_IMAGE, Map.of("A", "1")));
        awaitRollout(created.getMetadata().getGeneration());

        Deployment updated = apply(deployment(NEW_IMAGE, Map.of("A", "1")));

        assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(updated.getMetadata().getGeneration()).isEqualTo(2L);
        assertThat(updated.getStatus().getObservedGeneration()).isEqualTo(1L);
        assertThat(updated.getMetadata().getManagedFields()).singleElement()
                .satisfies(entry -> assertThat(entry.getManager()).isEqualTo("agent-deploy"));
    }

    @Test
    public void applyRemovesFieldsNoLongerApplied() {
        apply(deployment(GOOD_IMAGE, Map.of("A", "1", "B", "2")));

        Deployment updated = apply(deployment(GOOD_IMAGE, Map.of("A", "1")));

        assertThat(updated.getMetadata().getLabels()).containsEntry("A", "1").doesNotContainKey("B");
    }

    @Test
    public void applySameObjectChangesNothing() {
        Deployment first = apply(deployment(GOOD_IMAGE, Map.of()));

        Deployment second = apply(deployment(GOOD_IMAGE, Map.of()));

        assertThat(second.getMetadata().getResourceVersion()).isEqualTo(first.getMetadata().getResourceVersion());
    }

    @Test
    public void controllerRollsOutNewRevision() {
        apply(deployment(GOOD_IMAGE, Map.of()));
        awaitRollout(1);

        apply(deployment(NEW_IMAGE, Map.of()));
        Deployment rolledOut = awaitRollout(2);

        assertThat(rolledOut.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "2");
        assertThat(rolledOut.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Progressing");
            assertThat(c.getReason()).isEqualTo("NewReplicaSetAvailable");
        });
        List<Pod> pods = stack.client().pods().inNamespace("default").list().getItems();
        assertThat(pods).singleElement()
                .satisfies(pod -> assertThat(pod.getSpec().getContainers().get(0).getImage()).isEqualTo(NEW_IMAGE));
        List<ReplicaSet> replicaSets = stack.client().apps().replicaSets().inNamespace("default").list().getItems();
        assertThat(replicaSets).hasSize(2);
    }

    @Test
    public void controllerStopsWritingWhenSettled() throws InterruptedException {
        apply(deployment(GOOD_IMAGE, Map.of()));
        String settled = awaitRollout(1).getMetadata().getResourceVersion();

        Thread.sleep(20 * DeploymentController.TICK_MILLIS);

        Deployment later = stack.client().apps().deployments().inNamespace("default").withName("agent").get();
        assertThat(later.getMetadata().getResourceVersion()).isEqualTo(settled);
    }

    @Test
    public void missingImageReportsPullFailure() throws Exception {
        apply(deployment(MISSING_IMAGE, Map.of()));

        Pod pod = awaitPod(p -> !p.getStatus().getContainerStatuses().isEmpty()
                && p.getStatus().getContainerStatuses().get(0).getState().getWaiting() != null
                && "ImagePullBackOff".equals(p.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason()));

        List<Event> events = stack.client().v1().events().inNamespace("default").list().getItems();
        assertThat(events).anySatisfy(e -> {
            assertThat(e.getInvolvedObject().getName()).isEqualTo(pod.getMetadata().getName());
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getMessage()).startsWith("Failed to pull image \"" + MISSING_IMAGE + "\"");
        });
    }

    @Test
    public void crashLoopServesPreviousLog() throws Exception {
        stack.controller().simulate("default", "agent", PodBehavior.CRASH_LOOP_BACK_OFF);
        apply(deployment(GOOD_IMAGE, Map.of()));

        Pod pod = awaitPod(p -> !p.getStatus().getContainerStatuses().isEmpty()
                && p.getStatus().getContainerStatuses().get(0).getRestartCount() >= 1);
        String previous = user.pods().inNamespace("default").withName(pod.getMetadata().getName()).inContainer("agent")
                .terminated().getLog();

        assertThat(previous).contains("RuntimeError: simulated crash");
    }

    @Test
    public void templateAnnotationSelectsBehavior() throws Exception {
        Deployment annotated = new DeploymentBuilder(deployment(GOOD_IMAGE, Map.of()))
                .editSpec().editTemplate().editMetadata()
                .addToAnnotations(DeploymentController.SIMULATE_ANNOTATION, "Unschedulable")
                .endMetadata().endTemplate().endSpec().build();

        apply(annotated);

        Pod pod = awaitPod(p -> p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("PodScheduled") && c.getReason().equals("Unschedulable")));
        assertThat(pod.getSpec().getNodeName()).isNull();
    }

    @Test
    public void deadlinePassesWhenPodsNeverReady() {
        stack.controller().simulate("default", "agent", PodBehavior.NEVER_READY);
        Deployment deployment = new DeploymentBuilder(deployment(GOOD_IMAGE, Map.of()))
                .editSpec().withProgressDeadlineSeconds(60).endSpec().build();
        apply(deployment);

        Deployment failed = user.apps().deployments().inNamespace("default").withName("agent").waitUntilCondition(
                d -> d.getStatus() != null && d.getStatus().getConditions() != null && d.getStatus().getConditions().stream()
                        .anyMatch(c -> "ProgressDeadlineExceeded".equals(c.getReason())), 10, TimeUnit.SECONDS);

        assertThat(failed.getStatus().getUpdatedReplicas()).isEqualTo(1);
    }

    @Test
    public void missingNamespaceRejectsCreate() {
        ConfigMap configMap = new ConfigMapBuilder().withNewMetadata().withName("x").withNamespace("absent").endMetadata().build();

        assertThatThrownBy(() -> user.configMaps().inNamespace("absent").resource(configMap).create())
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(404))
                .hasMessageContaining("namespaces \"absent\" not found");
    }

    @Test
    public void forbiddenVerbGives403WithDetails() {
        stack.api().forbid("patch", "deployments");

        assertThatThrownBy(() -> apply(deployment(GOOD_IMAGE, Map.of())))
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e -> {
                    KubernetesClientException k = (KubernetesClientException) e;
                    assertThat(k.getCode()).isEqualTo(403);
                    assertThat(k.getStatus().getDetails().getKind()).isEqualTo("deployments");
                    assertThat(k.getStatus().getMessage()).isEqualTo("deployments.apps \"agent\" is forbidden: User"
                            + " \"agent-deploy-user\" cannot patch resource \"deployments\" in API group \"apps\" in the"
                            + " namespace \"default\"");
                });
    }

    @Test
    public void wrongTokenGives401() {
        KubernetesClient stranger = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(stack.kubeconfig().replace(stack.token(), "wrong-token")))
                .withHttpClientFactory(new JdkHttpClientFactory())
                .build();

        assertThatThrownBy(() -> stranger.configMaps().inNamespace("default").list())
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(401));
        stranger.close();
    }

    @Test
    public void callLogRecordsUserRequestsOnly() {
        apply(deployment(GOOD_IMAGE, Map.of()));
        awaitRollout(1);

        List<CallLog.Call> calls = stack.callLog().calls();

        assertThat(calls).extracting(CallLog.Call::operation).contains("PATCH deployments");
        assertThat(stack.callLog().mutatingCalls()).extracting(CallLog.Call::operation).containsExactly("PATCH deployments");
    }

    private Deployment apply(Deployment deployment) {
        return user.apps().deployments().inNamespace("default").resource(deployment)
                .fieldManager("agent-deploy").forceConflicts().serverSideApply();
    }

    private Deployment awaitRollout(long generation) {
        return stack.client().apps().deployments().inNamespace("default").withName("agent").waitUntilCondition(
                d -> d != null && d.getStatus() != null && d.getStatus().getObservedGeneration() != null
                        && d.getStatus().getObservedGeneration() >= generation
                        && Integer.valueOf(1).equals(d.getStatus().getUpdatedReplicas())
                        && Integer.valueOf(1).equals(d.getStatus().getReplicas())
                        && Integer.valueOf(1).equals(d.getStatus().getAvailableReplicas()),
                10, TimeUnit.SECONDS);
    }

    private Pod awaitPod(java.util.function.Predicate<Pod> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (Pod pod : stack.client().pods().inNamespace("default").list().getItems()) {
                if (pod.getStatus() != null && condition.test(pod)) {
                    return pod;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("No pod reached the expected state within 10 s");
    }

    private static Deployment deployment(String image, Map<String, String> labels) {
        return new DeploymentBuilder()
                .withNewMetadata().withName("agent").withNamespace("default").withLabels(labels).endMetadata()
                .withNewSpec()
                    .withReplicas(1)
                    .withNewSelector().addToMatchLabels("app", "agent").endSelector()
                    .withNewTemplate()
                        .withNewMetadata().addToLabels("app", "agent").endMetadata()
                        .withNewSpec().addNewContainer().withName("agent").withImage(image).endContainer().endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }
}
