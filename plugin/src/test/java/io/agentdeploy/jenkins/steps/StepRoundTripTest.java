package io.agentdeploy.jenkins.steps;

import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.jvnet.hudson.test.JenkinsRule;

/** Every step's parameters survive the Snippet Generator form unchanged. */
public class StepRoundTripTest {

    @Rule
    public JenkinsRule r = new JenkinsRule();

    @Test
    public void ecrPushRoundTrip() throws Exception {
        AgentEcrPushStep step = new AgentEcrPushStep("agentic_chat_enhanced");
        step.setTags(List.of("42", "latest"));
        step.setBuildArgs(List.of("PYTHON_VERSION=3.11"));
        step.setFailOnSeverity("HIGH");
        step.setLifecycleKeepLast(5);
        step.setRegion("us-east-1");

        AgentEcrPushStep copy = new StepConfigTester(r).configRoundTrip(step);

        r.assertEqualDataBoundBeans(step, copy);
    }

    @Test
    public void agentCoreRoundTrip() throws Exception {
        AgentCoreDeployStep step = new AgentCoreDeployStep("agentic_chat_enhanced",
                "123456789012.dkr.ecr.us-east-1.amazonaws.com/agentic-platform-agentic_chat_enhanced@sha256:"
                        + "0".repeat(64));
        step.setSecretEnvironment(List.of("API_KEY=litellm-key"));
        step.setNetworkMode("PUBLIC");
        step.setTimeout(20);
        step.setRollback(false);

        AgentCoreDeployStep copy = new StepConfigTester(r).configRoundTrip(step);

        r.assertEqualDataBoundBeans(step, copy);
    }

    @Test
    public void eksRoundTrip() throws Exception {
        AgentEksDeployStep step = new AgentEksDeployStep("agentic_chat_enhanced", "registry/agent@sha256:" + "1".repeat(64));
        step.setCluster("agents-prod");
        step.setSet(List.of("replicaCount=2"));
        step.setNamespace("agents");

        AgentEksDeployStep copy = new StepConfigTester(r).configRoundTrip(step);

        r.assertEqualDataBoundBeans(step, copy);
    }

    @Test
    public void agentDeployRoundTrip() throws Exception {
        AgentDeployStep step = new AgentDeployStep("agentic_chat_enhanced");
        step.setLayers(List.of("ECR", "EKS"));
        step.setKubeContext("prod");
        step.setRolloutTimeout(15);

        AgentDeployStep copy = new StepConfigTester(r).configRoundTrip(step);

        r.assertEqualDataBoundBeans(step, copy);
    }
}
