package io.agentdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeploy.report.DeploymentRecord;
import io.agentdeploy.report.JsonRecords;
import io.agentdeploy.report.Layer;
import io.agentdeploy.report.LayerRecord;
import io.agentdeploy.report.LayerStatus;
import io.agentdeploy.testkit.AccessKeys;
import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.Faults;
import io.agentdeploy.testkit.agentcore.AgentCoreControlDouble;
import io.agentdeploy.testkit.agentcore.AgentCoreDataDouble;
import io.agentdeploy.testkit.aws.AwsResponse;
import io.agentdeploy.testkit.secretsmanager.SecretsManagerDouble;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockagentcorecontrol.BedrockAgentCoreControlClient;

/**
 * The {@code agentcore} command with secrets, a tfvars file, blue/green and a failing smoke test
 * against the AgentCore, data plane and Secrets Manager doubles. Planted secret values must never
 * reach standard output, standard error, the JSON record or a failure message.
 */
public class AgentCoreSecretsIT {

    private static final String AGENT = "agentic_chat_enhanced";
    private static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/agentic-platform-" + AGENT;
    private static final String ROLE = "arn:aws:iam::123456789012:role/agentcore-runtime";
    private static final String ENV_SECRET = "env-secret-value-7Hq2";
    private static final String MANAGED_SECRET = "managed-secret-value-9Kd4";
    private static final String FILE_SECRET = "file-plain-token-3Xv8";

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final CallLog callLog = new CallLog();
    private final AccessKeys keys = new AccessKeys();
    private AgentCoreControlDouble control;
    private AgentCoreDataDouble data;
    private SecretsManagerDouble secrets;
    private String secretArn;
    private volatile String failingVersion = "";
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Before
    public void start() throws IOException {
        control = new AgentCoreControlDouble(callLog, new Faults(), reference -> true);
        control.start();
        data = new AgentCoreDataDouble(control, callLog, new Faults());
        data.start();
        // The agent echoes its environment, as a careless agent might; the redactor must catch it.
        data.invocationHandler((target, session, request) -> AwsResponse.of(200, "application/json",
                "{\"status\":\"" + (target.version().equals(failingVersion) ? "error" : "ok") + "\",\"env\":\""
                        + target.environment() + "\"}"));
        secrets = new SecretsManagerDouble("us-east-1", "123456789012", callLog, new Faults());
        secrets.start();
        secretArn = secrets.putSecret("agents/chat/openai", MANAGED_SECRET);
        Path tfvars = folder.getRoot().toPath().resolve("infrastructure/stacks/agentcore-runtime/" + AGENT + ".tfvars");
        Files.createDirectories(tfvars.getParent());
        Files.writeString(tfvars, """
                agent_name        = "agentic_chat_enhanced"
                agent_description = "From the tfvars file"
                network_mode      = "PUBLIC"
                image_tag         = "42"
                environment_variables = {
                  "LITELLM_API_ENDPOINT" = "https://litellm.example.internal"
                  "SEARCH_API_TOKEN"     = "%s"
                }
                """.formatted(FILE_SECRET));
    }

    @After
    public void stop() {
        secrets.close();
        data.close();
        control.close();
    }

    @Test
    public void secretsNeverReachAnyOutput() {
        int deployed = run("--output", "json");
        String firstOut = out.toString();
        failingVersion = "2";

        int failed = run("--output", "json", "--image", IMAGE + ":43");

        assertThat(deployed).as(err.toString()).isZero();
        assertThat(failed).isEqualTo(1);
        DeploymentRecord record = JsonRecords.fromJson(out.toString().substring(firstOut.length()));
        LayerRecord layer = record.layer(Layer.AGENTCORE).orElseThrow();
        assertThat(layer.status()).isEqualTo(LayerStatus.ROLLED_BACK);
        assertThat(layer.error()).contains("Smoke test of AgentCore runtime 'agentic_chat_enhanced'")
                .contains("the field 'status' is 'error', not 'ok'").contains("Rolled back; see the notes.");
        assertThat(layer.notes()).contains("Rolled back endpoint staging from version 2 to version 1.",
                "Endpoint live still serves version 1; nothing to restore.");
        for (String secret : List.of(ENV_SECRET, MANAGED_SECRET, FILE_SECRET)) {
            assertThat(out.toString()).as("standard output and JSON record").doesNotContain(secret);
            assertThat(err.toString()).as("standard error").doesNotContain(secret);
        }
        assertThat(err.toString()).contains("Environment variable 'SEARCH_API_TOKEN' looks like a secret but is"
                + " set as plain text in " + AGENT + ".tfvars. Pass it as a secret instead: --secret-env"
                + " SEARCH_API_TOKEN=ENV:<variable> or --secret-env SEARCH_API_TOKEN=<Secrets Manager ARN> on the"
                + " command line, secretEnvironment with a secret-text credential in Jenkins.");
        try (BedrockAgentCoreControlClient client = controlClient()) {
            String id = control.runtimeId(AGENT).orElseThrow();
            var runtime = client.getAgentRuntime(r -> r.agentRuntimeId(id).agentRuntimeVersion("1"));
            assertThat(runtime.environmentVariables()).containsEntry("OPENAI_API_KEY", MANAGED_SECRET)
                    .containsEntry("SERVICE_TOKEN", ENV_SECRET).containsEntry("SEARCH_API_TOKEN", FILE_SECRET)
                    .containsEntry("LITELLM_API_ENDPOINT", "https://litellm.example.internal");
            assertThat(runtime.description()).isEqualTo("From the tfvars file");
            assertThat(runtime.agentRuntimeArtifact().containerConfiguration().containerUri()).isEqualTo(IMAGE + ":42");
        }
    }

