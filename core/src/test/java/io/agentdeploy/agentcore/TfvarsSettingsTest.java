package io.agentdeploy.agentcore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeploy.error.InvalidInputException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class TfvarsSettingsTest {

    private static final Path EXAMPLE = Path.of("..", "examples", "agentic-platform", "infrastructure", "stacks",
            "agentcore-runtime", "agentic_chat_enhanced.tfvars");

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void readsTheExampleRepositoryFile() {
        TfvarsSettings settings = TfvarsSettings.read(EXAMPLE);

        assertThat(settings.agentName()).isEqualTo("agentic_chat_enhanced");
        assertThat(settings.description()).isEqualTo("AgentCore runtime for agentic-chat-enhanced");
        assertThat(settings.networkMode()).isEqualTo("PUBLIC");
        assertThat(settings.environment()).containsExactly(
                Map.entry("LITELLM_API_ENDPOINT", "https://litellm.example.internal"),
                Map.entry("RETRIEVAL_GATEWAY_ENDPOINT", "https://retrieval.example.internal/api/retrieval-gateway"));
        assertThat(settings.idleSessionTimeout()).isEqualTo(Duration.ofSeconds(900));
        assertThat(settings.maxLifetime()).isEqualTo(Duration.ofSeconds(28800));
        assertThat(settings.tags()).containsExactly(Map.entry("team", "agentic-platform"));
    }

    @Test
    public void readsTheTeamsTemplateWithColonSyntax() throws URISyntaxException {
        Path template = Path.of(getClass().getResource("/tfvars/agent.tfvars.example").toURI());

        TfvarsSettings settings = TfvarsSettings.read(template);

        assertThat(settings.agentName()).isEqualTo("agentic_chat");
        assertThat(settings.environment()).containsExactly(Map.entry("YOUR_ENV_VARS_HERE", "YOUR_ENV_VARS_HERE"));
        assertThat(settings.jwtAuthorizer()).isNull();
    }

    @Test
    public void readsEveryKey() throws IOException {
        Path file = write("""
                agent_name        = "chat"
                agent_description = "Chat"
                network_mode      = "vpc"
                image_tag         = "v42"
                subnets           = ["subnet-0123456789abcdef0"]
                security_groups   = ["sg-0123456789abcdef0"]
                protocol          = "a2a"
                request_header_allowlist = ["Authorization"]
                lifecycle_configuration = {
                  idle_runtime_session_timeout = 600
                  max_lifetime                 = 3600
                }
                environment_variables = {
                  PORT_HINT = 8080
                  DEBUG     = true
                }
                authorizer_configuration = {
                  custom_jwt_authorizer = {
                    discovery_url    = "https://issuer.example/.well-known/openid-configuration"
                    allowed_audience = ["chat"]
                    allowed_clients  = ["client-a"]
                  }
                }
                create_endpoint = true
                """);

        TfvarsSettings settings = TfvarsSettings.read(file);

        assertThat(settings.networkMode()).isEqualTo("VPC");
        assertThat(settings.protocol()).isEqualTo("A2A");
        assertThat(settings.imageTag()).isEqualTo("v42");
        assertThat(settings.subnets()).containsExactly("subnet-0123456789abcdef0");
        assertThat(settings.securityGroups()).containsExactly("sg-0123456789abcdef0");
        assertThat(settings.requestHeaders()).containsExactly("Authorization");
        assertThat(settings.idleSessionTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.maxLifetime()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.environment()).containsExactly(Map.entry("PORT_HINT", "8080"), Map.entry("DEBUG", "true"));
        assertThat(settings.jwtAuthorizer()).isEqualTo(new JwtAuthorizer(
                "https://issuer.example/.well-known/openid-configuration", java.util.List.of("chat"),
                java.util.List.of("client-a")));
        assertThat(settings.ignoredKeys()).containsExactly("create_endpoint");
    }

    @Test
    public void readsFlatAuthorizer() throws IOException {
        Path file = write("""
                authorizer_configuration = {
                  discovery_url    = "https://issuer.example/.well-known/openid-configuration"
                  allowed_clients  = ["client-a"]
                }
                """);

        assertThat(TfvarsSettings.read(file).jwtAuthorizer().allowedClients()).containsExactly("client-a");
    }

    @Test
    public void wrongTypeNamesKey() throws IOException {
        Path file = write("environment_variables = [\"A\"]\n");

        assertThatThrownBy(() -> TfvarsSettings.read(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid tfvars '" + file + "': line 1: 'environment_variables' must be a map but is a"
                        + " list. Fix the value in the file.");
    }

    @Test
    public void fractionalTimeoutIsRejected() throws IOException {
        Path file = write("max_lifetime = 90.5\n");

        assertThatThrownBy(() -> TfvarsSettings.read(file))
                .hasMessage("Invalid tfvars '" + file + "': line 1: 'max_lifetime' must be a whole number of seconds"
                        + " but is a number. Fix the value in the file.");
    }

    @Test
    public void syntaxErrorIsInvalidInput() throws IOException {
        Path file = write("agent_name = \"unterminated\n");

        assertThatThrownBy(() -> TfvarsSettings.read(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid tfvars '" + file + "': line 1, column 14: the string is not closed on its line."
                        + " Add the closing \".");
    }

    @Test
    public void nestedWrongTypeNamesLineOfItsKey() throws IOException {
        Path file = write("""
                agent_name = "chat"

                environment_variables = {
                  GOOD = "yes"
                  BAD  = ["a"]
                }
                """);

        assertThatThrownBy(() -> TfvarsSettings.read(file))
                .hasMessage("Invalid tfvars '" + file + "': line 3: 'environment_variables.BAD' must be a string but is"
                        + " a list. Fix the value in the file.");
    }

    @Test
    public void unknownNetworkModeNamesLine() throws IOException {
        Path file = write("agent_name = \"chat\"\nnetwork_mode = \"PRIVATE\"\n");

        assertThatThrownBy(() -> TfvarsSettings.read(file))
                .hasMessage("Invalid tfvars '" + file + "': line 2: 'network_mode' is 'PRIVATE'; allowed are [PUBLIC,"
                        + " VPC]. Fix the value in the file.");
    }

    @Test
    public void unknownProtocolIsRejected() throws IOException {
        Path file = write("protocol = \"grpc\"\n");

        assertThatThrownBy(() -> TfvarsSettings.read(file))
                .hasMessage("Invalid tfvars '" + file + "': line 1: 'protocol' is 'grpc'; allowed are [HTTP, MCP,"
                        + " A2A]. Fix the value in the file.");
    }

    @Test
    public void missingDiscoveryUrlIsNamed() throws IOException {
        Path file = write("authorizer_configuration = {\n  allowed_clients = [\"a\"]\n}\n");

        assertThatThrownBy(() -> TfvarsSettings.read(file))
                .hasMessage("Invalid tfvars '" + file + "': line 1: 'authorizer_configuration.discovery_url' must be a"
                        + " string but is not set. Fix the value in the file.");
    }

    @Test
    public void nullValueLeavesSettingUnset() throws IOException {
        Path file = write("agent_name = null\nidle_runtime_session_timeout = null\n");

        TfvarsSettings settings = TfvarsSettings.read(file);

        assertThat(settings.agentName()).isNull();
        assertThat(settings.idleSessionTimeout()).isNull();
    }

    @Test
    public void numbersBecomeTextAsTerraformWritesThem() throws IOException {
        Path file = write("environment_variables = {\n  A = 8080\n  B = 1.50\n  D = -2\n}\n");

        assertThat(TfvarsSettings.read(file).environment()).containsExactly(Map.entry("A", "8080"),
                Map.entry("B", "1.5"), Map.entry("D", "-2"));
    }

    @Test
    public void valueHclParserMisreadsIsRejected() throws IOException {
        Path file = write("agent_name = \"chat\"\nenvironment_variables = {\n  C = 1e3\n}\n");

        assertThatThrownBy(() -> TfvarsSettings.read(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid tfvars '" + file + "': line 2: the HCL parser reads 'environment_variables'"
                        + " differently from Terraform's rules (for example a number with an exponent, or an escaped"
                        + " quote). Write the value more plainly, for example 1000 instead of 1e3.");
    }

    @Test
    public void suggestionNamesCloseKnownKey() {
        assertThat(TfvarsSettings.suggestion("agent_descripton")).isEqualTo("agent_description");
        assertThat(TfvarsSettings.suggestion("enviroment_variables")).isEqualTo("environment_variables");
        assertThat(TfvarsSettings.suggestion("create_endpoint")).isNull();
    }

    @Test
    public void notUtf8IsInvalidInput() throws IOException {
        Path file = folder.newFile("binary.tfvars").toPath();
        Files.write(file, new byte[] {(byte) 0xC3, (byte) 0x28});

        assertThatThrownBy(() -> TfvarsSettings.read(file))
                .hasMessage("Invalid tfvars '" + file + "': the file is not UTF-8 text. Pass the agent's .tfvars file,"
                        + " saved as UTF-8.");
    }

    @Test
    public void missingFileIsInvalidInput() {
        Path file = folder.getRoot().toPath().resolve("absent.tfvars");

        assertThatThrownBy(() -> TfvarsSettings.read(file))
                .hasMessage("Invalid tfvars '" + file + "': the file does not exist. Pass the path of the agent's"
                        + " .tfvars file, for example infrastructure/stacks/agentcore-runtime/<agent>.tfvars.");
    }

    @Test
    public void rejectsWhatTheParserWouldDrop() throws IOException {
        SoftAssertions softly = new SoftAssertions();
        String[][] cases = {
            {"unclosed map", "agent_name = \"chat\"\nenvironment_variables = {\n  \"A\" = \"1\"\n",
                "line 2, column 25: the map is not closed. Add the closing }."},
            {"key without a value", "agent_name = \"chat\"\nnetwork_mode =\n", "line 2, column 15: the value of 'network_mode' is missing. Write a value after '=', such as \"text\"."},
            {"line that is no assignment", "agent_name \"chat\"\n", "line 1, column 12: 'agent_name' starts a block, but a variables file contains only lines of the"
                + " form name = value, such as agent_name = \"chat\". Fix or remove the line."},
            {"unclosed string", "agent_name = \"chat\n", "line 1, column 14: the string is not closed on its line. Add the closing \"."},
            {"bracket closing a brace", "tags = {\n  \"team\" = \"a\"\n]\n",
                "line 3, column 1: unexpected ']' where a key of 'tags' belongs. Write keys as names or quoted strings."},
            {"unclosed heredoc", "agent_description = <<EOT\nChat\n", "line 1, column 21: the heredoc has no closing line 'EOT'. Add a line that holds only EOT."},
        };

        for (String[] c : cases) {
            Path file = folder.newFile(c[0].replace(' ', '-') + ".tfvars").toPath();
            Files.writeString(file, c[1]);
            softly.assertThatThrownBy(() -> TfvarsSettings.read(file)).as(c[0])
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("Invalid tfvars '" + file + "': " + c[2]);
        }
        softly.assertAll();
    }

    @Test
    public void acceptsCommentsHeredocsAndNestedValues() throws IOException {
        Path file = write("""
                # comment
                agent_name = "chat" // trailing comment
                /* block
                   comment */
                agent_description = <<EOT
                Chat { with braces
                EOT
                environment_variables = {
                  "URL" = "https://x.example/{path}"
                }
                tags = { "team" = "a" }
                """);

        TfvarsSettings settings = TfvarsSettings.read(file);

        assertThat(settings.agentName()).isEqualTo("chat");
        assertThat(settings.description()).isEqualTo("Chat { with braces\n");
        assertThat(settings.environment()).containsEntry("URL", "https://x.example/{path}");
        assertThat(settings.tags()).containsEntry("team", "a");
    }

    private Path write(String text) throws IOException {
        Path file = folder.newFile("agent.tfvars").toPath();
        Files.writeString(file, text);
        return file;
    }
}
