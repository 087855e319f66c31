package io.agentdeploy.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeploy.naming.AgentNames;
import io.agentdeploy.testkit.Faults;
import io.agentdeploy.testkit.registry.RegistryGateway;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.After;
import org.junit.Test;

/**
 * Kills the packaged {@code agent-deploy deploy} (SIGKILL) as soon as its standard error shows that a
 * phase has begun, then runs the same command again: the rerun must converge to the desired state
 * without manual cleanup and without duplicates (one runtime, one version per real change, every
 * ReplicaSet owned by the Deployment, no revision record left pending).
 *
 * <p>Each scenario starts from a deployed version 1 and deploys version 2 (a new image).
 */
public class CrashSafetyIT extends OnReliabilityStack {

    @After
    public void clearFaults() {
        env.stack.faults().clear();
        env.stack.agentCoreControl().transitionReads(2);
        env.stack.kubernetes().controller().readyDelay(Duration.ofMillis(300));
    }

    @Test
    public void killDuringBuild() {
        crashAndRerun("rel_crash_build", line -> line.startsWith("Step 2/"));
    }

    @Test
    public void killDuringPush() {
        // The manifest upload responds slowly, so the push is still running when the kill comes.
        env.stack.faults().slowDelay(Duration.ofSeconds(3));
        env.stack.faults().inject(RegistryGateway.SERVICE, "PUT manifest", Faults.Kind.SLOW_RESPONSE, 1);
        crashAndRerun("rel_crash_push", line -> line.startsWith("Pushing "));
    }

    @Test
    public void killDuringAgentCoreWait() {
        // A wait of a few polls, so that the kill at its first status line lands inside it.
        env.stack.agentCoreControl().transitionReads(3);
        crashAndRerun("rel_crash_wait", line -> line.equals("AgentCore runtime 'rel_crash_wait' version 2 is UPDATING."));
    }

    @Test
    public void killDuringEndpointMove() {
        env.stack.agentCoreControl().transitionReads(3);
        crashAndRerun("rel_crash_endpoint", line -> line.equals("Endpoint live of AgentCore runtime 'rel_crash_endpoint'"
                + " is UPDATING."));
    }

    @Test
    public void killDuringRollout() {
        // Pods take a while to become ready, and the kill comes half a second after the Deployment was
        // applied: the revision is recorded, but the rollout is not done.
        env.stack.kubernetes().controller().readyDelay(Duration.ofSeconds(3));
        String name = AgentNames.of("rel_crash_rollout").kubernetesName();
        crashAndRerun("rel_crash_rollout", line -> line.equals("Deployment/" + name + " updated"), Duration.ofMillis(500));
    }

    private static void crashAndRerun(String agent, Predicate<String> phaseStarted) {
        crashAndRerun(agent, phaseStarted, Duration.ZERO);
    }

    private static void crashAndRerun(String agent, Predicate<String> phaseStarted, Duration delay) {
        env.repository(agent, 1);
        AgentDeployRun.Result first = env.scan(agent + " version 1",
                AgentDeployRun.inProcess(env.environment(), env.deployArguments(agent, "v1")));
        assertThat(first.exitCode()).as(first.describe()).isZero();
        env.repository(agent, 2);

        AgentDeployRun.Result killed = env.scan(agent + " killed", AgentDeployRun.process(env.environment(),
                env.deployArguments(agent, "v2"), phaseStarted, delay));
        env.stack.faults().clear();
        AgentDeployRun.Result rerun = env.scan(agent + " rerun", AgentDeployRun.process(env.environment(),
                env.deployArguments(agent, "v2")));

        assertThat(killed.killed()).as("killed in the phase: " + killed.describe()).isTrue();
        assertThat(rerun.exitCode()).as(rerun.describe()).isZero();
        String image = env.assertConverged(agent, 2);
        assertThat(env.stack.ecr().imageLookup().digestOfTag("agentic-platform-" + agent, "v2"))
                .hasValueSatisfying(digest -> assertThat(image).endsWith("@" + digest));
        System.out.printf("Crash safety, %s: version 1 in %.1f s, killed at '%s' after %.1f s, rerun converged in"
                + " %.1f s.%n", agent, first.wallTime().toMillis() / 1000.0, killed.killedAt(),
                killed.wallTime().toMillis() / 1000.0, rerun.wallTime().toMillis() / 1000.0);
        env.assertNoSecretFound();
    }
}
