package io.agentdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeploy.report.DeploymentRecord;
import io.agentdeploy.report.JsonRecords;
import io.agentdeploy.report.Layer;
import io.agentdeploy.report.LayerRecord;
import io.agentdeploy.report.LayerStatus;
import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.Faults;
import io.agentdeploy.testkit.agentcore.AgentCoreControlDouble;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class AgentCoreCommandIT {

    private static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/"
            + "agentic-platform-agentic_chat_enhanced:42";
    private static final String ROLE = "arn:aws:iam::123456789012:role/agentcore-runtime";
    private static final String SECRET_KEY = "test-secret-access-key-0123";
    private static final String ENV_VALUE = "http://memory.internal:8080/v1";

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final CallLog callLog = new CallLog();
    private final Set<String> missingImages = ConcurrentHashMap.newKeySet();
    private AgentCoreControlDouble control;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Before
    public void start() {
        control = new AgentCoreControlDouble(callLog, new Faults(), reference -> !missingImages.contains(reference));
        control.start();
    }

    @After
    public void stop() {
        control.close();
    }

    @Test
    public void deployPrintsSummary() {
        int code = run("--env", "MEMORY_URL=" + ENV_VALUE + ",LOG_LEVEL=info", "--description", "Chat agent");

        String id = control.runtimeId("agentic_chat_enhanced").orElseThrow();
        assertThat(code).as(err.toString()).isEqualTo(0);
        assertThat(out.toString()).contains("Deployment of agentic_chat_enhanced: succeeded")
                .contains("runtime " + id + " version 1 READY (created), endpoint DEFAULT");
        assertThat(err.toString()).contains("Created AgentCore runtime 'agentic_chat_enhanced' (" + id + "), version 1.")
                .doesNotContain(ENV_VALUE).doesNotContain(SECRET_KEY);
        assertThat(callLog.mutatingCalls()).extracting(CallLog.Call::operation).containsExactly("CreateAgentRuntime");
    }

    @Test
    public void rerunReportsUnchangedAsJson() {
        run("--env", "MEMORY_URL=" + ENV_VALUE);
        out.getBuffer().setLength(0);
        callLog.clear();

        int code = run("--env", "MEMORY_URL=" + ENV_VALUE, "--output", "json");

        assertThat(code).as(err.toString()).isEqualTo(0);
        DeploymentRecord record = JsonRecords.fromJson(out.toString());
        LayerRecord layer = record.layer(Layer.AGENTCORE).orElseThrow();
        assertThat(layer.status()).isEqualTo(LayerStatus.UNCHANGED);
        assertThat(layer.details()).containsEntry("changed", false).containsEntry("runtimeVersion", "1")
                .containsEntry("endpointName", "DEFAULT");
        assertThat(callLog.mutatingCalls()).isEmpty();
    }

    @Test
    public void newImageUpdatesRuntime() {
        run();

        int code = run("--image", IMAGE.replace(":42", ":43"), "--timeout", "2m");

        assertThat(code).as(err.toString()).isEqualTo(0);
        assertThat(out.toString()).contains("version 2 (was 1) READY, endpoint DEFAULT");
    }

    @Test
    public void failedRuntimeExitsOne() {
        missingImages.add(IMAGE);

        int code = run();

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("error: AgentCore failed: AgentCore runtime 'agentic_chat_enhanced' (")
                .contains(") version 1 ended in CREATE_FAILED in us-east-1: Failed to pull the container image");
        assertThat(out.toString()).contains("Deployment of agentic_chat_enhanced: failed");
    }

    @Test
    public void publicImageExitsTwoBeforeAnyCall() {
        int code = run("--image", "docker.io/library/python:3.12");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: Invalid --image 'docker.io/library/python:3.12': AgentCore Runtime"
                + " runs only images from a private Amazon ECR repository, referenced as"
                + " '<account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag][@sha256:digest]'. Push the image to a"
                + " private ECR repository in the runtime's region first." + System.lineSeparator());
        assertThat(callLog.calls()).isEmpty();
    }

    @Test
    public void missingAgentExitsTwo() {
        int code = AgentDeployCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), environment(),
                "agentcore", "--image", IMAGE, "--execution-role-arn", ROLE, "--repo-root", root());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("error: Invalid --agent: an agent or a runtime name is required."
                + " Pass --agent <name>, or --runtime-name <name>.");
    }

    @Test
    public void malformedTimeoutExitsTwo() {
        int code = run("--timeout", "15 minutes");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("'15 minutes' is not a duration; write it as 90s, 15m, 1h30m or PT15M.");
    }

    @Test
    public void helpListsEveryOption() {
        int code = AgentDeployCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), Map.of(),
                "agentcore", "--help");

        assertThat(code).isEqualTo(0);
        assertThat(out.toString()).contains("--agent=<name>", "--runtime-name=<name>", "--image=<uri>",
                "--execution-role-arn=<arn>", "--description=<text>", "--env=<name=value>", "--network-mode=<mode>",
                "--subnet=<id>", "--security-group=<id>", "--protocol=<protocol>", "--endpoint=<name>",
                "--timeout=<duration>", "--build-identity=<text>", "--tfvars=<file>", "--no-tfvars",
                "--secret-env=<name=source>", "--jwt-discovery-url=<url>", "--allowed-audience=<aud>",
                "--allowed-client=<client-id>", "--idle-timeout=<duration>", "--max-lifetime=<duration>",
                "--request-header=<name>", "--runtime-tag=<key=value>", "--staging-endpoint=<name>",
                "--smoke-test-payload=<json>", "--smoke-test-expect=<text>",
                "--smoke-test-expect-field=<path[=value]>", "--no-rollback", "--create-execution-role",
                "--execution-role-name=<name>");
    }

    /** Runs the subcommand for agentic_chat_enhanced with the test image unless {@code extra} sets another. */
    private int run(String... extra) {
        List<String> args = new ArrayList<>(List.of("agentcore", "--agent", "agentic_chat_enhanced",
                "--execution-role-arn", ROLE, "--repo-root", root()));
        if (!List.of(extra).contains("--image")) {
            args.addAll(List.of("--image", IMAGE));
        }
        args.addAll(List.of(extra));
        return AgentDeployCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), environment(),
                args.toArray(String[]::new));
    }

    private Map<String, String> environment() {
        return Map.of("AWS_ENDPOINT_URL_BEDROCK_AGENTCORE_CONTROL", control.endpoint().toString(),
                "AWS_ACCESS_KEY_ID", "AKIDTESTCLI", "AWS_SECRET_ACCESS_KEY", SECRET_KEY,
                "AWS_REGION", "us-east-1");
    }

    private String root() {
        return folder.getRoot().getAbsolutePath();
    }
}
