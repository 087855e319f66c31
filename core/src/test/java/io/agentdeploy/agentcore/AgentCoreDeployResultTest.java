package io.agentdeploy.agentcore;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeploy.report.Layer;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class AgentCoreDeployResultTest {

    private static final String ID = "agentic_chat_enhanced-a1b2c3d4e5";
    private static final String ARN = "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/" + ID;

    @Test
    public void summaryOfUpdate() {
        assertThat(result("2", "1", true).summary())
                .isEqualTo("runtime agentic_chat_enhanced-a1b2c3d4e5 version 2 (was 1) READY, endpoint DEFAULT");
    }

    @Test
    public void summaryOfCreate() {
        assertThat(result("1", null, true).summary())
                .isEqualTo("runtime agentic_chat_enhanced-a1b2c3d4e5 version 1 READY (created), endpoint DEFAULT");
    }

    @Test
    public void summaryOfUnchanged() {
        assertThat(result("1", "1", false).summary())
                .isEqualTo("runtime agentic_chat_enhanced-a1b2c3d4e5 version 1 READY (unchanged), endpoint DEFAULT");
    }

    @Test
    public void mapHoldsPlainValues() {
        AgentCoreDeployResult result = result("2", "1", true);

        assertThat(result.layer()).isEqualTo(Layer.AGENTCORE);
        assertThat(result.target()).isEqualTo(ARN);
        assertThat(result.toMap()).containsKeys("runtimeId", "runtimeArn", "runtimeVersion", "previousVersion",
                "status", "endpointName", "endpointArn", "changed")
                .containsEntry("runtimeVersion", "2")
                .containsEntry("previousVersion", "1")
                .containsEntry("changed", true);
        assertThat(result.toMap().values()).allSatisfy(value -> assertThat(value == null || value instanceof String
                || value instanceof Boolean || value instanceof List).isTrue());
    }

    @Test
    public void summaryNamesStagingAndSmokeTest() {
        AgentCoreDeployResult result = new AgentCoreDeployResult("agentic_chat_enhanced", ID, ARN, "3", "2", "READY",
                "live", ARN + "/runtime-endpoint/live", "3", AgentCoreDeployRequestTest.IMAGE, "us-east-1",
                AgentCoreDeployRequestTest.ROLE, List.of(
                        new EndpointChange("staging", ARN + "/runtime-endpoint/staging", "2", "3", true),
                        new EndpointChange("live", ARN + "/runtime-endpoint/live", "2", "3", true)),
                new SmokeTestResult("staging", "3", 200, 12), true, List.of());

        assertThat(result.summary()).isEqualTo("runtime agentic_chat_enhanced-a1b2c3d4e5 version 3 (was 2) READY,"
                + " endpoint live, staging on version 3, smoke test passed (HTTP 200)");
        assertThat(result.toMap().get("endpoints")).asList().hasSize(2).first()
                .isEqualTo(Map.of("name", "staging", "arn", ARN + "/runtime-endpoint/staging", "previousVersion", "2",
                        "version", "3", "changed", true));
        assertThat(result.toMap().get("smokeTest")).isEqualTo(Map.of("endpoint", "staging", "version", "3",
                "statusCode", 200, "durationMillis", 12L, "passed", true));
    }

    private static AgentCoreDeployResult result(String version, String previous, boolean changed) {
        return new AgentCoreDeployResult("agentic_chat_enhanced", ID, ARN, version, previous, "READY", "DEFAULT",
                ARN + "/runtime-endpoint/DEFAULT", version, AgentCoreDeployRequestTest.IMAGE, "us-east-1",
                AgentCoreDeployRequestTest.ROLE, List.of(), null, changed, List.of());
    }
}
