package io.agentdeploy.agentcore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeploy.agentcore.AgentCoreDeployRequest.NetworkMode;
import io.agentdeploy.agentcore.AgentCoreDeployRequest.Protocol;
import io.agentdeploy.error.InvalidInputException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.assertj.core.api.SoftAssertions;
import org.junit.Test;

public class AgentCoreDeployRequestTest {

    static final String REGISTRY = "123456789012.dkr.ecr.us-east-1.amazonaws.com/";
    static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/agentic-platform-chat:42";
    static final String ROLE = "arn:aws:iam::123456789012:role/agentcore-runtime";
    static final String DISCOVERY = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc/.well-known/openid-configuration";

    /** One rejected input: a label, how to break a valid builder, and the whole expected message. */
    private record Case(String label, Consumer<AgentCoreDeployRequest.Builder> change, String message) { }

    private static final List<Case> REJECTED = List.of(
            new Case("missing runtime name", b -> b.runtimeName(null),
                    "Invalid runtimeName: a value is required. Set runtimeName."),
            new Case("hyphen in runtime name", b -> b.runtimeName("chat-agent"),
                    "Invalid runtimeName 'chat-agent': an AgentCore name matches [a-zA-Z][a-zA-Z0-9_]{0,47}: a letter"
                            + " first, then letters, digits and underscores, at most 48 characters, no hyphens."
                            + " Replace hyphens with underscores."),
            new Case("runtime name of 49 characters", b -> b.runtimeName("a".repeat(49)),
                    "Invalid runtimeName '" + "a".repeat(49) + "': an AgentCore name matches"
                            + " [a-zA-Z][a-zA-Z0-9_]{0,47}: a letter first, then letters, digits and underscores, at"
                            + " most 48 characters, no hyphens. Shorten the name to at most 48 characters."),
            new Case("missing image", b -> b.image(null),
                    "Invalid image: a container image is required. Pass the image pushed by 'agent-deploy push',"
                            + " for example"
                            + " '123456789012.dkr.ecr.us-east-1.amazonaws.com/agentic-platform-agent@sha256:...'."),
            new Case("public registry image", b -> b.image("docker.io/library/python:3.12"),
                    "Invalid image 'docker.io/library/python:3.12': AgentCore Runtime runs only images from a private"
                            + " Amazon ECR repository, referenced as"
                            + " '<account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag][@sha256:digest]'."
                            + " Push the image to a private ECR repository in the runtime's region first."),
            new Case("image of 1025 characters", b -> b.image(REGISTRY + "r".repeat(1025 - REGISTRY.length() - 3) + ":42"),
                    "Invalid image: the image reference has 1025 characters; AgentCore accepts at most 1024."
                            + " Use a shorter tag or the digest."),
            new Case("malformed digest", b -> b.image(IMAGE + "@sha256:abc"),
                    "Invalid image '" + IMAGE + "@sha256:abc': the digest after '@' must be 'sha256:' followed by 64"
                            + " lowercase hex digits. Copy the digest that the push reported."),
            new Case("missing role", b -> b.executionRoleArn(" "),
                    "Invalid executionRoleArn: an execution role is required; AgentCore runs the agent with it. Pass"
                            + " the ARN of a role that bedrock-agentcore.amazonaws.com may assume and that can pull"
                            + " from ECR, or let the deployment create one with --create-execution-role"
                            + " (createExecutionRole in Jenkins)."),
            new Case("empty description", b -> b.description(""),
                    "Invalid description '': the description is empty; AgentCore accepts 1 to 4096 characters. Pass a"
                            + " description, or leave the parameter out to use agent_description of the tfvars file"
                            + " (or no description)."),
            new Case("blank description", b -> b.description("  "),
                    "Invalid description '  ': the description is empty; AgentCore accepts 1 to 4096 characters."
                            + " Pass a description, or leave the parameter out to use agent_description of the tfvars"
                            + " file (or no description)."),
            new Case("idle timeout longer than max lifetime", b -> b.idleSessionTimeout(Duration.ofHours(2))
                    .maxLifetime(Duration.ofHours(1)),
                    "Invalid idleSessionTimeout '7200s': AgentCore requires the idle session timeout to be at most the"
                            + " maximum session lifetime, which is 3600s. Lower the idle timeout or raise the maximum"
                            + " lifetime: --idle-timeout and --max-lifetime on the command line, idleSessionTimeout and"
                            + " maxLifetime in Jenkins, idle_runtime_session_timeout and max_lifetime in the tfvars"
                            + " file."),
            new Case("user ARN as role", b -> b.executionRoleArn("arn:aws:iam::123456789012:user/jenkins"),
                    "Invalid executionRoleArn 'arn:aws:iam::123456789012:user/jenkins': an IAM role ARN looks like"
                            + " 'arn:aws:iam::123456789012:role/name' and has at most 2048 characters. Copy the role's"
                            + " ARN from the IAM console or `aws iam get-role`."),
            new Case("description of 4097 characters", b -> b.description("d".repeat(4097)),
                    "Invalid description: the description has 4097 characters; AgentCore accepts at most 4096."
                            + " Shorten the description."),
            new Case("51 environment variables", b -> b.environment(variables(51)),
                    "Invalid environment: 51 variables are set; AgentCore accepts at most 50. Remove variables, or"
                            + " combine related settings into one variable."),
            new Case("empty variable name", b -> b.putEnvironment("", "x"),
                    "Invalid environment variable name '': a name has 1 to 100 characters. Rename the variable."),
            new Case("variable name of 101 characters", b -> b.putEnvironment("N".repeat(101), "x"),
                    "Invalid environment variable name '" + "N".repeat(101) + "': a name has 1 to 100 characters."
                            + " Rename the variable."),
            new Case("variable value of 5001 characters", b -> b.putEnvironment("PROMPT", "v".repeat(5001)),
                    "Invalid environment variable 'PROMPT': the value has 5001 characters; AgentCore accepts at most"
                            + " 5000. Shorten the value or pass a reference to where the agent can read it."),
            new Case("missing variable value", b -> b.putEnvironment("MODEL_URL", null),
                    "Invalid environment variable 'MODEL_URL': the value is missing. Set a value, or an empty string."),
            new Case("subnets in PUBLIC mode", b -> b.subnets(List.of("subnet-0123456789abcdef0")),
                    "Invalid networkMode 'PUBLIC': subnets and security groups apply only to the VPC network mode."
                            + " Set networkMode to VPC, or remove the subnets and security groups."),
            new Case("VPC mode without subnets", b -> b.networkMode(NetworkMode.VPC)
                    .securityGroups(List.of("sg-0123456789abcdef0")),
                    "Invalid subnets: the VPC network mode needs 1 to 16 subnets; 0 are set. Pass ids such as"
                            + " 'subnet-0123456789abcdef0'."),
            new Case("VPC mode with 17 subnets", b -> b.networkMode(NetworkMode.VPC)
                    .subnets(Collections.nCopies(17, "subnet-0123456789abcdef0"))
                    .securityGroups(List.of("sg-0123456789abcdef0")),
                    "Invalid subnets '" + String.join(",", Collections.nCopies(17, "subnet-0123456789abcdef0"))
                            + "': the VPC network mode needs 1 to 16 subnets; 17 are set. Pass ids such as"
                            + " 'subnet-0123456789abcdef0'."),
            new Case("malformed subnet id", b -> b.networkMode(NetworkMode.VPC).subnets(List.of("subnet-1"))
                    .securityGroups(List.of("sg-0123456789abcdef0")),
                    "Invalid subnets 'subnet-1': an id matches subnet-[0-9a-zA-Z]{8,17}. Pass ids such as"
                            + " 'subnet-0123456789abcdef0'."),
            new Case("malformed security group id", b -> b.networkMode(NetworkMode.VPC)
                    .subnets(List.of("subnet-0123456789abcdef0")).securityGroups(List.of("group-1")),
                    "Invalid securityGroups 'group-1': an id matches sg-[0-9a-zA-Z]{8,17}. Pass ids such as"
                            + " 'sg-0123456789abcdef0'."),
            new Case("hyphen in endpoint name", b -> b.endpointName("blue-green"),
                    "Invalid endpoint 'blue-green': an AgentCore name matches [a-zA-Z][a-zA-Z0-9_]{0,47}: a letter"
                            + " first, then letters, digits and underscores, at most 48 characters, no hyphens."
                            + " Replace hyphens with underscores."),
            new Case("zero timeout", b -> b.timeout(Duration.ZERO),
                    "Invalid timeout 'PT0S': the timeout must be more than zero and at most 24 hours. Use a value such"
                            + " as 15m."),
            new Case("timeout over 24 hours", b -> b.timeout(Duration.ofHours(25)),
                    "Invalid timeout 'PT25H': the timeout must be more than zero and at most 24 hours. Use a value"
                            + " such as 15m."),
            new Case("build identity of 1025 characters", b -> b.buildIdentity("s".repeat(1025)),
                    "Invalid buildIdentity: the build identity has 1025 characters; at most 1024 are accepted. Use an"
                            + " identity such as '<job>#<build number>'."),
            new Case("plain and secret variable of one name", b -> b.putEnvironment("API_KEY", "x")
                    .putSecretEnvironment("API_KEY", SecretSource.value("secret-value", "environment variable K")),
                    "Invalid environment variable 'API_KEY': it is set both as plain text and as a secret. Keep only"
                            + " the secret."),
            new Case("50 plain and 1 secret variables", b -> b.environment(variables(50))
                    .putSecretEnvironment("TOKEN", SecretSource.value("secret-value", "environment variable T")),
                    "Invalid environment: 51 variables are set (50 plain, 1 secret); AgentCore accepts at most 50."
                            + " Remove variables, or combine related settings into one variable."),
            new Case("secret without value", b -> b.putSecretEnvironment("TOKEN",
                    SecretSource.value(null, "environment variable CI_TOKEN")),
                    "Invalid secret environment variable 'TOKEN': the environment variable CI_TOKEN has no value."
                            + " Set it, or pass another source."),
            new Case("secret value of 5001 characters", b -> b.putSecretEnvironment("TOKEN",
                    SecretSource.value("s".repeat(5001), "environment variable CI_TOKEN")),
                    "Invalid environment variable 'TOKEN': the value has 5001 characters; AgentCore accepts at most"
                            + " 5000. Shorten the value or pass a reference to where the agent can read it."),
            new Case("idle timeout under a minute", b -> b.idleSessionTimeout(Duration.ofSeconds(59)),
                    "Invalid idleSessionTimeout 'PT59S': AgentCore accepts whole seconds from 60 to 28800 (1 minute to"
                            + " 8 hours). Use a value such as 15m or 8h."),
            new Case("max lifetime over 8 hours", b -> b.maxLifetime(Duration.ofSeconds(28801)),
                    "Invalid maxLifetime 'PT8H1S': AgentCore accepts whole seconds from 60 to 28800 (1 minute to 8"
                            + " hours). Use a value such as 15m or 8h."),
            new Case("header outside the allow-list pattern", b -> b.requestHeaders(List.of("X-Tenant")),
                    "Invalid requestHeaders 'X-Tenant': AgentCore passes only 'Authorization' and headers named"
                            + " 'X-Amzn-Bedrock-AgentCore-Runtime-Custom-<letters, digits, ->', at most 256 characters,"
                            + " to the agent. Rename the header, for example to"
                            + " 'X-Amzn-Bedrock-AgentCore-Runtime-Custom-Tenant'."),
            new Case("21 request headers", b -> b.requestHeaders(Collections.nCopies(21, "Authorization")),
                    "Invalid requestHeaders: 21 headers are set; AgentCore accepts at most 20. Remove headers."),
            new Case("51 tags", b -> b.tags(variables(51)),
                    "Invalid tags: 51 tags are set; AgentCore accepts at most 50. Remove tags."),
            new Case("tag key reserved for AWS", b -> b.tags(Map.of("aws:cost-center", "chat")),
                    "Invalid tag key 'aws:cost-center': keys that start with 'aws:' are reserved for AWS's own tags,"
                            + " and AWS rejects them. Rename the tag without the 'aws:' prefix."),
            new Case("tag key with '#'", b -> b.tags(Map.of("team#1", "chat")),
                    "Invalid tags 'team#1': a tag key has 1 to 128 characters of letters, digits, spaces and"
                            + " ._:/=+@-. Rename the tag."),
            new Case("tag value of 257 characters", b -> b.tags(Map.of("team", "v".repeat(257))),
                    "Invalid tags 'team=" + "v".repeat(257) + "': a tag value has 0 to 256 characters of letters,"
                            + " digits, spaces and ._:/=+@-. Change the value of tag 'team'."),
            new Case("tag value with '!'", b -> b.tags(Map.of("k", "v!")),
                    "Invalid tags 'k=v!': a tag value has 0 to 256 characters of letters, digits, spaces and"
                            + " ._:/=+@-. Change the value of tag 'k'."),
            new Case("discovery URL without well-known path", b -> b.jwtAuthorizer(new JwtAuthorizer(
                    "https://issuer.example/", List.of("aud"), List.of())),
                    "Invalid jwtDiscoveryUrl 'https://issuer.example/': the discovery URL is an absolute URL ending in"
                            + " '/.well-known/openid-configuration'. Use the issuer's discovery document, for example"
                            + " 'https://cognito-idp.us-east-1.amazonaws.com/<pool id>/.well-known/openid-configuration'."),
            new Case("blank allowed client", b -> b.jwtAuthorizer(new JwtAuthorizer(DISCOVERY, List.of(),
                    List.of(" "))),
                    "Invalid allowedClients ' ': a value must not be blank. Remove the blank value."),
            new Case("staging endpoint equal to production", b -> b.endpointName("live").stagingEndpoint("live"),
                    "Invalid stagingEndpoint 'live': the staging endpoint must be a named endpoint other than DEFAULT"
                            + " and the production endpoint 'live'. Use a name such as 'staging'."),
            new Case("smoke test without payload", b -> b.smokeTest(new SmokeTest("", null, null, null)),
                    "Invalid smokeTestPayload: a smoke test needs a payload to send. Pass the request body, for"
                            + " example '{\"prompt\": \"ping\"}'."),
            new Case("smoke test payload not JSON", b -> b.smokeTest(new SmokeTest("{not json", null, null, null)),
                    "Invalid smokeTestPayload '{not json': the smoke test sends the payload as application/json, but"
                            + " it is not valid JSON: Unexpected character ('n' (code 110)): was expecting double-quote"
                            + " to start field name at line 1, column 2. Pass a JSON body, for example"
                            + " '{\"prompt\": \"ping\"}'."),
            new Case("smoke test payload with trailing text", b -> b.smokeTest(new SmokeTest("{} {}", null, null,
                    null)),
                    "Invalid smokeTestPayload '{} {}': the smoke test sends the payload as application/json, but it is"
                            + " not valid JSON: text follows the JSON value at line 1, column 4. Pass a JSON body, for"
                            + " example '{\"prompt\": \"ping\"}'."),
            new Case("smoke test payload of blanks", b -> b.smokeTest(new SmokeTest("  ", null, null, null)),
                    "Invalid smokeTestPayload '  ': the smoke test sends the payload as application/json, but it is"
                            + " not valid JSON: it holds no JSON value. Pass a JSON body, for example"
                            + " '{\"prompt\": \"ping\"}'."),
            new Case("empty expected field", b -> b.smokeTest(new SmokeTest("{}", null, null, null).withField("")),
                    "Invalid smokeTestExpectField '': the field path is empty. Name a field such as 'status' or"
                            + " 'result.message', or leave the expectation out."),
            new Case("expected value without field", b -> b.smokeTest(new SmokeTest("{}", null, null, null)
                    .withField("=ok")),
                    "Invalid smokeTestExpectField '': the field path is empty. Name a field such as 'status' or"
                            + " 'result.message', or leave the expectation out."),
            new Case("empty expected text", b -> b.smokeTest(new SmokeTest("{}", "", null, null)),
                    "Invalid smokeTestExpect '': the expected text is empty, so every reply would contain it. Name"
                            + " text the reply must contain, or leave the expectation out."),
            new Case("smoke test with a JWT authorizer", b -> b.smokeTest(new SmokeTest("{}", null, null, null))
                    .jwtAuthorizer(new JwtAuthorizer(DISCOVERY, List.of("aud"), List.of())),
                    "Invalid smokeTestPayload: the smoke test invokes the runtime with AWS credentials (SigV4), which a"
                            + " runtime with a JWT authorizer rejects. Remove the smoke test, or test the endpoint with"
                            + " a bearer token after the deployment."),
            new Case("execution role name with '/'", b -> b.executionRoleArn(null).createExecutionRole(true)
                    .executionRoleName("team/agent"),
                    "Invalid executionRoleName 'team/agent': an IAM role name has 1 to 64 characters of letters,"
                            + " digits and +=,.@_-. Choose a shorter name without other characters."),
            new Case("role name and ARN disagree", b -> b.createExecutionRole(true).executionRoleName("other"),
                    "Invalid executionRoleName 'other': the execution role ARN names the role 'agentcore-runtime'."
                            + " Pass only one of the two."));

