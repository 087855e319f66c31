package io.agentdeploy.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeploy.naming.AgentNames;
import io.agentdeploy.testkit.aws.AwsResponse;
import io.agentdeploy.testkit.kubernetes.PodBehavior;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.After;
import org.junit.Test;

/**
 * The secrets scan over failure scenarios, on top of the scans every other end-to-end class makes:
 * an agent that echoes its environment into the smoke test's reply, a crashing pod that logs its
 * secrets, a failed build, and manifests rendered to a folder. Each runs with every planted secret;
 * afterwards standard output and error, the JSON records, the rendered files and every file left in
 * the repositories and the processes' temporary folder are searched. Expected count: zero.
 */
public class SecretsScanIT extends OnReliabilityStack {

    @After
    public void restore() {
        env.stack.agentCoreData().invocationHandler((target, session, request) -> AwsResponse.of(200,
                "application/json", "{\"status\":\"ok\"}"));
        env.stack.kubernetes().controller().clearSimulations();
        env.stack.kubernetes().controller().crashLog(List.of("Traceback (most recent call last):"));
    }

    @Test
    public void smokeReplyEchoingSecrets() {
        String agent = "rel_secret_echo";
        deployFirst(agent);
        // A careless agent: it responds with its whole environment, secret values included.
        env.stack.agentCoreData().invocationHandler((target, session, request) -> AwsResponse.of(200,
                "application/json", "{\"status\":\"broken\",\"environment\":\"" + target.environment() + "\"}"));
        env.repository(agent, 2);

        AgentDeployRun.Result run = env.scan("echoing agent", AgentDeployRun.process(env.environment(),
                env.deployArguments(agent, "v2", "--smoke-test-payload", "{\"prompt\":\"hi\"}",
                        "--smoke-test-expect-field", "status=ok", "--verbose")));

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
        assertThat(run.err()).contains("the field 'status' is 'broken', not 'ok'").contains("****");
        env.assertNoSecretFound();
    }

    @Test
    public void crashingPodThatLogsItsSecrets() {
        String agent = "rel_secret_crash";
        deployFirst(agent);
        env.stack.kubernetes().controller().crashLog(List.of("Starting with API_KEY=" + planted("PLANTED_API_KEY"),
                "AWS secret " + planted("AWS_SECRET_ACCESS_KEY"), "ValueError: cannot reach the model"));
        env.stack.kubernetes().controller().simulate("default", AgentNames.of(agent).kubernetesName(),
                PodBehavior.CRASH_LOOP_BACK_OFF);
        env.repository(agent, 2);

        AgentDeployRun.Result run = env.scan("crashing pod", AgentDeployRun.process(env.environment(),
                env.deployArguments(agent, "v2")));

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
        assertThat(run.err()).contains("CrashLoopBackOff").contains("ValueError: cannot reach the model");
        env.assertNoSecretFound();
    }

    @Test
    public void failingBuildWithSecretBuildArgument() {
        String agent = "rel_secret_build";
        Path repository = env.repository(agent, 1);
        List<String> args = new ArrayList<>(env.deployArguments(agent, "v1", "--build-arg",
                "NPM_TOKEN=" + planted("PLANTED_API_KEY"), "--target", "runtime"));
        writeDockerfile(repository, agent, "RUN [\"/bin/busybox\", \"sh\", \"-c\", \"echo token $NPM_TOKEN; exit 3\"]");

        AgentDeployRun.Result run = env.scan("failing build", AgentDeployRun.inProcess(env.environment(), args));

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
        assertThat(run.err()).contains("error: ECR failed: The image build of");
        assertThat(run.out()).as("the record's error with the last build lines").contains("token ****");
        env.assertNoSecretFound();
    }

    @Test
    public void renderedManifests() {
        String agent = "rel_secret_render";
        env.repository(agent, 1);
        Path rendered = env.repository(agent, 1).resolve("rendered");

        AgentDeployRun.Result run = env.scan("render", AgentDeployRun.inProcess(env.environment(), List.of("eks",
                "--agent", agent, "--repo-root", env.repository(agent, 1).toString(), "--image",
                "123456789012.dkr.ecr.us-east-1.amazonaws.com/agentic-platform-" + agent + ":v1",
                "--render-to", rendered.toString(), "--set", "env[0].name=MODE", "--set", "env[0].value=render",
                "--output", "json")));

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(rendered).isDirectoryContaining(file -> file.getFileName().toString().endsWith(".yaml"));
        env.assertNoSecretFound();
    }

    private static void deployFirst(String agent) {
        env.repository(agent, 1);
        AgentDeployRun.Result first = env.scan(agent + " version 1",
                AgentDeployRun.inProcess(env.environment(), env.deployArguments(agent, "v1")));
        assertThat(first.exitCode()).as(first.describe()).isZero();
    }

    private static String planted(String variable) {
        return env.environment().get(variable);
    }

    private static void writeDockerfile(Path repository, String agent, String run) {
        try {
            Path dockerfile = repository.resolve(AgentNames.of(agent).dockerfile());
            Files.writeString(dockerfile, "FROM scratch AS runtime\nLABEL io.agentdeploy.test=" + agent
                    + "\nARG NPM_TOKEN\nCOPY busybox /bin/busybox\n" + run + "\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
