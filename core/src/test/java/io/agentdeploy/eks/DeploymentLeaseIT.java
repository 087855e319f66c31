package io.agentdeploy.eks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.progress.ProgressLevel;
import io.agentdeploy.testkit.Faults;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The deployment lock (a Lease per agent) and the crash-safety of the revision record, against the
 * local Kubernetes API.
 */
public class DeploymentLeaseIT {

    private static final String LEASE = DeploymentLease.PREFIX + TestCluster.NAME;

    private TestCluster cluster;

    @Before
    public void start() {
        cluster = TestCluster.start();
        cluster.sharedConfig();
    }

    @After
    public void stop() {
        cluster.close();
    }

    @Test
    public void secondHolderWaitsUntilTheFirstReleases() {
        DeploymentLease first = open(cluster.request(TestCluster.IMAGE_V1).build());
        DeploymentLease second = open(cluster.request(TestCluster.IMAGE_V1).build());
        first.acquire(Duration.ZERO);

        boolean heldWhileFirstRuns = second.heldByAnother();
        first.close();
        second.acquire(Duration.ofSeconds(5));

        assertThat(heldWhileFirstRuns).isTrue();
        assertThat(second.held()).isTrue();
        assertThat(lease().getSpec().getHolderIdentity()).isEqualTo(second.holder());
        assertThat(lease().getSpec().getLeaseTransitions()).isEqualTo(1);
        second.close();
        assertThat(lease().getSpec().getHolderIdentity()).isNull();
    }

    @Test
    public void liveHolderMakesTheWaitEndWithAClearFailure() {
        DeploymentLease first = open(cluster.request(TestCluster.IMAGE_V1).build());
        DeploymentLease second = open(cluster.request(TestCluster.IMAGE_V1).build());
        first.acquire(Duration.ZERO);

        assertThatThrownBy(() -> second.acquire(Duration.ofMillis(600)))
                .isInstanceOf(KubernetesDeployException.class)
                .hasMessageStartingWith("Another deployment of 'default/" + TestCluster.NAME + "' is still running after"
                        + " a wait of 600ms: held by " + first.holder() + " since ")
                .hasMessageEndingWith(" (Lease 'default/" + LEASE + "'). This run changed nothing in AgentCore or"
                        + " Kubernetes. Run it again when the other one has finished; if that one is gone, its lock"
                        + " frees itself 30 s after its last renewal.");
        assertThat(cluster.listener.messages(ProgressLevel.LIFECYCLE)).anyMatch(line -> line.startsWith(
                "Waiting for another deployment of this agent to finish: held by " + first.holder()));
        first.close();
        second.close();
    }

    @Test
    public void leaseOfADeadProcessOnThisMachineIsTakenAtOnce() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        holdLease("agent-deploy@" + hostName() + "/" + gone.pid() + "/0000", ZonedDateTime.now(ZoneOffset.UTC));
        DeploymentLease lease = open(cluster.request(TestCluster.IMAGE_V1).build());

        lease.acquire(Duration.ZERO);

