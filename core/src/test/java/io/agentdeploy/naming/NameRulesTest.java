package io.agentdeploy.naming;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeploy.error.InvalidInputException;
import java.util.function.BiFunction;
import org.junit.Test;

public class NameRulesTest {

    private record Case(String rule, BiFunction<String, String, String> check, String value, boolean valid) { }

    private static final Case[] CASES = {
        new Case("ecr", NameRules::requireEcrRepositoryName, "agentic-platform-chat", true),
        new Case("ecr", NameRules::requireEcrRepositoryName, "team/agents/chat.v2", true),
        new Case("ecr", NameRules::requireEcrRepositoryName, "a", false),
        new Case("ecr", NameRules::requireEcrRepositoryName, "Upper", false),
        new Case("ecr", NameRules::requireEcrRepositoryName, "double--dash", false),
        new Case("ecr", NameRules::requireEcrRepositoryName, "trailing/", false),
        new Case("ecr", NameRules::requireEcrRepositoryName, "x".repeat(257), false),
        new Case("agentcore", NameRules::requireAgentCoreName, "agentic_chat", true),
        new Case("agentcore", NameRules::requireAgentCoreName, "A1", true),
        new Case("agentcore", NameRules::requireAgentCoreName, "agentic-chat", false),
        new Case("agentcore", NameRules::requireAgentCoreName, "_chat", false),
        new Case("agentcore", NameRules::requireAgentCoreName, "a".repeat(49), false),
        new Case("k8s", NameRules::requireKubernetesName, "agentic-chat", true),
        new Case("k8s", NameRules::requireKubernetesName, "agentic_chat", false),
        new Case("k8s", NameRules::requireKubernetesName, "-chat", false),
        new Case("k8s", NameRules::requireKubernetesName, "chat-", false),
        new Case("k8s", NameRules::requireKubernetesName, "a".repeat(64), false),
        new Case("tag", NameRules::requireImageTag, "20261204-201530", true),
        new Case("tag", NameRules::requireImageTag, "v1.2.3_rc1", true),
        new Case("tag", NameRules::requireImageTag, ".hidden", false),
        new Case("tag", NameRules::requireImageTag, "feature/x", false),
        new Case("tag", NameRules::requireImageTag, "1.0+build", false),
        new Case("tag", NameRules::requireImageTag, "t".repeat(129), false),
    };

    @Test
    public void rulesAcceptAndReject() {
        for (Case c : CASES) {
            if (c.valid()) {
                assertThatCode(() -> c.check().apply("p", c.value())).as("%s accepts '%s'", c.rule(), c.value())
                        .doesNotThrowAnyException();
            } else {
                assertThatThrownBy(() -> c.check().apply("p", c.value())).as("%s rejects '%s'", c.rule(), c.value())
                        .isInstanceOf(InvalidInputException.class);
            }
        }
    }

    @Test
    public void tagMessageNamesRule() {
        assertThatThrownBy(() -> NameRules.requireImageTag("tag", "feature/x"))
                .hasMessage("Invalid tag 'feature/x': an image tag matches [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}: at most"
                        + " 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'. Remove other characters"
                        + " such as '/', ':' or '+'.");
    }

    @Test
    public void agentCoreMessageNamesRule() {
        assertThatThrownBy(() -> NameRules.requireAgentCoreName("runtimeName", "my-agent"))
                .hasMessage("Invalid runtimeName 'my-agent': an AgentCore name matches [a-zA-Z][a-zA-Z0-9_]{0,47}: a"
                        + " letter first, then letters, digits and underscores, at most 48 characters, no hyphens."
                        + " Replace hyphens with underscores.");
    }

    @Test
    public void tooLongNamesAreToBeShortened() {
        assertThatThrownBy(() -> NameRules.requireAgentCoreName("runtimeName", "a".repeat(49)))
                .hasMessageEndingWith("no hyphens. Shorten the name to at most 48 characters.");
        assertThatThrownBy(() -> NameRules.requireImageTag("tag", "t".repeat(129)))
                .hasMessageEndingWith("not starting with '.' or '-'. Shorten the tag to at most 128 characters.");
    }

    @Test
    public void kubernetesMessageNamesRule() {
        assertThatThrownBy(() -> NameRules.requireKubernetesName("namespace", "Agents"))
                .hasMessage("Invalid namespace 'Agents': a Kubernetes name is a DNS-1123 label: at most 63 lowercase"
                        + " letters, digits and '-', starting and ending with a letter or digit. Lowercase the name and"
                        + " replace other characters with '-'.");
    }
}
