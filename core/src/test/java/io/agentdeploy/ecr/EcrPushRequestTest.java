package io.agentdeploy.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.agentdeploy.error.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.assertj.core.api.SoftAssertions;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class EcrPushRequestTest {

    private static final String AGENT = "agentic_chat_enhanced";

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private Path context;
    private Path dockerfile;

    @Before
    public void writeContext() throws IOException {
        context = folder.getRoot().toPath().toRealPath();
        dockerfile = context.resolve("src/agentic_platform/agent/" + AGENT + "/Dockerfile");
        Files.createDirectories(dockerfile.getParent());
        Files.writeString(dockerfile, "ARG BASE_IMAGE=base\nFROM ${BASE_IMAGE} AS build\nRUN true\n"
                + "from --platform=linux/arm64 ${BASE_IMAGE} as Runtime\nCMD [\"true\"]\n");
    }

    @Test
    public void defaultsFollowConventions() {
        Clock clock = Clock.fixed(Instant.parse("2026-12-04T20:15:30Z"), ZoneOffset.UTC);

        EcrPushRequest request = valid().clock(clock).build();

        assertThat(request.agent()).isEqualTo(AGENT);
        assertThat(request.repository()).isEqualTo("agentic-platform-agentic_chat_enhanced");
        assertThat(request.dockerfile()).isEqualTo(dockerfile);
        assertThat(request.contextDirectory()).isEqualTo(context);
        assertThat(request.tags()).containsExactly("20261204-201530", "latest");
        assertThat(request.scanOnPush()).isTrue();
        assertThat(request.tagMutability()).isEqualTo(TagMutability.MUTABLE);
        assertThat(request.encryption()).isEqualTo("AES256");
        assertThat(request.lifecycleKeepLast()).isEqualTo(30);
        assertThat(request.buildNetwork()).isNull();
        assertThat(request.target()).isNull();
        assertThat(request.noCache()).isFalse();
        assertThat(request.pull()).isFalse();
    }

    @Test
    public void explicitValuesAreKept() {
        EcrPushRequest request = valid()
                .repository("team/agents")
                .dockerfile(Path.of("src/agentic_platform/agent/" + AGENT + "/Dockerfile"))
                .target("runtime")
                .buildArgs(Map.of("BASE_IMAGE", "python:3.12"))
                .labels(Map.of("org.opencontainers.image.revision", "abc123"))
                .tags(List.of("v1", " v2 ", "v1"))
                .noCache(true)
                .pull(true)
                .buildNetwork("host")
                .scanOnPush(false)
                .tagMutability(TagMutability.IMMUTABLE)
                .lifecycleKeepLast(0)
                .build();

        assertThat(request.repository()).isEqualTo("team/agents");
        assertThat(request.target()).isEqualTo("runtime");
        assertThat(request.buildArgs()).containsExactly(Map.entry("BASE_IMAGE", "python:3.12"));
        assertThat(request.labels()).containsEntry("org.opencontainers.image.revision", "abc123");
        assertThat(request.tags()).containsExactly("v1", "v2");
        assertThat(request.noCache()).isTrue();
        assertThat(request.pull()).isTrue();
        assertThat(request.buildNetwork()).isEqualTo("host");
        assertThat(request.scanOnPush()).isFalse();
        assertThat(request.tagMutability()).isEqualTo(TagMutability.IMMUTABLE);
        assertThat(request.lifecycleKeepLast()).isZero();
    }

    @Test
    public void prefixChangesDerivedRepository() {
        EcrPushRequest request = valid().repositoryPrefix("team/").build();

        assertThat(request.repository()).isEqualTo("team/agentic_chat_enhanced");
    }

    @Test
    public void invalidInputIsRejectedWithFullMessage() {
        record Case(String label, UnaryOperator<EcrPushRequest.Builder> change, String parameter, String message) {
        }
        Path missingFile = context.resolve("missing/Dockerfile");
        Path outside = folder.getRoot().toPath().getParent().resolve("Dockerfile.outside-" + System.nanoTime());
        List<Case> cases = List.of(
                new Case("missing agent", b -> b.agent(null), "agent",
                        "Invalid agent: a value is required. Set agent."),
                new Case("hyphenated agent", b -> b.agent("chat-agent"), "agent",
                        "Invalid agent 'chat-agent': an agent name is snake_case: a lowercase letter first, then"
                                + " lowercase letters, digits and single underscores, at most 48 characters (it is also"
                                + " the AgentCore runtime name). Use a name such as 'agentic_chat_enhanced'."),
                new Case("uppercase repository", b -> b.repository("Agents"), "repository",
                        "Invalid repository 'Agents': an ECR repository name has 2 to 256 characters: lowercase"
                                + " letters and digits, separated by single '.', '_', '-' or '/' characters. Lowercase"
                                + " the name and remove other characters, or set the repository explicitly."),
                new Case("bad prefix", b -> b.repositoryPrefix("Team_"), "repository (prefix + agent)",
                        "Invalid repository (prefix + agent) 'Team_agentic_chat_enhanced': an ECR repository name has"
                                + " 2 to 256 characters: lowercase letters and digits, separated by single '.', '_', '-'"
                                + " or '/' characters. Lowercase the name and remove other characters, or set the"
                                + " repository explicitly."),
                new Case("missing context", b -> b.contextDirectory(null), "context",
                        "Invalid context: a build context directory is required. Set it to the directory the"
                                + " Dockerfile's COPY paths are relative to, usually the repository root."),
                new Case("context not a directory", b -> b.contextDirectory(context.resolve("nowhere")), "context",
                        "Invalid context '" + context.resolve("nowhere") + "': the directory does not exist. Pass an"
                                + " existing directory, usually the repository root."),
                new Case("conventional Dockerfile missing", b -> b.agent("other_agent"), "dockerfile",
                        "Invalid dockerfile '" + context.resolve("src/agentic_platform/agent/other_agent/Dockerfile")
                                + "': the file does not exist. By convention the agent's Dockerfile is"
                                + " src/agentic_platform/agent/other_agent/Dockerfile under the context; set dockerfile"
                                + " to its path."),
                new Case("explicit Dockerfile missing", b -> b.dockerfile(Path.of("missing/Dockerfile")), "dockerfile",
                        "Invalid dockerfile '" + missingFile + "': the file does not exist. Pass the path of an"
                                + " existing Dockerfile, relative to the context or absolute."),
                new Case("Dockerfile outside context", b -> b.dockerfile(writeOutside(outside)), "dockerfile",
                        "Invalid dockerfile '" + outside + "': the Dockerfile must be inside the build context '"
                                + context + "'. Move it into the context, or choose a context that contains it."),
                new Case("unknown target", b -> b.target("test"), "target",
                        "Invalid target 'test': the Dockerfile " + dockerfile + " has no stage of that name; its named"
                                + " stages are build, runtime. Use one of the stage names, or leave target unset to"
                                + " build the last stage."),
                new Case("bad build argument name", b -> b.buildArg("1ARG", "x"), "buildArgs",
                        "Invalid buildArgs '1ARG': a build argument name has letters, digits and '_' and does not start"
                                + " with a digit. Rename the argument to match its ARG line in the Dockerfile."),
                new Case("build argument without value", b -> b.buildArg("BASE_IMAGE", null), "buildArgs",
                        "Invalid buildArgs 'BASE_IMAGE': the argument has no value. Pass it as NAME=VALUE; an empty"
                                + " value is written NAME=."),
                new Case("label key with space", b -> b.labels(Map.of("my label", "x")), "labels",
                        "Invalid labels 'my label': a label key must be non-empty and without whitespace. Use a key"
                                + " such as 'org.opencontainers.image.revision'."),
                new Case("tag with colon", b -> b.tags(List.of("v1:2")), "tag",
                        "Invalid tag 'v1:2': an image tag matches [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}: at most 128"
                                + " letters, digits, '_', '.' and '-', not starting with '.' or '-'. Remove other"
                                + " characters such as '/', ':' or '+'."),
                new Case("bad network", b -> b.buildNetwork("my net"), "buildNetwork",
                        "Invalid buildNetwork 'my net': a build network is 'default', 'none', 'host' or the name of a"
                                + " Docker network. Use 'none' or 'host' when the build needs no bridge network."),
                new Case("KMS encryption", b -> b.encryption("KMS"), "encryption",
                        "Invalid encryption 'KMS': only AES256 (keys managed by Amazon S3) is supported. Leave"
                                + " encryption unset or set it to AES256."),
                new Case("negative keep-last", b -> b.lifecycleKeepLast(-1), "lifecycleKeepLast",
                        "Invalid lifecycleKeepLast '-1': the number of images to keep must be between 0 (no lifecycle"
                                + " policy) and 100000. Choose a value such as 30."));

        SoftAssertions softly = new SoftAssertions();
        for (Case c : cases) {
            Throwable thrown = catchThrowable(() -> c.change().apply(valid()).build());

            softly.assertThat(thrown).as(c.label()).isInstanceOf(InvalidInputException.class);
            if (thrown instanceof InvalidInputException invalid) {
                softly.assertThat(invalid.parameter()).as(c.label() + " parameter").isEqualTo(c.parameter());
                softly.assertThat(invalid.getMessage()).as(c.label() + " message").isEqualTo(c.message());
            }
        }
        softly.assertAll();
    }

    private EcrPushRequest.Builder valid() {
        return EcrPushRequest.builder().agent(AGENT).contextDirectory(context);
    }

    private static Path writeOutside(Path file) {
        try {
            Files.writeString(file, "FROM scratch\n");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
