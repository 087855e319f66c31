package io.agentdeploy.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeploy.error.InvalidInputException;
import java.nio.file.Path;
import org.junit.Test;

public class AgentNamesTest {

    @Test
    public void derivesNamesFromConventions() {
        AgentNames names = AgentNames.of("agentic_chat_enhanced");

        assertThat(names.ecrRepository(null)).isEqualTo("agentic-platform-agentic_chat_enhanced");
        assertThat(names.ecrRepository("team/")).isEqualTo("team/agentic_chat_enhanced");
        assertThat(names.kubernetesName()).isEqualTo("agentic-chat-enhanced");
        assertThat(names.runtimeName()).isEqualTo("agentic_chat_enhanced");
        assertThat(names.dockerfile()).isEqualTo(Path.of("src/agentic_platform/agent/agentic_chat_enhanced/Dockerfile"));
        assertThat(names.valuesFile())
                .isEqualTo(Path.of("k8s/helm/values/applications/agentic-chat-enhanced-values.yaml"));
        assertThat(names.tfvarsFile())
                .isEqualTo(Path.of("infrastructure/stacks/agentcore-runtime/agentic_chat_enhanced.tfvars"));
    }

    @Test
    public void rejectsBadAgentNames() {
        String[] bad = {"Agentic", "agentic-chat", "1agent", "agent__chat", "agent_", "", "a".repeat(49), "agent chat"};

        for (String name : bad) {
            assertThatThrownBy(() -> AgentNames.of(name)).as("agent name '%s'", name)
                    .isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    public void badAgentNameMessage() {
        assertThatThrownBy(() -> AgentNames.of("agentic-chat"))
                .hasMessage("Invalid agent 'agentic-chat': an agent name is snake_case: a lowercase letter first, then"
                        + " lowercase letters, digits and single underscores, at most 48 characters (it is also the"
                        + " AgentCore runtime name). Use a name such as 'agentic_chat_enhanced'.");
    }

    @Test
    public void missingAgentNameMessage() {
        assertThatThrownBy(() -> AgentNames.of(null))
                .hasMessage("Invalid agent: a value is required. Set agent.");
    }

    @Test
    public void repositoryPrefixMustKeepEcrRule() {
        AgentNames names = AgentNames.of("chat");

        assertThatThrownBy(() -> names.ecrRepository("Team-"))
                .hasMessage("Invalid repository (prefix + agent) 'Team-chat': an ECR repository name has 2 to 256"
                        + " characters: lowercase letters and digits, separated by single '.', '_', '-' or '/'"
                        + " characters. Lowercase the prefix and remove other characters, or set the repository"
                        + " explicitly.");
    }
}
