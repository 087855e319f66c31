package io.agentdeploy.agentcore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.AgentRuntimeArtifact;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.ContainerConfiguration;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.GetAgentRuntimeResponse;

public class RuntimeSettingsTest {

    private static final String IMAGE = AgentCoreDeployRequestTest.IMAGE;
    private static final String ROLE = AgentCoreDeployRequestTest.ROLE;

    @Test
    public void reorderedEnvironmentIsNoChange() {
        Map<String, String> ordered = new LinkedHashMap<>();
        ordered.put("A", "1");
        ordered.put("B", "2");
        Map<String, String> reordered = new LinkedHashMap<>();
        reordered.put("B", "2");
        reordered.put("A", "1");

        RuntimeSettings first = settings(ordered, List.of("subnet-0000000000000001", "subnet-0000000000000002"));
        RuntimeSettings second = settings(reordered, List.of("subnet-0000000000000002", "subnet-0000000000000001"));

        assertThat(second).isEqualTo(first);
        assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(second.differencesFrom(first)).isEmpty();
    }

    @Test
    public void unsetIdleTimeoutFollowsShortLifetime() {
        AgentCoreDeployRequest request = AgentCoreDeployRequestTest.valid()
                .maxLifetime(java.time.Duration.ofMinutes(10)).build();

        RuntimeSettings settings = RuntimeSettings.of(request, ROLE, Map.of());

        assertThat(settings.idleSessionTimeoutSeconds()).isEqualTo(600);
        assertThat(settings.maxLifetimeSeconds()).isEqualTo(600);
    }

    @Test
    public void unsetIdleTimeoutIsServiceDefaultUnderLongLifetime() {
        AgentCoreDeployRequest request = AgentCoreDeployRequestTest.valid()
                .maxLifetime(java.time.Duration.ofHours(1)).build();

        assertThat(RuntimeSettings.of(request, ROLE, Map.of()).idleSessionTimeoutSeconds()).isEqualTo(900);
    }

    @Test
    public void changedValueIsNamedWithoutValue() {
        RuntimeSettings desired = settings(Map.of("API_TOKEN", "new-secret-value", "A", "1"), List.of());
        RuntimeSettings actual = settings(Map.of("API_TOKEN", "old-secret-value", "A", "1", "GONE", "x"), List.of());

        List<String> differences = desired.differencesFrom(actual);

        assertThat(differences).containsExactly("environment (API_TOKEN, GONE)");
        assertThat(desired.fingerprint()).isNotEqualTo(actual.fingerprint());
        assertThat(desired.toString()).doesNotContain("new-secret-value");
    }

    @Test
    public void eachSettingIsCompared() {
        RuntimeSettings base = new RuntimeSettings(IMAGE, ROLE, "PUBLIC", List.of(), List.of(), "HTTP", Map.of(), "d",
                null, 900, 28800, List.of());
        JwtAuthorizer jwt = new JwtAuthorizer(AgentCoreDeployRequestTest.DISCOVERY, List.of("aud"), List.of());

        assertThat(new RuntimeSettings(IMAGE + "1", ROLE, "PUBLIC", List.of(), List.of(), "HTTP", Map.of(), "d",
                null, 900, 28800, List.of()).differencesFrom(base)).containsExactly("image");
        assertThat(new RuntimeSettings(IMAGE, ROLE + "2", "PUBLIC", List.of(), List.of(), "HTTP", Map.of(), "d",
                null, 900, 28800, List.of()).differencesFrom(base)).containsExactly("execution role");
        assertThat(new RuntimeSettings(IMAGE, ROLE, "VPC", List.of("subnet-01234567"), List.of("sg-01234567"), "HTTP",
                Map.of(), "d", null, 900, 28800, List.of()).differencesFrom(base)).containsExactly("network");
        assertThat(new RuntimeSettings(IMAGE, ROLE, "PUBLIC", List.of(), List.of(), "MCP", Map.of(), "d",
                null, 900, 28800, List.of()).differencesFrom(base)).containsExactly("protocol");
        assertThat(new RuntimeSettings(IMAGE, ROLE, "PUBLIC", List.of(), List.of(), "HTTP", Map.of(), null,
                null, 900, 28800, List.of()).differencesFrom(base)).containsExactly("description");
        assertThat(new RuntimeSettings(IMAGE, ROLE, "PUBLIC", List.of(), List.of(), "HTTP", Map.of(), "d",
                jwt, 900, 28800, List.of()).differencesFrom(base)).containsExactly("JWT authorizer");
        assertThat(new RuntimeSettings(IMAGE, ROLE, "PUBLIC", List.of(), List.of(), "HTTP", Map.of(), "d",
                null, 600, 28800, List.of()).differencesFrom(base)).containsExactly("lifecycle");
        assertThat(new RuntimeSettings(IMAGE, ROLE, "PUBLIC", List.of(), List.of(), "HTTP", Map.of(), "d",
                null, 900, 28800, List.of("Authorization")).differencesFrom(base)).containsExactly("request headers");
    }

