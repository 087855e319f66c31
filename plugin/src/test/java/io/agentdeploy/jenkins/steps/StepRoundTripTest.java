package io.agentdeploy.jenkins.steps;

import java.util.List;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.Rule;
import org.junit.Test;
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
        step.setPlatforms(List.of("linux/arm64"));
        step.setFailOnSeverity("HIGH");
        step.setScanUnavailable("FAIL");
        step.setLifecycleKeepLast(5);
        step.setNoCache(true);
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
        step.setAllowedAudiences(List.of("agent-api"));
        step.setJwtDiscoveryUrl("https://idp.example.com/.well-known/openid-configuration");
        step.setTimeout(20);
        step.setRollback(false);

        AgentCoreDeployStep copy = new StepConfigTester(r).configRoundTrip(step);

        r.assertEqualDataBoundBeans(step, copy);
    }

    @Test
    public void eksRoundTrip() throws Exception {
        AgentEksDeployStep step = new AgentEksDeployStep("agentic_chat_enhanced",
                "registry.example.com/agent@sha256:" + "1".repeat(64));
        step.setCluster("agents-prod");
        step.setSet(List.of("replicaCount=2"));
        step.setNamespace("agents");
        step.setRestartThreshold(3);

        AgentEksDeployStep copy = new StepConfigTester(r).configRoundTrip(step);

        r.assertEqualDataBoundBeans(step, copy);
    }

    @Test
    public void agentDeployRoundTrip() throws Exception {
        AgentDeployStep step = new AgentDeployStep("agentic_chat_enhanced");
        step.setSkipAgentCore(true);
        step.setPlatforms(List.of("linux/arm64"));
        step.setKubeContext("prod");
        step.setRuntimeTags(List.of("team=platform"));
        step.setRolloutTimeout(15);
        step.setAtomic(false);

        AgentDeployStep copy = new StepConfigTester(r).configRoundTrip(step);

        r.assertEqualDataBoundBeans(step, copy);
    }
}
