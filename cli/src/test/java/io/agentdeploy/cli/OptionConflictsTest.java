package io.agentdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Contradicting options are usage errors that name both options, found before anything runs. */
public class OptionConflictsTest {

    private static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/agentic-platform-agent@sha256:"
            + "a".repeat(64);

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    /** One command line and the error it must give. */
    private record Case(String label, List<String> args, String error) { }

    private static final List<Case> CASES = List.of(
            new Case("rollback only and render", List.of("eks", "--agent", "agent", "--image", IMAGE, "--rollback-only",
                    "--render-to", "rendered"),
                    "Invalid --rollback-only: it cannot be combined with --render-to: --rollback-only changes the"
                            + " cluster, while --render-to only writes files and changes nothing. Drop one of the two"
                            + " options."),
            new Case("rollback only without rollback", List.of("eks", "--agent", "agent", "--image", IMAGE,
                    "--no-rollback", "--rollback-only"),
                    "Invalid --rollback-only: it cannot be combined with --no-rollback: --rollback-only runs a"
                            + " rollback, which --no-rollback turns off. Drop one of the two options."),
            new Case("no rollback with atomic", List.of("deploy", "--agent", "agent", "--no-rollback", "--atomic"),
                    "Invalid --no-rollback: it cannot be combined with --atomic: --no-rollback keeps every failed"
                            + " state in place for inspection, while --atomic rolls back the layers before a failed"
                            + " one. Drop one of the two options."),
            new Case("in-cluster and kubeconfig", List.of("eks", "--agent", "agent", "--image", IMAGE, "--in-cluster",
                    "--kubeconfig", "config"),
                    "Invalid --in-cluster: it cannot be combined with --kubeconfig: each names another way to reach"
                            + " the cluster. Drop one of the two options."),
            new Case("cluster and kube context", List.of("deploy", "--agent", "agent", "--cluster", "agents",
                    "--kube-context", "kind"),
                    "Invalid --cluster: it cannot be combined with --kube-context: each names another way to reach"
                            + " the cluster. Drop one of the two options."),
            new Case("tfvars and no tfvars", List.of("agentcore", "--agent", "agent", "--image", IMAGE, "--tfvars",
                    "agent.tfvars", "--no-tfvars"),
                    "Invalid --tfvars: it cannot be combined with --no-tfvars: --no-tfvars reads no tfvars file, not"
                            + " even the one --tfvars names. Drop one of the two options."),
            new Case("role name without creating it", List.of("agentcore", "--agent", "agent", "--image", IMAGE,
                    "--execution-role-name", "agent-role"),
                    "Invalid --execution-role-name 'agent-role': the name is used only to create the role, and"
                            + " --create-execution-role is not given. Add --create-execution-role, or drop"
                            + " --execution-role-name and pass --execution-role-arn."),
            new Case("password from two places", List.of("push", "--agent", "agent", "--registry", "127.0.0.1:5000",
                    "--registry-username", "u", "--registry-password-env", "PASSWORD", "--registry-password-stdin"),
                    "Invalid --registry-password-env: it cannot be combined with --registry-password-stdin: the"
                            + " password comes either from a variable or from standard input. Drop one of the two"
                            + " options."),
            new Case("image and push options", List.of("deploy", "--agent", "agent", "--image", IMAGE, "--build-arg",
                    "A=b", "--tag", "v1", "--no-cache"),
                    "Invalid --image: it cannot be combined with --build-arg, --tag and --no-cache: with --image"
                            + " nothing is built or pushed, so the push options do not apply. Drop --image to build"
                            + " and push the image, or drop the push options."),
            new Case("skipped layer's options", List.of("deploy", "--agent", "agent", "--skip-eks", "--namespace",
                    "agents", "--rollout-timeout", "5m"),
                    "Invalid --skip-eks: it cannot be combined with --namespace and --rollout-timeout: the Kubernetes"
                            + " layer is skipped, so its options do not apply. Drop --skip-eks to deploy the layer, or"
                            + " drop its options."),
            new Case("nothing to deploy", List.of("deploy", "--agent", "agent", "--image", IMAGE, "--skip-agentcore",
                    "--skip-eks"),
                    "Invalid --image: with --skip-agentcore and --skip-eks as well, nothing would be deployed: --image"
                            + " skips the build and push, and the two options skip the other layers. Drop"
                            + " --skip-agentcore or --skip-eks. To build and push only, drop --image."));

    @Test
    public void contradictingOptionsAreUsageErrors() {
        for (Case example : CASES) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            List<String> args = new ArrayList<>(example.args());
            args.addAll(List.of("--repo-root", folder.getRoot().toString()));

            int code = AgentDeployCommand.run(new PrintWriter(out), new PrintWriter(err), Map.of(),
                    args.toArray(String[]::new));

            assertThat(code).as(example.label()).isEqualTo(2);
            assertThat(err.toString()).as(example.label()).isEqualTo("error: " + example.error() + "\n");
            assertThat(out.toString()).as(example.label()).isEmpty();
        }
    }

    @Test
    public void valuesFromConfigFileDoNotConflict() throws IOException {
        Path root = folder.getRoot().toPath();
        Files.writeString(root.resolve("agent-deploy.yaml"), "build-arg:\n  A: b\nnamespace: agents\n");
        StringWriter err = new StringWriter();

        int code = AgentDeployCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(err), Map.of(),
                "deploy", "--agent", "agent", "--image", IMAGE, "--skip-eks", "--region", "",
                "--repo-root", root.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).as("the run got past the option checks").startsWith("error: Invalid --region '':");
    }
}