    @Test
    public void reorderedAudiencesAndHeadersAreNoChange() {
        JwtAuthorizer first = new JwtAuthorizer(AgentCoreDeployRequestTest.DISCOVERY, List.of("b", "a"), List.of("c"));
        JwtAuthorizer second = new JwtAuthorizer(AgentCoreDeployRequestTest.DISCOVERY, List.of("a", "b"), List.of("c"));

        RuntimeSettings one = new RuntimeSettings(IMAGE, ROLE, "PUBLIC", List.of(), List.of(), "HTTP", Map.of(), null,
                first, 900, 28800, List.of("Authorization", "X-Amzn-Bedrock-AgentCore-Runtime-Custom-A"));
        RuntimeSettings two = new RuntimeSettings(IMAGE, ROLE, "PUBLIC", List.of(), List.of(), "HTTP", Map.of(), null,
                second, 900, 28800, List.of("X-Amzn-Bedrock-AgentCore-Runtime-Custom-A", "Authorization"));

        assertThat(two).isEqualTo(one);
    }

    @Test
    public void secretValuesJoinEnvironment() {
        AgentCoreDeployRequest request = AgentCoreDeployRequestTest.valid().putEnvironment("A", "1")
                .putSecretEnvironment("TOKEN", SecretSource.value("secret-value", "environment variable T")).build();

        RuntimeSettings settings = RuntimeSettings.of(request, ROLE, Map.of("TOKEN", "secret-value"));

        assertThat(settings.environment()).containsOnly(Map.entry("A", "1"), Map.entry("TOKEN", "secret-value"));
        assertThat(settings.toString()).doesNotContain("secret-value");
    }

    @Test
    public void serviceDefaultsMatchRequestDefaults() {
        GetAgentRuntimeResponse runtime = GetAgentRuntimeResponse.builder()
                .agentRuntimeArtifact(AgentRuntimeArtifact.fromContainerConfiguration(
                        ContainerConfiguration.builder().containerUri(IMAGE).build()))
                .roleArn(ROLE)
                .networkConfiguration(n -> n.networkMode("PUBLIC"))
                .description("")
                .build();

        RuntimeSettings actual = RuntimeSettings.of(runtime);
        RuntimeSettings desired = RuntimeSettings.of(AgentCoreDeployRequestTest.valid().build(), ROLE, Map.of());

        assertThat(actual.protocol()).as("no protocol returned means HTTP").isEqualTo("HTTP");
        assertThat(actual.environment()).as("no map returned means none").isEmpty();
        assertThat(actual.description()).isNull();
        assertThat(actual).isEqualTo(desired);
    }

    private static RuntimeSettings settings(Map<String, String> environment, List<String> subnets) {
        return new RuntimeSettings(IMAGE, ROLE, subnets.isEmpty() ? "PUBLIC" : "VPC", subnets,
                subnets.isEmpty() ? List.of() : List.of("sg-01234567"), "HTTP", environment, null, null, 900, 28800,
                List.of());
    }
}
