package io.agentdeploy.jenkins.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeploy.jenkins.report.DeploymentAction;
import io.agentdeploy.testkit.LocalStack;
import java.nio.file.Path;
import java.time.Duration;
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
import org.jvnet.hudson.test.JenkinsSessionRule;

/**
 * A controller restart while {@code agentCoreDeploy} waits for READY: the step resumes from its saved
 * state, re-reads the runtime and finishes. The local stack keeps running across the restart.
 */
public class RestartWhileWaitingTest {

    @ClassRule
    public static BuildWatcher buildWatcher = new BuildWatcher();

    @ClassRule
    public static TemporaryFolder folders = new TemporaryFolder();

    @Rule
    public JenkinsSessionRule sessions = new JenkinsSessionRule();

    private static LocalStack stack;
    private static Path example;

    @BeforeClass
    public static void startStack() throws Exception {
        stack = LocalStack.start();
        example = LocalStackPipelines.exampleCopy(folders.newFolder("example").toPath());
    }

    @AfterClass
    public static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    public void agentCoreWaitResumesAfterRestart() throws Throwable {
        sessions.then(r -> {
            LocalStackPipelines.configure(r.jenkins, stack);
            WorkflowJob job = r.createProject(WorkflowJob.class, "restart");
            job.setDefinition(new CpsFlowDefinition("node { ws('" + example + "') {\n"
                    + "  def push = " + LocalStackPipelines.push("r1") + "\n"
                    + "  def runtime = agentCoreDeploy(agent: '" + LocalStackPipelines.AGENT + "', image: push.imageRef)\n"
                    + "  echo \"status=${runtime.status}\"\n"
                    + "}}", true));
            // The new runtime stays CREATING long enough for the restart to happen during the wait.
            stack.agentCoreControl().transitionDelay(Duration.ofSeconds(20));
            WorkflowRun build = job.scheduleBuild2(0).waitForStart();
            // "Created ..." is printed by the begin phase; the execution saves the wait state right after it.
            r.waitForMessage("Created AgentCore runtime", build);
            Thread.sleep(2_000);
        });
        sessions.then(r -> {
            WorkflowRun build = r.jenkins.getItemByFullName("restart", WorkflowJob.class).getBuildByNumber(1);

            r.waitForCompletion(build);

            stack.agentCoreControl().transitionDelay(Duration.ZERO);
            r.assertBuildStatusSuccess(build);
            r.assertLogContains("agentCoreDeploy resumed after a controller restart", build);
            r.assertLogContains("status=READY", build);
            assertThat(build.getAction(DeploymentAction.class).getRows()).extracting(row -> row.getLayer())
                    .containsExactly("ECR", "AgentCore");
        });
    }
}