    @Test
    public void literalSecretIsRejectedWithoutEcho() {
        int code = AgentDeployCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), environment(),
                "agentcore", "--agent", AGENT, "--image", IMAGE + ":42", "--execution-role-arn", ROLE,
                "--repo-root", folder.getRoot().toString(), "--secret-env", "SERVICE_TOKEN=" + ENV_SECRET);

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: Invalid --secret-env SERVICE_TOKEN: the source is neither"
                + " ENV:<variable> nor a Secrets Manager ARN; secret values are not accepted on the command line."
                + " Export the value and pass SERVICE_TOKEN=ENV:<variable>, or store it in Secrets Manager and pass"
                + " SERVICE_TOKEN=arn:aws:secretsmanager:<region>:<account>:secret:<name>." + System.lineSeparator());
        assertThat(callLog.calls()).isEmpty();
    }

    @Test
    public void unsetVariableIsInvalidInput() {
        int code = AgentDeployCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), environment(),
                "agentcore", "--agent", AGENT, "--image", IMAGE + ":42", "--execution-role-arn", ROLE,
                "--repo-root", folder.getRoot().toString(), "--secret-env", "SERVICE_TOKEN=ENV:ABSENT_TOKEN");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("error: Invalid --secret-env SERVICE_TOKEN 'ENV:ABSENT_TOKEN': the"
                + " environment variable 'ABSENT_TOKEN' is not set.");
    }

    @Test
    public void explicitOptionsOverrideFile() {
        int code = run("--description", "From the command line", "--no-rollback");

        assertThat(code).as(err.toString()).isZero();
        try (BedrockAgentCoreControlClient client = controlClient()) {
            String id = control.runtimeId(AGENT).orElseThrow();
            assertThat(client.getAgentRuntime(r -> r.agentRuntimeId(id)).description())
                    .isEqualTo("From the command line");
        }
    }

    /** Blue/green with secrets from both sources and a smoke test; {@code extra} may add or override options. */
    private int run(String... extra) {
        List<String> args = new ArrayList<>(List.of("agentcore", "--agent", AGENT, "--execution-role-arn", ROLE,
                "--repo-root", folder.getRoot().toString(),
                "--secret-env", "SERVICE_TOKEN=ENV:CI_SERVICE_TOKEN",
                "--secret-env", "OPENAI_API_KEY=" + secretArn,
                "--staging-endpoint", "staging", "--endpoint", "live",
                "--smoke-test-payload", "{\"prompt\":\"ping\"}", "--smoke-test-expect-field", "status=ok"));
        if (!List.of(extra).contains("--image")) {
            args.addAll(List.of("--image", IMAGE));
        }
        args.addAll(List.of(extra));
        return AgentDeployCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), environment(),
                args.toArray(String[]::new));
    }

    private Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("AWS_ENDPOINT_URL_BEDROCK_AGENTCORE_CONTROL", control.endpoint().toString());
        environment.put("AWS_ENDPOINT_URL_BEDROCK_AGENTCORE", data.endpoint().toString());
        environment.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", secrets.endpoint().toString());
        environment.put("AWS_ACCESS_KEY_ID", keys.longTerm().accessKeyId());
        environment.put("AWS_SECRET_ACCESS_KEY", keys.longTerm().secretAccessKey());
        environment.put("AWS_REGION", "us-east-1");
        environment.put("CI_SERVICE_TOKEN", ENV_SECRET);
        return environment;
    }

    private BedrockAgentCoreControlClient controlClient() {
        return BedrockAgentCoreControlClient.builder().endpointOverride(control.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "x")))
                .build();
    }
}
