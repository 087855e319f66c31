package io.agentdeploy.testkit.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.Test;

/** The simulated kubelet's default container output. */
public class SimulatedPodTest {

    @Test
    public void flakyStartLogNamesFlakyStart() {
        List<String> lines = SimulatedPod.defaultCrashLog(PodBehavior.FLAKY_START);

        assertThat(lines).containsExactly("Traceback (most recent call last):",
                "  File \"/app/server.py\", line 1, in <module>",
                "RuntimeError: simulated crash (agent-deploy.test/simulate=FlakyStart)");
    }

    @Test
    public void crashLoopLogNamesCrashLoop() {
        List<String> lines = SimulatedPod.defaultCrashLog(PodBehavior.CRASH_LOOP_BACK_OFF);

        assertThat(lines).last().isEqualTo("RuntimeError: simulated crash (agent-deploy.test/simulate=CrashLoopBackOff)");
    }
}
