package io.agentdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The engine's invalid-input messages name the options of the running command. Every case fails in
 * request validation, before any AWS, Docker or Kubernetes call.
 */
public class InputErrorsTest {

    private static final Path EXAMPLE = Path.of(System.getProperty("agentdeploy.repositoryRoot", ".."))
            .resolve("examples/agentic-platform").toAbsolutePath().normalize();
    private static final String AGENT = "agentic_chat_enhanced";
    private static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/agentic-platform-"
            + AGENT + "@sha256:" + "a".repeat(64);
    private static final String ROLE = "arn:aws:iam::123456789012:role/agentcore-runtime";
    /** AWS settings that resolve without any call; the endpoint is a closed loopback port. */
    private static final Map<String, String> AWS = Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID",
            "AKIAEXAMPLEEXAMPLE01", "AWS_SECRET_ACCESS_KEY", "secret-example", "AWS_ENDPOINT_URL", "http://127.0.0.1:9");

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    /** One command line and the error it must give. */
    private record Case(String label, List<String> args, String error) { }

    private static List<String> push(String... args) {
        List<String> all = new ArrayList<>(List.of("push", "--agent", AGENT, "--repo-root", EXAMPLE.toString()));
        all.addAll(List.of(args));
        return all;
    }

    private static List<String> agentCore(String... args) {
        List<String> all = new ArrayList<>(List.of("agentcore", "--agent", AGENT, "--image", IMAGE,
                "--execution-role-arn", ROLE, "--repo-root", EXAMPLE.toString()));
        all.addAll(List.of(args));
        return all;
    }

    private static List<String> deploy(String... args) {
        List<String> all = new ArrayList<>(List.of("deploy", "--agent", AGENT, "--execution-role-arn", ROLE,
                "--repo-root", EXAMPLE.toString()));
        all.addAll(List.of(args));
        return all;
    }

    private static final String TAG_RULE = "an image tag matches [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}: at most 128"
            + " letters, digits, '_', '.' and '-', not starting with '.' or '-'. Remove other characters such as '/',"
            + " ':' or '+'.";

    private static final List<Case> CASES = List.of(
            new Case("camelCase engine name", push("--semantic-version", "1.x"),
                    "Invalid --semantic-version '1.x': a semantic version is MAJOR.MINOR.PATCH with an optional"
                            + " -prerelease, for example 1.4.2 or 2.0.0-rc.1. Write it in that form."),
            new Case("build number is not the build identity", push("--build-number", "a b"),
                    "Invalid --build-number 'a b': " + TAG_RULE),
            new Case("plural engine name", push("--platform", "windows/amd64"),
                    "Invalid --platform 'windows/amd64': agents run on Linux: AgentCore and EKS pull linux images"
                            + " only. Use linux/<architecture>, for example linux/arm64."),
            new Case("renamed option", push("--replicate-to", "moon"),
                    "Invalid --replicate-to 'moon': a destination is a region such as 'us-west-2', or an account and a"
                            + " region such as '210987654321:us-west-2'. Write each destination in one of these"
                            + " forms."),
            new Case("option in the fix", push("--encryption", "AES256", "--kms-key", "alias/agents"),
                    "Invalid --kms-key 'alias/agents': a KMS key is only used with KMS encryption, and encryption is"
                            + " AES256. Set --encryption to KMS, or leave the key out."),
            new Case("leave option unset", push("--target", "nope"),
                    "Invalid --target 'nope': the Dockerfile " + EXAMPLE.resolve("src/agentic_platform/agent/" + AGENT
                            + "/Dockerfile") + " has no stage of that name; its named stages are build, runtime. Use"
                            + " one of the stage names, or leave --target unset to build the last stage."),
            new Case("set option", List.of("push", "--agent", "", "--repo-root", EXAMPLE.toString()),
                    "Invalid --agent: a value is required. Set --agent."),
            new Case("runtime name", agentCore("--runtime-name", "9bad"),
                    "Invalid --runtime-name '9bad': an AgentCore name matches [a-zA-Z][a-zA-Z0-9_]{0,47}: a letter"
                            + " first, then letters, digits and underscores, at most 48 characters, no hyphens."
                            + " Replace hyphens with underscores."),
            new Case("duration as written", agentCore("--timeout", "30h"),
                    "Invalid --timeout '30h': the timeout must be more than zero and at most 24 hours. Use a value"
                            + " such as 15m."),
            new Case("deploy's layer timeout", deploy("--image", IMAGE, "--agentcore-timeout", "25h"),
                    "Invalid --agentcore-timeout '25h': the timeout must be more than zero and at most 24 hours."
                            + " Use a value such as 15m."),
            new Case("deploy's image tag", deploy("--tag", "a b"),
                    "Invalid --tag 'a b': " + TAG_RULE),
            new Case("deploy's build context", deploy("--context", "absent"),
                    "Invalid --context '" + EXAMPLE.resolve("absent") + "': the directory does not exist. Pass an"
                            + " existing directory, usually the repository root."));

    @Test
    public void engineNamesBecomeOptions() {
        for (Case example : CASES) {
            StringWriter err = new StringWriter();

            int code = AgentDeployCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(err), AWS,
                    example.args().toArray(String[]::new));

            assertThat(code).as(example.label()).isEqualTo(2);
            assertThat(err.toString()).as(example.label()).endsWith("error: " + example.error() + "\n");
        }
    }

    @Test
    public void kubeconfigContextIsKubeContext() throws IOException {
        Path kubeconfig = folder.newFile("kubeconfig").toPath();
        Files.writeString(kubeconfig, "apiVersion: v1\nkind: Config\ncurrent-context: local\n"
                + "clusters:\n- name: local\n  cluster:\n    server: http://127.0.0.1:9\n"
                + "contexts:\n- name: local\n  context:\n    cluster: local\n    user: local\n"
                + "users:\n- name: local\n  user:\n    token: example\n");
        StringWriter err = new StringWriter();

        int code = AgentDeployCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(err), Map.of(), "eks",
                "--agent", AGENT, "--image", IMAGE, "--repo-root", EXAMPLE.toString(), "--kubeconfig",
                kubeconfig.toString(), "--kube-context", "nope");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: Invalid --kube-context 'nope': the kubeconfig has no such context;"
                + " it has ['local']. Pass one of the kubeconfig's contexts.\n");
    }

    @Test
    public void valuesFromConfigFileNameFile() throws IOException {
        Path root = folder.getRoot().toPath();
        Files.writeString(root.resolve("agent-deploy.yaml"), "semantic-version: 1.x\nagentcore:\n  timeout: 30h\n");
        Map<String, String> environment = new HashMap<>(AWS);
        StringWriter pushErr = new StringWriter();
        StringWriter agentCoreErr = new StringWriter();
        String config = root.resolve("agent-deploy.yaml").toString();

        int push = AgentDeployCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(pushErr), environment,
                push("--config", config).toArray(String[]::new));
        int agentCore = AgentDeployCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(agentCoreErr),
                environment, agentCore("--config", config).toArray(String[]::new));

        assertThat(push).isEqualTo(2);
        assertThat(pushErr.toString()).isEqualTo("error: Invalid --semantic-version '1.x' (from " + config + "): a"
                + " semantic version is MAJOR.MINOR.PATCH with an optional -prerelease, for example 1.4.2 or"
                + " 2.0.0-rc.1. Write it in that form.\n");
        assertThat(agentCore).isEqualTo(2);
        assertThat(agentCoreErr.toString()).isEqualTo("error: Invalid --timeout '30h' (from " + config + "): the"
                + " timeout must be more than zero and at most 24 hours. Use a value such as 15m.\n");
    }
}
