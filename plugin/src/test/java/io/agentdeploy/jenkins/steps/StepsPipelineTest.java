package io.agentdeploy.jenkins.steps;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Result;
import io.agentdeploy.jenkins.report.DeploymentAction;
import io.agentdeploy.jenkins.report.LayerRow;
import io.agentdeploy.testkit.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.jvnet.hudson.test.BuildWatcher;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * The steps in sandboxed Pipeline jobs against the local stack (registry, AWS test doubles, Kubernetes
 * API). Needs the Docker daemon and the local Python base image, like the engine's integration tests.
 */
public class StepsPipelineTest {

    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @ClassRule
    public static TemporaryFolder folders = new TemporaryFolder();

    @Rule
    public JenkinsRule r = new JenkinsRule();

    private static LocalStack stack;
    private static Path example;

    @BeforeClass
    public static void startStack() throws Exception {
        stack = LocalStack.start();
        stack.kubernetes().controller().timeScale(0.1);
        example = LocalStackPipelines.exampleCopy(folders.newFolder("example").toPath());
    }

    @AfterClass
    public static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    public void threeStepsChainTheDigestAndReturnValues() throws Exception {
        LocalStackPipelines.configure(r.jenkins, stack);
        WorkflowJob job = r.createProject(WorkflowJob.class, "chain");
        job.setDefinition(new CpsFlowDefinition("node { ws('" + example + "') {\n"
                + "  def push = " + LocalStackPipelines.push("b1") + "\n"
                + "  echo \"digest=${push.imageDigest} tags=${push.tags}\"\n"
                + "  def runtime = agentCoreDeploy(agent: '" + LocalStackPipelines.AGENT + "', image: push.imageRef,"
                + " secretEnvironment: ['API_KEY=api-key'])\n"
                + "  echo \"runtime=${runtime.runtimeId} status=${runtime.status} image=${runtime.containerUri}\"\n"
                + "  def rollout = agentEksDeploy(agent: '" + LocalStackPipelines.AGENT + "', image: push.imageRef,"
                + " kubeconfigCredentialsId: 'kubeconfig')\n"
                + "  echo \"ready=${rollout.readyReplicas}/${rollout.replicas} image=${rollout.image}\"\n"
                + "  assert runtime.containerUri == push.imageRef\n"
                + "  assert rollout.image == push.imageRef\n"
                + "}}", true));

        WorkflowRun build = r.buildAndAssertSuccess(job);

        r.assertLogContains("tags=[b1, latest]", build);
        r.assertLogContains("status=READY", build);
        r.assertLogContains("ready=", build);
        List<LayerRow> rows = build.getAction(DeploymentAction.class).getRows();
        assertThat(rows).extracting(LayerRow::getLayer).containsExactly("ECR", "AgentCore", "EKS");
        assertThat(rows).allMatch(LayerRow::isSucceeded);
        assertThat(rows.get(0).getFacts()).containsKeys("Image digest", "Tags");
        assertThat(rows.get(1).getFacts()).containsKeys("Runtime version", "Endpoint");
        assertThat(rows.get(2).getFacts()).containsKey("Rollout");
        assertSecretsAbsent(build);
    }

    @Test
    public void agentDeployRollsBackAtomicallyAndFails() throws Exception {
        LocalStackPipelines.configure(r.jenkins, stack);
        WorkflowJob job = r.createProject(WorkflowJob.class, "atomic");
        String good = "node { ws('" + example + "') { agentDeploy(agent: '" + LocalStackPipelines.AGENT + "',"
                + " buildArgs: ['BASE_IMAGE=agent-deploy/python-base:local'], buildNetwork: 'none', readGit: false,"
                + " secretEnvironment: ['API_KEY=api-key'], kubeconfigCredentialsId: 'kubeconfig') } }";
        job.setDefinition(new CpsFlowDefinition(good, true));
        r.buildAndAssertSuccess(job);
        stack.kubernetes().controller().simulate("default", "agentic-chat-enhanced",
                io.agentdeploy.testkit.kubernetes.PodBehavior.CRASH_LOOP_BACK_OFF);

        WorkflowRun failed = r.assertBuildStatus(Result.FAILURE, job.scheduleBuild2(0));

        stack.kubernetes().controller().clearSimulations();
        List<LayerRow> rows = failed.getAction(DeploymentAction.class).getRows();
        assertThat(rows).extracting(LayerRow::getStatus).containsExactly("ROLLED_BACK", "ROLLED_BACK", "ROLLED_BACK");
        assertThat(rows.get(1).getNotes()).contains("rolled back because the EKS layer failed.");
        r.assertLogContains("EKS failed: ", failed);
        assertSecretsAbsent(failed);
    }

    @Test
    public void invalidParameterFailsBeforeAnyChange() throws Exception {
        LocalStackPipelines.configure(r.jenkins, stack);
        WorkflowJob job = r.createProject(WorkflowJob.class, "invalid");
        job.setDefinition(new CpsFlowDefinition("node { agentEcrPush(agent: 'Not-Valid') }", true));

        WorkflowRun build = r.assertBuildStatus(Result.FAILURE, job.scheduleBuild2(0));

        r.assertLogContains("Invalid agent 'Not-Valid': an agent name is snake_case", build);
    }

    /** No secret value in the console or in any file of the build directory (build.xml, program state). */
    private void assertSecretsAbsent(WorkflowRun build) throws Exception {
        List<String> secrets = List.of(LocalStackPipelines.SECRET_VALUE,
                stack.environment().get("AWS_SECRET_ACCESS_KEY"), stack.kubernetes().token());
        for (String secret : secrets) {
            r.assertLogNotContains(secret, build);
        }
        try (Stream<Path> files = Files.walk(build.getRootDir().toPath())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
                for (String secret : secrets) {
                    assertThat(content).as(file.toString()).doesNotContain(secret);
                }
            }
        }
    }
}
