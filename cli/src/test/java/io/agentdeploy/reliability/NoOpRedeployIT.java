package io.agentdeploy.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeploy.report.DeploymentRecord;
import io.agentdeploy.report.JsonRecords;
import io.agentdeploy.report.LayerRecord;
import io.agentdeploy.report.LayerStatus;
import io.agentdeploy.testkit.CallLog;
import java.util.List;
import java.util.Locale;
import org.junit.Test;

/**
 * A second deployment with the same inputs, run as the packaged command: it makes no mutating call
 * to ECR, the registry, AgentCore, IAM or Kubernetes, says so, and is timed against the first
 * deployment and a changing one.
 */
public class NoOpRedeployIT extends OnReliabilityStack {

    private static final String AGENT = "rel_noop";

    @Test
    public void sameInputsMakeNoMutatingCall() {
        env.repository(AGENT, 1);
        AgentDeployRun.Result first = run("first deployment", "v1");
        int mark = env.stack.callLog().size();

        AgentDeployRun.Result again = run("unchanged redeployment", "v1");

        List<CallLog.Call> rerunCalls = env.stack.callLog().since(mark);
        env.repository(AGENT, 2);
        AgentDeployRun.Result changing = run("changing redeployment", "v2");
        assertThat(first.exitCode()).as(first.describe()).isZero();
        assertThat(again.exitCode()).as(again.describe()).isZero();
        assertThat(changing.exitCode()).as(changing.describe()).isZero();
        assertThat(rerunCalls).as("calls of the unchanged redeployment").isNotEmpty()
                .filteredOn(call -> call.mutating() && call.status() / 100 == 2).isEmpty();
        DeploymentRecord record = JsonRecords.fromJson(again.out());
        assertThat(record.layers()).extracting(LayerRecord::status).containsOnly(LayerStatus.UNCHANGED);
        assertThat(again.err()).contains("Deployment of " + AGENT + " changed nothing: no layer made a change.");
        System.out.printf(Locale.ROOT, "No-op proof: %d calls, 0 mutating. Wall time: first deployment %.1f s,"
                        + " unchanged redeployment %.1f s, changing redeployment %.1f s.%n", rerunCalls.size(),
                first.wallTime().toMillis() / 1000.0, again.wallTime().toMillis() / 1000.0,
                changing.wallTime().toMillis() / 1000.0);
        env.assertNoSecretFound();
    }

    private static AgentDeployRun.Result run(String label, String tag) {
        return env.scan(label, AgentDeployRun.process(env.environment(), env.deployArguments(AGENT, tag)));
    }
}
