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

        RepositorySettings settings = request.repositorySettings();
        assertThat(request.agent()).isEqualTo(AGENT);
        assertThat(request.repository()).isEqualTo("agentic-platform-agentic_chat_enhanced");
        assertThat(request.dockerfile()).isEqualTo(dockerfile);
        assertThat(request.contextDirectory()).isEqualTo(context);
        assertThat(request.tags()).containsExactly("20261204-201530", "latest");
        assertThat(settings.scanOnPush()).isNull();
        assertThat(settings.creationScanOnPush()).isTrue();
        assertThat(settings.creationTagMutability()).isEqualTo(TagMutability.MUTABLE);
        assertThat(settings.creationEncryption()).isEqualTo("AES256");
        assertThat(LifecyclePolicies.describe(settings.creationLifecyclePolicy())).isEqualTo("keep the last 30 images");
        assertThat(settings.managedLifecyclePolicy()).isNull();
        assertThat(request.platforms()).isEmpty();
        assertThat(request.failOnSeverity()).isEqualTo(Severity.NONE);
        assertThat(request.scanTimeout()).hasMinutes(5);
        assertThat(request.scanUnavailable()).isEqualTo(ScanUnavailablePolicy.WARN);
        assertThat(request.registry()).isNull();
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
        assertThat(request.repositorySettings().scanOnPush()).isFalse();
        assertThat(request.repositorySettings().tagMutability()).isEqualTo(TagMutability.IMMUTABLE);
        assertThat(request.repositorySettings().creationLifecyclePolicy()).isNull();
    }

    @Test
    public void buildIdentityGitAndVersionMakeTags() {
        GitMetadata git = new GitMetadata("0123456789abcdef0123456789abcdef01234567", "0123456",
                "2026-12-01T10:00:00+01:00", "https://git.example/team/agents.git");

        EcrPushRequest request = valid().buildIdentity("42").gitMetadata(git).gitCommitTag(true)
                .semanticVersion("1.4.2").labels(Map.of("team", "platform")).build();

        assertThat(request.tags()).containsExactly("42", "latest", "0123456", "1.4.2");
        assertThat(request.labels()).containsExactly(
                Map.entry("org.opencontainers.image.revision", "0123456789abcdef0123456789abcdef01234567"),
                Map.entry("org.opencontainers.image.source", "https://git.example/team/agents.git"),
                Map.entry("org.opencontainers.image.created", "2026-12-01T10:00+01:00"),
                Map.entry("org.opencontainers.image.version", "1.4.2"),
                Map.entry("team", "platform"));
    }

    @Test
    public void givenLabelsOverrideGitLabels() {
        GitMetadata git = new GitMetadata("0123456789abcdef0123456789abcdef01234567", "0123456", null, null);

        EcrPushRequest request = valid().gitMetadata(git)
                .labels(Map.of("org.opencontainers.image.revision", "given")).build();

        assertThat(request.labels()).containsExactly(Map.entry("org.opencontainers.image.revision", "given"));
    }

    @Test
    public void contextOutsideGitGetsNoteNotLabels() {
        EcrPushRequest request = valid().readGit(true).build();

        assertThat(request.labels()).isEmpty();
        assertThat(request.notes()).singleElement().asString()
                .startsWith("No Git data for the OCI labels (git rev-parse --verify HEAD failed in " + context + ": ")
                .endsWith("); revision, source and created are not set.");
    }

    @Test
    public void platformsAreNormalisedAndForcePull() {
        EcrPushRequest request = valid().tags(List.of("7")).platforms(List.of("Linux/AMD64", "linux/arm64",
                "linux/amd64")).build();

        assertThat(request.platforms()).containsExactly("linux/amd64", "linux/arm64");
        assertThat(request.pull()).isTrue();
    }

    @Test
    public void settingsTakeKmsTagsReplicationAndLifecycle() {
        EcrPushRequest request = valid().kmsKey("alias/agents").repositoryTags(Map.of("team", "platform"))
                .replicationDestinations(List.of("us-west-2", "210987654321:eu-west-1"))
                .lifecycleKeepLast(50).lifecycleExpireUntaggedDays(7).build();

        RepositorySettings settings = request.repositorySettings();
        assertThat(settings.encryption()).isEqualTo("KMS");
        assertThat(settings.kmsKey()).isEqualTo("alias/agents");
        assertThat(settings.resourceTags()).containsExactly(Map.entry("team", "platform"));
        assertThat(settings.replicationDestinations()).containsExactly("us-west-2", "210987654321:eu-west-1");
        assertThat(LifecyclePolicies.describe(settings.managedLifecyclePolicy()))
                .isEqualTo("expire untagged images after 7 days, keep the last 50 images");
    }

    @Test
    public void lifecyclePolicyFileIsReadAndChecked() throws IOException {
        Path file = context.resolve("policy.json");
        String policy = LifecyclePolicies.compose(10, 3);
        Files.writeString(file, policy);

        EcrPushRequest request = valid().lifecyclePolicyFile(file).build();

        assertThat(request.repositorySettings().managedLifecyclePolicy()).isEqualTo(policy);
        assertThat(request.repositorySettings().creationLifecyclePolicy()).isEqualTo(policy);
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
                                + " the name and remove other characters."),
                new Case("bad prefix", b -> b.repositoryPrefix("Team_"), "repository (prefix + agent)",
                        "Invalid repository (prefix + agent) 'Team_agentic_chat_enhanced': an ECR repository name has"
                                + " 2 to 256 characters: lowercase letters and digits, separated by single '.', '_', '-'"
                                + " or '/' characters. Lowercase the prefix and remove other characters, or set the"
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
                                + " existing Dockerfile."),
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
                new Case("more tags than ECR allows", b -> b.tags(java.util.stream.IntStream.rangeClosed(1, 1001)
                        .mapToObj(i -> "t" + i).toList()), "tags",
                        "Invalid tags: 1001 tags are set, and an ECR image can have at most 1000. Pass fewer tags."),
                new Case("bad network", b -> b.buildNetwork("my net"), "buildNetwork",
                        "Invalid buildNetwork 'my net': a build network is 'default', 'none', 'host' or the name of a"
                                + " Docker network. Use 'none' or 'host' when the build needs no bridge network."),
                new Case("unknown encryption", b -> b.encryption("DES"), "encryption",
                        "Invalid encryption 'DES': the repository encryption is AES256 (keys managed by Amazon S3) or"
                                + " KMS (AWS KMS). Use AES256, or KMS with an optional kmsKey."),
                new Case("key with AES256", b -> b.encryption("AES256").kmsKey("alias/x"), "kmsKey",
                        "Invalid kmsKey 'alias/x': a KMS key is only used with KMS encryption, and encryption is"
                                + " AES256. Set encryption to KMS, or leave the key out."),
                new Case("malformed key", b -> b.kmsKey("my key"), "kmsKey",
                        "Invalid kmsKey 'my key': a KMS key is a key ARN, an alias ARN, 'alias/<name>' or a key id."
                                + " Copy the key's ARN from the KMS console or `aws kms describe-key`."),
                new Case("negative keep-last", b -> b.lifecycleKeepLast(-1), "lifecycleKeepLast",
                        "Invalid lifecycleKeepLast '-1': the number of images to keep must be between 0 (no such"
                                + " rule) and 100000. Choose a value such as 30."),
                new Case("zero untagged days", b -> b.lifecycleExpireUntaggedDays(0), "lifecycleExpireUntaggedDays",
                        "Invalid lifecycleExpireUntaggedDays '0': untagged images expire after 1 to 36500 days."
                                + " Choose a value such as 7."),
                new Case("policy file and keep-last", b -> b.lifecyclePolicyFile(dockerfile).lifecycleKeepLast(3),
                        "lifecyclePolicyFile", "Invalid lifecyclePolicyFile '" + dockerfile + "': a policy file cannot"
                                + " be combined with lifecycleKeepLast or lifecycleExpireUntaggedDays. Put every rule"
                                + " into the file, or use the two options without a file."),
                new Case("policy file not JSON", b -> b.lifecyclePolicyFile(dockerfile), "lifecyclePolicyFile",
                        "Invalid lifecyclePolicyFile '" + dockerfile + "': the lifecycle policy is invalid: it is"
                                + " not valid JSON (Unrecognized token 'ARG': was expecting (JSON String, Number, Array,"
                                + " Object or token 'null', 'true' or 'false')). See the ECR lifecycle policy parameters"
                                + " and fix the document."),
                new Case("aws tag key", b -> b.repositoryTags(Map.of("aws:team", "x")), "repositoryTags",
                        "Invalid repositoryTags 'aws:team': a tag key has 1 to 128 characters and does not start with"
                                + " 'aws:'. Rename the key."),
                new Case("bad destination", b -> b.replicationDestinations(List.of("west")), "replicationDestinations",
                        "Invalid replicationDestinations 'west': a destination is a region such as 'us-west-2', or an"
                                + " account and a region such as '210987654321:us-west-2'. Write each destination in"
                                + " one of these forms."),
                new Case("x86_64 platform", b -> b.platforms(List.of("linux/x86_64")), "platforms",
                        "Invalid platforms 'linux/x86_64': the architecture is not one of 386, amd64, arm, arm64,"
                                + " mips64le, ppc64le, riscv64, s390x. Docker calls it amd64: use linux/amd64."),
                new Case("windows platform", b -> b.platforms(List.of("windows/amd64")), "platforms",
                        "Invalid platforms 'windows/amd64': agents run on Linux: AgentCore and EKS pull linux images"
                                + " only. Use linux/<architecture>, for example linux/arm64."),
                new Case("platform tag too long", b -> b.tags(List.of("t".repeat(120)))
                        .platforms(List.of("linux/amd64", "linux/arm64")), "tag (per-platform tag " + "t".repeat(120)
                        + "-linux-amd64)", "Invalid tag (per-platform tag " + "t".repeat(120) + "-linux-amd64) '"
                        + "t".repeat(120) + "-linux-amd64': an image tag matches [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}: at"
                        + " most 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'. Shorten the tag"
                        + " to at most 128 characters."),
                new Case("build number with slash", b -> b.buildIdentity("main/42"), "buildIdentity",
                        "Invalid buildIdentity 'main/42': an image tag matches [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}: at"
                                + " most 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'. Remove"
                                + " other characters such as '/', ':' or '+'."),
                new Case("version with metadata", b -> b.semanticVersion("1.2.3+build.5"), "semanticVersion",
                        "Invalid semanticVersion '1.2.3+build.5': build metadata after '+' cannot be part of an image"
                                + " tag, which allows only letters, digits, '_', '.' and '-'. Leave the '+' part out, or"
                                + " write it after a '-' as a prerelease."),
                new Case("not a version", b -> b.semanticVersion("1.2"), "semanticVersion",
                        "Invalid semanticVersion '1.2': a semantic version is MAJOR.MINOR.PATCH with an optional"
                                + " -prerelease, for example 1.4.2 or 2.0.0-rc.1. Write it in that form."),
                new Case("commit tag outside Git", b -> b.readGit(true).gitCommitTag(true), "gitCommitTag", null),
                new Case("commit tag without Git data", b -> b.gitCommitTag(true), "gitCommitTag",
                        "Invalid gitCommitTag 'true': the Git commit tag needs Git data, and reading it is turned off."
                                + " Pass the Git data, or turn reading it on."),
                new Case("negative scan timeout", b -> b.scanTimeout(java.time.Duration.ofSeconds(-1)), "scanTimeout",
                        "Invalid scanTimeout 'PT-1S': the scan timeout is between 0 (do not wait for the scan) and 120"
                                + " minutes. Choose a value such as 5m; basic scans usually finish within a minute or"
                                + " two."),
                new Case("gate without scan wait", b -> b.failOnSeverity(Severity.CRITICAL)
                        .scanTimeout(java.time.Duration.ZERO), "scanTimeout",
                        "Invalid scanTimeout '0': the scan gate (failOnSeverity CRITICAL) needs the scan's findings, and"
                                + " a scan timeout of 0 does not wait for them. Set scanTimeout to a wait such as 5m, or"
                                + " set failOnSeverity to NONE to push without a gate."),
                new Case("registry with path", b -> b.registry("127.0.0.1:5000/team"), "registry",
                        "Invalid registry '127.0.0.1:5000/team': a registry is host[:port] or an http(s) URL without a"
                                + " path, for example 'registry.example:5000'. Leave the repository path out of the"
                                + " registry; set it with repository."),
                new Case("user without password", b -> b.registry("127.0.0.1:5000").registryLogin("dev", null),
                        "registryUsername", "Invalid registryUsername 'dev': a registry login needs both a user name and"
                                + " a password. Pass both, or neither for a registry without login."),
                new Case("login without registry", b -> b.registryLogin("dev", "pw"), "registryUsername",
                        "Invalid registryUsername 'dev': a registry login is only used with a registry that is not"
                                + " ECR, and no registry is set. Set the registry, or leave the login out to push to ECR"
                                + " with AWS credentials."));

        SoftAssertions softly = new SoftAssertions();
        for (Case c : cases) {
            Throwable thrown = catchThrowable(() -> c.change().apply(valid()).build());

            softly.assertThat(thrown).as(c.label()).isInstanceOf(InvalidInputException.class);
            if (thrown instanceof InvalidInputException invalid) {
                softly.assertThat(invalid.parameter()).as(c.label() + " parameter").isEqualTo(c.parameter());
                if (c.message() != null) {
                    softly.assertThat(invalid.getMessage()).as(c.label() + " message").isEqualTo(c.message());
                }
            }
        }
        softly.assertAll();
    }

    private EcrPushRequest.Builder valid() {
        // Git is read only by the tests about it; each read runs git three times.
        return EcrPushRequest.builder().agent(AGENT).contextDirectory(context).readGit(false);
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
