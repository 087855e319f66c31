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
                            + " most 48 characters, no hyphens. Replace hyphens with underscores."),
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
                            + " from ECR."),
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
            new Case("seed of 1025 characters", b -> b.clientTokenSeed("s".repeat(1025)),
                    "Invalid clientTokenSeed: the seed has 1025 characters; at most 1024 are accepted. Use a build"
                            + " identity such as '<job>#<build number>'."));

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
                .clientTokenSeed("s".repeat(1024))
                .build();

        assertThat(request.environment()).hasSize(50);
        assertThat(request.subnets()).hasSize(16);
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
        assertThat(request.clientTokenSeed()).isEqualTo("agent-deploy|agentic_chat|" + IMAGE);
    }

    @Test
    public void toStringLeavesOutEnvironmentValues() {
        AgentCoreDeployRequest request = valid().putEnvironment("API_TOKEN", "tok-very-secret").build();

        assertThat(request.toString()).contains("API_TOKEN").doesNotContain("tok-very-secret");
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
