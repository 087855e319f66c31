package io.agentdeploy.agentcore;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeploy.report.Layer;
import java.util.List;
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
        assertThat(result.toMap().values()).allSatisfy(value ->
                assertThat(value == null || value instanceof String || value instanceof Boolean).isTrue());
    }

    private static AgentCoreDeployResult result(String version, String previous, boolean changed) {
        return new AgentCoreDeployResult("agentic_chat_enhanced", ID, ARN, version, previous, "READY", "DEFAULT",
                ARN + "/runtime-endpoint/DEFAULT", version, AgentCoreDeployRequestTest.IMAGE, "us-east-1", changed,
                List.of());
    }
}
