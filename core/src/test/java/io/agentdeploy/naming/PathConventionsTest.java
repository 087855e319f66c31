package io.agentdeploy.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeploy.error.InvalidInputException;
import java.nio.file.Path;
import org.junit.Test;

public class PathConventionsTest {

    private static final AgentNames AGENT = AgentNames.of("agentic_chat_enhanced");

    @Test
    public void defaultsMatchTheRepositoryLayout() {
        assertThat(PathConventions.expand("dockerfilePath", PathConventions.DEFAULT_DOCKERFILE, AGENT))
                .as("Dockerfile").isEqualTo(AGENT.dockerfile());
        assertThat(PathConventions.expand("valuesPath", PathConventions.DEFAULT_VALUES, AGENT))
                .as("values").isEqualTo(AGENT.valuesFile());
        assertThat(PathConventions.expand("tfvarsPath", PathConventions.DEFAULT_TFVARS, AGENT))
                .as("tfvars").isEqualTo(AGENT.tfvarsFile());
    }

    @Test
    public void placeholdersRepeat() {
        assertThat(PathConventions.expand("p", "{agent}/{kubernetesName}/{agent}.yaml", AGENT))
                .isEqualTo(Path.of("agentic_chat_enhanced/agentic-chat-enhanced/agentic_chat_enhanced.yaml"));
    }

    @Test
    public void unknownPlaceholderIsRejected() {
        assertThatThrownBy(() -> PathConventions.expand("valuesPath", "k8s/{name}.yaml", AGENT))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid valuesPath 'k8s/{name}.yaml': the placeholder {name} is unknown; the"
                        + " placeholders are {agent} and {kubernetesName}. Remove or rename the placeholder.");
    }

    @Test
    public void pathsOutsideTheRepositoryAreRejected() {
        assertThatThrownBy(() -> PathConventions.expand("tfvarsPath", "../{agent}.tfvars", AGENT))
                .as("parent").hasMessageContaining("must be relative and stay inside the repository");
        assertThatThrownBy(() -> PathConventions.expand("tfvarsPath", "/etc/{agent}", AGENT))
                .as("absolute").hasMessageContaining("must be relative");
        assertThatThrownBy(() -> PathConventions.expand("tfvarsPath", " ", AGENT))
                .as("blank").hasMessageContaining("a path template is required");
    }
}
