package io.agentdeploy.cli;

import io.agentdeploy.ecr.EcrPushRequest;
import io.agentdeploy.ecr.ScanUnavailablePolicy;
import io.agentdeploy.ecr.Severity;
import io.agentdeploy.ecr.TagMutability;
import io.agentdeploy.error.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Options of the ECR layer, shared by {@code push} and {@code deploy}. Repository settings have no
 * default here on purpose: a repository that is created gets the engine's defaults, and an existing
 * one is changed only for the settings given.
 */
final class PushOptions {

    @Option(names = "--repository", paramLabel = "<name>",
            description = "ECR repository name. Default: the repository prefix followed by the agent name.")
    String repository;

    @Option(names = "--repository-prefix", paramLabel = "<prefix>", defaultValue = "agentic-platform-",
            description = "Prefix of the derived repository name. Default: ${DEFAULT-VALUE}.")
    String repositoryPrefix;

    @Option(names = "--context", paramLabel = "<dir>",
            description = "Build context directory, relative to --repo-root. Default: the repository root.")
    Path context;

    @Option(names = "--dockerfile", paramLabel = "<file>",
            description = "Dockerfile, relative to --repo-root."
                    + " Default: src/agentic_platform/agent/<agent>/Dockerfile under the context.")
    Path dockerfile;

    @Option(names = "--target", paramLabel = "<stage>", description = "Dockerfile stage to build. Default: the last.")
    String target;

    @Option(names = "--build-arg", paramLabel = "<key=value>", split = ",",
            description = "Build argument; repeatable or comma-separated.")
    Map<String, String> buildArgs = new LinkedHashMap<>();

    @Option(names = "--label", paramLabel = "<key=value>", split = ",",
            description = "Image label; repeatable or comma-separated. Overrides the OCI labels filled from Git.")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(names = "--tag", paramLabel = "<tag>", split = ",",
            description = "Image tag; repeatable or comma-separated. Default: the build number (or a UTC timestamp"
                    + " such as 20261204-201530) and latest.")
    List<String> tags = new ArrayList<>();

    @Option(names = "--build-number", paramLabel = "<id>",
            description = "Build number or other identity of this build, the first default tag. Default: a UTC"
                    + " timestamp.")
    String buildNumber;

    @Option(names = "--git-commit-tag", description = "Also tag the image with the short Git commit of the context.")
    boolean gitCommitTag;

    @Option(names = "--semantic-version", paramLabel = "<version>",
            description = "Also tag the image with this semantic version, such as 1.4.2; it fills the version label.")
    String semanticVersion;

    @Option(names = "--platform", paramLabel = "<os/arch>", split = ",",
            description = "Platform to build, such as linux/arm64; repeatable. Two or more make an image index."
                    + " Default: the Docker daemon's platform.")
    List<String> platforms = new ArrayList<>();

    @Option(names = "--no-cache", description = "Build without the daemon's layer cache.")
    boolean noCache;

    @Option(names = "--pull", description = "Pull newer versions of the base images before building.")
    boolean pull;

    @Option(names = "--build-network", paramLabel = "<mode>",
            description = "Network of RUN steps: none, host, default or a Docker network. Default: the daemon's.")
    String buildNetwork;

    @Option(names = "--scan-on-push", negatable = true, arity = "0..1", fallbackValue = "true",
            paramLabel = "<true|false>",
            description = "Scan images on push. Default: on for a created repository; an existing one is changed"
                    + " only when given.")
    Boolean scanOnPush;

    @Option(names = "--tag-mutability", paramLabel = "<mode>",
            description = "Tag mutability: ${COMPLETION-CANDIDATES}. Default: MUTABLE for a created repository; an"
                    + " existing one is changed only when given.")
    TagMutability tagMutability;

    @Option(names = "--encryption", paramLabel = "<type>",
            description = "Repository encryption: AES256 or KMS, fixed at creation. Default: AES256.")
    String encryption;

    @Option(names = "--kms-key", paramLabel = "<key>",
            description = "KMS key (ARN, alias or id) for KMS encryption. Default: the AWS managed key.")
    String kmsKey;

    @Option(names = "--lifecycle-keep-last", paramLabel = "<count>",
            description = "Lifecycle rule: keep the newest <count> images; 0 for no such rule. Default: 30 for a"
                    + " created repository.")
    Integer lifecycleKeepLast;

    @Option(names = "--lifecycle-expire-untagged-days", paramLabel = "<days>",
            description = "Lifecycle rule: expire untagged images <days> after their push.")
    Integer lifecycleExpireUntaggedDays;

    @Option(names = "--lifecycle-policy-file", paramLabel = "<file>",
            description = "Lifecycle policy document (JSON) to apply as it is, relative to --repo-root.")
    Path lifecyclePolicyFile;

    @Option(names = "--repository-tag", paramLabel = "<key=value>", split = ",",
            description = "Resource tag of the repository; repeatable or comma-separated.")
    Map<String, String> repositoryTags = new LinkedHashMap<>();

