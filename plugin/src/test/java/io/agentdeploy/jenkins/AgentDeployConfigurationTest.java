package io.agentdeploy.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.JenkinsRule;

public class AgentDeployConfigurationTest {

    @Rule
    public JenkinsRule r = new JenkinsRule();

    @Test
    public void configurationSurvivesFormRoundTrip() throws Exception {
        AgentDeployConfiguration config = AgentDeployConfiguration.get();
        config.setRegion("eu-west-1");
        config.setRepositoryPrefix("team-");
        config.setScanOnPush(false);
        config.setTagMutability("IMMUTABLE");
        config.setLifecycleKeepLast(12);
        config.setFailOnSeverity("HIGH");
        config.setNetworkMode("VPC");
        config.setNamespace("agents");
        config.setRolloutTimeout(20);
        config.setEcrEndpoint("http://127.0.0.1:4566");
        config.setSecretsManagerEndpoint("http://127.0.0.1:4567");
        config.setDockerfilePath("agents/{agent}/Dockerfile");

        r.configRoundtrip();

        AgentDeployConfiguration saved = AgentDeployConfiguration.get();
        assertThat(saved.getRegion()).isEqualTo("eu-west-1");
        assertThat(saved.getRepositoryPrefix()).isEqualTo("team-");
        assertThat(saved.isScanOnPush()).isFalse();
        assertThat(saved.getTagMutability()).isEqualTo("IMMUTABLE");
        assertThat(saved.getLifecycleKeepLast()).isEqualTo(12);
        assertThat(saved.getFailOnSeverity()).isEqualTo("HIGH");
        assertThat(saved.getNetworkMode()).isEqualTo("VPC");
        assertThat(saved.getNamespace()).isEqualTo("agents");
        assertThat(saved.getRolloutTimeout()).isEqualTo(20);
        assertThat(saved.getEcrEndpoint()).isEqualTo("http://127.0.0.1:4566");
        assertThat(saved.getSecretsManagerEndpoint()).isEqualTo("http://127.0.0.1:4567");
        assertThat(saved.getDockerfilePath()).isEqualTo("agents/{agent}/Dockerfile");
    }

    @Test
    public void defaultsApplyWhenNothingIsConfigured() {
        AgentDeployConfiguration config = AgentDeployConfiguration.get();

        assertThat(config.getRepositoryPrefix()).isEqualTo("agentic-platform-");
        assertThat(config.isScanOnPush()).isTrue();
        assertThat(config.getTagMutability()).isEqualTo("MUTABLE");
        assertThat(config.getEncryption()).isEqualTo("AES256");
        assertThat(config.getFailOnSeverity()).isEqualTo("NONE");
        assertThat(config.getRolloutTimeout()).isEqualTo(10);
    }
}