        assertThat(lease.held()).isTrue();
        lease.close();
    }

    @Test
    public void leaseNotRenewedForItsDurationIsTaken() {
        holdLease("agent-deploy@build-agent-7/4242/0000", ZonedDateTime.now(ZoneOffset.UTC).minusMinutes(1));
        DeploymentLease lease = open(cluster.request(TestCluster.IMAGE_V1).build());

        assertThat(lease.heldByAnother()).isFalse();
        lease.acquire(Duration.ZERO);

        assertThat(lease().getSpec().getHolderIdentity()).isEqualTo(lease.holder());
        lease.close();
    }

    @Test
    public void identityWithoutLeasesDeploysWithoutTheLock() {
        cluster.stack.api().forbid("*", "leases");
        DeploymentLease lease = open(cluster.request(TestCluster.IMAGE_V1).build());

        boolean held = lease.heldByAnother();
        lease.acquire(Duration.ZERO);

        assertThat(held).isFalse();
        assertThat(lease.usable()).isFalse();
        assertThat(lease.held()).isFalse();
        assertThat(cluster.listener.messages(ProgressLevel.WARNING)).containsExactly("Deploying without the deployment"
                + " lock: the Kubernetes identity may not use Leases in namespace 'default' (leases.coordination.k8s.io"
                + " \"" + LEASE + "\" is forbidden: User \"agent-deploy-user\" cannot get resource \"leases\" in API"
                + " group \"coordination.k8s.io\" in the namespace \"default\"). Two deployments of this agent at the"
                + " same time are then not kept apart; grant get, create and update on leases (coordination.k8s.io) in"
                + " the namespace to keep them apart.");
        lease.close();
    }

    @Test
    public void missingNamespaceWithCreationOffIsInvalidInput() {
        DeploymentLease lease = open(cluster.request(TestCluster.IMAGE_V1).namespace("absent").createNamespace(false)
                .build());

        assertThatThrownBy(lease::checkNamespace)
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid namespace 'absent': the namespace does not exist in the cluster and namespace"
                        + " creation is off. Create the namespace (kubectl create namespace absent), allow its"
                        + " creation (--create-namespace), or deploy to another namespace.");
        assertThat(cluster.stack.callLog().mutatingCalls()).isEmpty();
        lease.close();
    }

    @Test
    public void rolloutCutOffBeforeItsEndIsResumedNotRecordedTwice() {
        cluster.service.deploy(cluster.request(TestCluster.IMAGE_V1).build());
        // The process dies after the apply: the revision is recorded as pending, its rollout never followed.
        cluster.service.apply(cluster.request(TestCluster.IMAGE_V2).build());

        EksDeployResult rerun = cluster.service.deploy(cluster.request(TestCluster.IMAGE_V2).build());

        assertThat(rerun.image()).isEqualTo(TestCluster.IMAGE_V2);
        assertThat(records()).containsExactlyInAnyOrderEntriesOf(Map.of("1", "superseded", "2", "deployed"));
    }

    @Test
    public void revisionThatCannotBeRecordedLeavesThePreviousTemplate() {
        cluster.service.deploy(cluster.request(TestCluster.IMAGE_V1).build());
        Faults faults = new Faults();
        cluster.stack.api().faults(faults);
        faults.inject("kubernetes", "POST secrets", Faults.Kind.CONFLICT, 1);

        assertThatThrownBy(() -> cluster.service.deploy(cluster.request(TestCluster.IMAGE_V2).build()))
                .isInstanceOf(KubernetesDeployException.class)
                .hasMessageStartingWith("The Kubernetes API refused recording revision 2 of '" + TestCluster.NAME
                        + "' with 409 Conflict: ");

        assertThat(cluster.image(TestCluster.NAME)).isEqualTo(TestCluster.IMAGE_V1);
        assertThat(records()).containsExactlyEntriesOf(Map.of("1", "deployed"));
    }

    private DeploymentLease open(EksDeployRequest request) {
        return DeploymentLease.open(new KubernetesClients(), request, cluster.listener, cluster.redactor,
                Clock.systemUTC());
    }

    private void holdLease(String holder, ZonedDateTime renewed) {
        cluster.stack.client().leases().inNamespace("default").resource(new LeaseBuilder()
                .withNewMetadata().withName(LEASE).withNamespace("default").endMetadata()
                .withNewSpec().withHolderIdentity(holder).withLeaseDurationSeconds(30).withAcquireTime(renewed)
                .withRenewTime(renewed).withLeaseTransitions(0).endSpec().build()).create();
    }

    private Lease lease() {
        return cluster.stack.client().leases().inNamespace("default").withName(LEASE).get();
    }

    /** Revision record statuses by version. */
    private Map<String, String> records() {
        List<Secret> secrets = cluster.stack.client().secrets().inNamespace("default")
                .withLabels(Map.of("owner", "agent-deploy", "name", TestCluster.NAME)).list().getItems();
        return secrets.stream().collect(java.util.stream.Collectors.toMap(s -> s.getMetadata().getLabels().get("version"),
                s -> s.getMetadata().getLabels().get("status")));
    }

    private static String hostName() throws IOException {
        return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
    }
}