    @Option(names = "--replicate-to", paramLabel = "<region>", split = ",",
            description = "Replicate the repository to this region, or account:region; repeatable.")
    List<String> replicateTo = new ArrayList<>();

    @Option(names = "--fail-on-severity", paramLabel = "<severity>", defaultValue = "NONE",
            description = "Fail when the scan finds this severity or higher: ${COMPLETION-CANDIDATES}."
                    + " Default: ${DEFAULT-VALUE}.")
    Severity failOnSeverity = Severity.NONE;

    @Option(names = "--scan-timeout", paramLabel = "<duration>", defaultValue = "5m", converter = DurationConverter.class,
            description = "How long to wait for the scan, such as 90s or 5m; 0s does not wait. Default: ${DEFAULT-VALUE}.")
    Duration scanTimeout;

    @Option(names = "--scan-unavailable", paramLabel = "<policy>", defaultValue = "WARN",
            description = "When the scan is unsupported, failed or timed out: ${COMPLETION-CANDIDATES}."
                    + " Default: ${DEFAULT-VALUE}.")
    ScanUnavailablePolicy scanUnavailable = ScanUnavailablePolicy.WARN;

    @Option(names = "--registry", paramLabel = "<host>",
            description = "Push to this registry (host[:port] or URL) instead of Amazon ECR.")
    String registry;

    @Option(names = "--registry-username", paramLabel = "<name>", description = "User name for --registry.")
    String registryUsername;

    @Option(names = "--registry-password-env", paramLabel = "<variable>",
            description = "Name of the environment variable that contains the password for --registry.")
    String registryPasswordEnv;

    @Option(names = "--registry-password-stdin", description = "Read the password for --registry from standard input.")
    boolean registryPasswordStdin;

    /** Rejects options of this layer given together on the command line that contradict each other. */
    void checkOptions(OptionConflicts conflicts) {
        conflicts.exclude("--registry-password-env", "--registry-password-stdin",
                "the password comes either from a variable or from standard input.");
    }

    EcrPushRequest request(CommandContext context, String agent) {
        Path contextDirectory = context.resolve(this.context == null ? Path.of(".") : this.context);
        return EcrPushRequest.builder()
                .agent(agent)
                .repository(repository)
                .repositoryPrefix(repositoryPrefix)
                .contextDirectory(contextDirectory)
                .dockerfile(context.resolve(dockerfile))
                .target(target)
                .buildArgs(buildArgs)
                .labels(labels)
                .tags(tags)
                .buildIdentity(buildNumber)
                .gitCommitTag(gitCommitTag)
                .semanticVersion(semanticVersion)
                .platforms(platforms)
                .noCache(noCache)
                .pull(pull)
                .buildNetwork(buildNetwork)
                .scanOnPush(scanOnPush)
                .tagMutability(tagMutability)
                .encryption(encryption)
                .kmsKey(kmsKey)
                .lifecycleKeepLast(lifecycleKeepLast)
                .lifecycleExpireUntaggedDays(lifecycleExpireUntaggedDays)
                .lifecyclePolicyFile(context.resolve(lifecyclePolicyFile))
                .repositoryTags(repositoryTags)
                .replicationDestinations(replicateTo)
                .failOnSeverity(failOnSeverity)
                .scanTimeout(scanTimeout)
                .scanUnavailable(scanUnavailable)
                .registry(registry)
                .registryLogin(registryUsername, password(context))
                .clock(context.clock())
                .build();
    }

    /** Whether the push goes to a registry that is not ECR, so that no AWS settings are needed. */
    boolean plainRegistry() {
        return registry != null && !registry.isBlank();
    }

    /**
     * Reads the registry password from the named variable or standard input, and registers it as a
     * secret at once. It is never taken as an option value, which process listings would show.
     */
    private String password(CommandContext context) {
        if (registryPasswordEnv != null && registryPasswordStdin) {
            throw new InvalidInputException("--registry-password-env", registryPasswordEnv,
                    "the password comes either from a variable or from standard input, not both.",
                    "Drop one of --registry-password-env and --registry-password-stdin.");
        }
        String password = null;
        if (registryPasswordEnv != null) {
            password = context.environment().get(registryPasswordEnv);
            if (password == null || password.isEmpty()) {
                throw new InvalidInputException("--registry-password-env", registryPasswordEnv,
                        "the environment variable is not set or empty.",
                        "Export the registry password in that variable before running the command.");
            }
        } else if (registryPasswordStdin) {
            password = readStandardInput(context.standardInput());
        }
        context.redactor().register(password);
        return password;
    }

    private static String readStandardInput(InputStream in) {
        try {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.endsWith("\n") ? text.substring(0, text.length() - 1).replaceFirst("\r$", "") : text;
        } catch (IOException e) {
            throw new InvalidInputException("--registry-password-stdin", null,
                    "standard input could not be read (" + e.getMessage() + ").", "Pipe the password into the command.");
        }
    }
}
