package io.agentdeploy.agentcore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.Test;

public class ClientTokensTest {

    /** The service's clientToken pattern. */
    private static final String SERVICE_PATTERN = "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,256}";

    @Test
    public void tokenFitsServiceRules() {
        String token = ClientTokens.derive("job#42", "CreateAgentRuntime", "agentic_chat", "fingerprint");

        assertThat(token).hasSize(64);
        assertThat(token.length()).isBetween(33, 256);
        assertThat(token).matches(SERVICE_PATTERN);
    }

    @Test
    public void tokenIsDeterministic() {
        String first = ClientTokens.derive("job#42", "CreateAgentRuntime", "agentic_chat", "fingerprint");
        String second = ClientTokens.derive("job#42", "CreateAgentRuntime", "agentic_chat", "fingerprint");

        assertThat(second).isEqualTo(first);
    }

    @Test
    public void tokenChangesWithEachInput() {
        Set<String> tokens = Set.of(
                ClientTokens.derive("job#42", "CreateAgentRuntime", "agentic_chat", "fingerprint"),
                ClientTokens.derive("job#43", "CreateAgentRuntime", "agentic_chat", "fingerprint"),
                ClientTokens.derive("job#42", "UpdateAgentRuntime", "agentic_chat", "fingerprint"),
                ClientTokens.derive("job#42", "CreateAgentRuntime", "other_agent", "fingerprint"),
                ClientTokens.derive("job#42", "CreateAgentRuntime", "agentic_chat", "other"));

        assertThat(tokens).hasSize(5);
    }

    @Test
    public void partsDoNotRunTogether() {
        String first = ClientTokens.derive("ab", "Op", "c", "f");
        String second = ClientTokens.derive("a", "Op", "bc", "f");

        assertThat(second).isNotEqualTo(first);
    }
}