    @Test
    public void buildRejectsEachBrokenLimit() {
        SoftAssertions softly = new SoftAssertions();

        for (Case rejected : REJECTED) {
            AgentCoreDeployRequest.Builder builder = valid();
            rejected.change().accept(builder);
            softly.assertThatThrownBy(builder::build).as(rejected.label())
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage(rejected.message());
        }

        softly.assertAll();
    }

    @Test
    public void buildAcceptsValuesAtTheLimits() {
        Map<String, String> environment = variables(49);
        environment.put("N".repeat(100), "v".repeat(5000));

        AgentCoreDeployRequest request = valid()
                .runtimeName("a".repeat(48))
                .image(IMAGE + "@sha256:" + "a".repeat(64))
                .description("d".repeat(4096))
                .environment(environment)
                .networkMode(NetworkMode.VPC)
                .subnets(Collections.nCopies(16, "subnet-0123456789abcdef0"))
                .securityGroups(List.of("sg-01234567"))
                .timeout(Duration.ofHours(24))
                .buildIdentity("s".repeat(1024))
                .idleSessionTimeout(Duration.ofSeconds(60))
                .maxLifetime(Duration.ofHours(8))
                .requestHeaders(List.of("Authorization", "X-Amzn-Bedrock-AgentCore-Runtime-Custom-"
                        + "T".repeat(256 - 40)))
                .tags(Map.of("t".repeat(128), "v".repeat(256), "cost center", ""))
                .build();

        assertThat(request.environment()).hasSize(50);
        assertThat(request.subnets()).hasSize(16);
        assertThat(request.requestHeaders().get(1)).hasSize(256);
    }

