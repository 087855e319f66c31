package io.agentdeploy.eks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.Test;

public class ImageSubstitutionTest {

    @Test
    public void repositoryPathIgnoresRegistryTagAndDigest() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("agent:1", "agent");
        cases.put("team/agent", "team/agent");
        cases.put("registry.local:5000/team/agent:1@sha256:" + "a".repeat(64), "team/agent");
        cases.put("localhost/agent:dev", "agent");
        cases.put("123456789012.dkr.ecr.us-east-1.amazonaws.com/agentic-platform-x@sha256:" + "b".repeat(64),
                "agentic-platform-x");
        cases.put(".dkr.ecr..amazonaws.com/agentic-platform-x:latest", "agentic-platform-x");
        for (Map.Entry<String, String> entry : cases.entrySet()) {
            assertThat(ImageSubstitution.repositoryPath(entry.getKey())).as(entry.getKey()).isEqualTo(entry.getValue());
        }
    }

    @Test
    public void registryIsRecognised() {
        assertThat(ImageSubstitution.hasRegistry("agentic-platform-x:1")).as("bare").isFalse();
        assertThat(ImageSubstitution.hasRegistry("team/agent:1")).as("path").isFalse();
        assertThat(ImageSubstitution.hasRegistry("registry.local/team/agent:1")).as("host").isTrue();
        assertThat(ImageSubstitution.hasRegistry("localhost:5000/agent@sha256:" + "c".repeat(64))).as("port").isTrue();
    }
}
