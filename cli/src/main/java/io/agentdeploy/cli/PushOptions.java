package io.agentdeploy.cli;

import io.agentdeploy.ecr.EcrPushRequest;
import io.agentdeploy.ecr.TagMutability;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options of the ECR layer, shared by {@code push} and {@code deploy}. */
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
            description = "Image label; repeatable or comma-separated.")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(names = "--tag", paramLabel = "<tag>", split = ",",
            description = "Image tag; repeatable or comma-separated. Default: a UTC timestamp tag"
                    + " such as 20261204-201530, and latest.")
    List<String> tags = new ArrayList<>();

    @Option(names = "--no-cache", description = "Build without the daemon's layer cache.")
    boolean noCache;

    @Option(names = "--pull", description = "Pull newer versions of the base images before building.")
    boolean pull;

    @Option(names = "--build-network", paramLabel = "<mode>",
            description = "Network of RUN steps: none, host, default or a Docker network. Default: the daemon's.")
    String buildNetwork;

    @Option(names = "--scan-on-push", negatable = true, defaultValue = "true", fallbackValue = "true", arity = "0..1",
            paramLabel = "<true|false>",
            description = "Scan images on push, for a repository this command creates. Default: ${DEFAULT-VALUE}.")
    boolean scanOnPush = true;

    @Option(names = "--tag-mutability", paramLabel = "<mode>", defaultValue = "MUTABLE",
            description = "Tag mutability of a repository this command creates: ${COMPLETION-CANDIDATES}."
                    + " Default: ${DEFAULT-VALUE}.")
    TagMutability tagMutability = TagMutability.MUTABLE;

    @Option(names = "--lifecycle-keep-last", paramLabel = "<count>", defaultValue = "30",
            description = "Images the lifecycle policy of a created repository keeps; 0 sets no policy."
                    + " Default: ${DEFAULT-VALUE}.")
    int lifecycleKeepLast = 30;

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
                .noCache(noCache)
                .pull(pull)
                .buildNetwork(buildNetwork)
                .scanOnPush(scanOnPush)
                .tagMutability(tagMutability)
                .lifecycleKeepLast(lifecycleKeepLast)
                .clock(context.clock())
                .build();
    }
}