    @Test
    public void buildFillsDefaults() {
        AgentCoreDeployRequest request = valid().build();

        assertThat(request.networkMode()).isEqualTo(NetworkMode.PUBLIC);
        assertThat(request.protocol()).isEqualTo(Protocol.HTTP);
        assertThat(request.endpointName()).isEqualTo("DEFAULT");
        assertThat(request.timeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(request.description()).isNull();
        assertThat(request.environment()).isEmpty();
        assertThat(request.buildIdentity()).isEqualTo("agent-deploy|agentic_chat|" + IMAGE);
        assertThat(request.rollback()).isTrue();
        assertThat(request.stagingEndpoint()).isNull();
        assertThat(request.idleSessionTimeout()).isNull();
        assertThat(request.createExecutionRole()).isFalse();
    }

    @Test
    public void toStringLeavesOutEnvironmentValues() {
        AgentCoreDeployRequest request = valid().putEnvironment("API_TOKEN", "tok-very-secret")
                .putSecretEnvironment("DB_PASSWORD", SecretSource.value("pw-very-secret", "environment variable P"))
                .build();

        assertThat(request.toString()).contains("API_TOKEN", "DB_PASSWORD").doesNotContain("tok-very-secret")
                .doesNotContain("pw-very-secret");
        assertThat(request.secretEnvironment().get("DB_PASSWORD").toString()).doesNotContain("pw-very-secret");
    }

    @Test
    public void createdRoleIsNamedAfterRuntime() {
        AgentCoreDeployRequest request = valid().executionRoleArn(null).createExecutionRole(true).build();

        assertThat(request.executionRoleName()).isEqualTo("agentcore-agentic_chat");
        assertThat(request.executionRoleArn()).isNull();
    }

    @Test
    public void roleArnNamesRoleToCreate() {
        AgentCoreDeployRequest request = valid().createExecutionRole(true).build();

        assertThat(request.executionRoleName()).isEqualTo("agentcore-runtime");
    }

    @Test
    public void fileFillsUnsetSettings() {
        TfvarsSettings file = new TfvarsSettings(java.nio.file.Path.of("chat.tfvars"), "file_agent", "From file",
                Map.of("MODEL_URL", "http://file", "API_TOKEN", "plain", "LOG_LEVEL", "info"), "VPC",
                List.of("subnet-0123456789abcdef0"), List.of("sg-0123456789abcdef0"), "v7", "MCP",
                new JwtAuthorizer(DISCOVERY, List.of("aud"), List.of()), Duration.ofMinutes(5), Duration.ofHours(1),
                List.of("Authorization"), Map.of("team", "file", "env", "dev"), java.util.Set.of());

        AgentCoreDeployRequest request = AgentCoreDeployRequest.builder()
                .image(REGISTRY + "agentic-platform-chat")
                .executionRoleArn(ROLE)
                .putEnvironment("LOG_LEVEL", "debug")
                .putSecretEnvironment("API_TOKEN", SecretSource.value("from-secret", "environment variable T"))
                .tags(Map.of("team", "explicit"))
                .settingsFile(file)
                .build();

        assertThat(request.runtimeName()).isEqualTo("file_agent");
        assertThat(request.image()).isEqualTo(REGISTRY + "agentic-platform-chat:v7");
        assertThat(request.description()).isEqualTo("From file");
        assertThat(request.environment()).containsOnly(Map.entry("MODEL_URL", "http://file"),
                Map.entry("LOG_LEVEL", "debug"));
        assertThat(request.environmentFromFile()).containsExactly("MODEL_URL");
        assertThat(request.networkMode()).isEqualTo(NetworkMode.VPC);
        assertThat(request.subnets()).containsExactly("subnet-0123456789abcdef0");
        assertThat(request.protocol()).isEqualTo(Protocol.MCP);
        assertThat(request.jwtAuthorizer().allowedAudiences()).containsExactly("aud");
        assertThat(request.idleSessionTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(request.maxLifetime()).isEqualTo(Duration.ofHours(1));
        assertThat(request.requestHeaders()).containsExactly("Authorization");
        assertThat(request.tags()).containsOnly(Map.entry("team", "explicit"), Map.entry("env", "dev"));
        assertThat(request.settingsFile()).hasFileName("chat.tfvars");
    }

    @Test
    public void explicitValuesOverrideFile() {
        TfvarsSettings file = new TfvarsSettings(java.nio.file.Path.of("chat.tfvars"), "file_agent", "From file",
                Map.of(), "VPC", List.of("subnet-0123456789abcdef0"), List.of("sg-0123456789abcdef0"), "v7", "MCP",
                null, null, null, List.of(), Map.of(), java.util.Set.of());

        AgentCoreDeployRequest request = valid().image(IMAGE).description("Explicit").networkMode(NetworkMode.PUBLIC)
                .subnets(List.of()).securityGroups(List.of()).protocol(Protocol.HTTP).settingsFile(file)
                .build();

        assertThat(request.runtimeName()).isEqualTo("agentic_chat");
        assertThat(request.image()).as("a tagged image keeps its tag").isEqualTo(IMAGE);
        assertThat(request.description()).isEqualTo("Explicit");
        assertThat(request.networkMode()).isEqualTo(NetworkMode.PUBLIC);
        assertThat(request.protocol()).isEqualTo(Protocol.HTTP);
    }

    @Test
    public void invalidNetworkModeInFileNamesFile() {
        TfvarsSettings file = new TfvarsSettings(java.nio.file.Path.of("chat.tfvars"), null, null, Map.of(),
                "PRIVATE", List.of(), List.of(), null, null, null, null, null, List.of(), Map.of(), java.util.Set.of());

        assertThatThrownBy(() -> valid().settingsFile(file).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid tfvars 'chat.tfvars': 'network_mode' is 'PRIVATE'; allowed are [PUBLIC, VPC]."
                        + " Fix the value in the file.");
    }

    @Test
    public void idleTimeoutAboveFileLifetimeIsRejected() {
        TfvarsSettings file = new TfvarsSettings(java.nio.file.Path.of("chat.tfvars"), null, null, Map.of(), null,
                List.of(), List.of(), null, null, null, null, Duration.ofMinutes(10), List.of(), Map.of(),
                java.util.Set.of());

        assertThatThrownBy(() -> valid().idleSessionTimeout(Duration.ofMinutes(15)).settingsFile(file).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("Invalid idleSessionTimeout '900s': AgentCore requires the idle session"
                        + " timeout to be at most the maximum session lifetime, which is 600s.");
    }

    @Test
    public void equalIdleTimeoutAndLifetimeAreAccepted() {
        AgentCoreDeployRequest request = valid().idleSessionTimeout(Duration.ofHours(1)).maxLifetime(Duration.ofHours(1))
                .build();

        assertThat(request.idleSessionTimeout()).isEqualTo(request.maxLifetime());
    }

    @Test
    public void unknownFileKeysAreListed() {
        TfvarsSettings file = new TfvarsSettings(java.nio.file.Path.of("chat.tfvars"), null, null, Map.of(), null,
                List.of(), List.of(), null, null, null, null, null, List.of(), Map.of(),
                java.util.Set.of("create_endpoint", "agent_descripton"));

        AgentCoreDeployRequest request = valid().settingsFile(file).build();

        assertThat(request.ignoredSettingsKeys()).containsExactly("agent_descripton", "create_endpoint");
    }

    @Test
    public void environmentIsCopied() {
        Map<String, String> environment = new LinkedHashMap<>(Map.of("A", "1"));
        AgentCoreDeployRequest request = valid().environment(environment).build();

        environment.put("B", "2");

        assertThat(request.environment()).containsOnlyKeys("A");
        assertThatThrownBy(() -> request.environment().put("C", "3")).isInstanceOf(UnsupportedOperationException.class);
    }

    static AgentCoreDeployRequest.Builder valid() {
        return AgentCoreDeployRequest.builder().runtimeName("agentic_chat").image(IMAGE).executionRoleArn(ROLE);
    }

    private static Map<String, String> variables(int count) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            environment.put("VAR_" + i, "value");
        }
        return environment;
    }
}
