package io.agentdeploy.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeploy.eks.DeploymentLease;
import io.agentdeploy.naming.AgentNames;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.Test;

/**
 * Two {@code agent-deploy deploy} processes for the same agent at the same time, each with another
 * image: they serialize on the agent's deployment lock, or one fails cleanly, and the end state is one
 * of the two desired states, never a mixture of them.
 */
public class ConcurrencyIT extends OnReliabilityStack {

    private static final String AGENT = "rel_concurrent";

    @Test
    public void twoDeploymentsOfOneAgentNeverMix() {
        env.repository(AGENT, 1);
        AgentDeployRun.Result first = AgentDeployRun.inProcess(env.environment(), env.deployArguments(AGENT, "v1"));
        assertThat(first.exitCode()).as(first.describe()).isZero();
        Path copyA = env.repository(AGENT + "_a", AGENT, 2);
        Path copyB = env.repository(AGENT + "_b", AGENT, 3);

        CompletableFuture<AgentDeployRun.Result> a = CompletableFuture.supplyAsync(() -> env.scan("concurrent A",
                AgentDeployRun.process(env.environment(), arguments(copyA, "v2"))));
        CompletableFuture<AgentDeployRun.Result> b = CompletableFuture.supplyAsync(() -> env.scan("concurrent B",
                AgentDeployRun.process(env.environment(), arguments(copyB, "v3"))));
        List<AgentDeployRun.Result> runs = List.of(a.join(), b.join());

        assertThat(runs).as("both runs").allSatisfy(run -> assertThat(run.exitCode()).as(run.describe()).isIn(0, 1))
                .anySatisfy(run -> assertThat(run.exitCode()).isZero());
        for (AgentDeployRun.Result run : runs) {
            if (run.exitCode() == 1) {
                assertThat(run.err()).as("the failed run's message").contains("Another deployment of");
            }
        }
        assertThat(runs).as("one run waited for the other's lock").anySatisfy(run -> assertThat(run.err())
                .contains("Waiting for another deployment of this agent to finish: held by agent-deploy@"));
        String digestA = env.stack.ecr().imageLookup().digestOfTag("agentic-platform-" + AGENT, "v2").orElseThrow();
        String digestB = env.stack.ecr().imageLookup().digestOfTag("agentic-platform-" + AGENT, "v3").orElseThrow();
        int changes = (int) runs.stream().filter(run -> run.exitCode() == 0).count();
        String running = env.assertConverged(AGENT, 1 + changes);
        assertThat(running).as("the image AgentCore and Kubernetes both run")
                .satisfiesAnyOf(image -> assertThat(image).endsWith("@" + digestA),
                        image -> assertThat(image).endsWith("@" + digestB));
        Lease lease = env.stack.kubernetes().client().leases().inNamespace("default")
                .withName(DeploymentLease.PREFIX + AgentNames.of(AGENT).kubernetesName()).get();
        assertThat(lease.getSpec().getHolderIdentity()).as("the lock after both runs").isNull();
        System.out.printf("Concurrency: exits %d and %d, end state %s, lock taken %d times.%n", runs.get(0).exitCode(),
                runs.get(1).exitCode(), running.substring(running.indexOf('@') + 1, running.indexOf('@') + 20),
                lease.getSpec().getLeaseTransitions() + 1);
        env.assertNoSecretFound();
    }

    private static List<String> arguments(Path repository, String tag) {
        List<String> args = new java.util.ArrayList<>(env.deployArguments(AGENT, tag));
        args.set(args.indexOf("--repo-root") + 1, repository.toString());
        return args;
    }
}
