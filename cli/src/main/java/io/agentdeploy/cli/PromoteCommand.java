package io.agentdeploy.cli;

import io.agentdeploy.ecr.EcrPromoteRequest;
import io.agentdeploy.ecr.EcrPromoteService;
import io.agentdeploy.ecr.RepositorySettings;
import io.agentdeploy.ecr.TagMutability;
import io.agentdeploy.report.Layer;
import io.agentdeploy.report.LayerRecord;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code agent-deploy promote}: gives a pushed image tags in another repository, region or account
 * by digest, without rebuilding it and without a Docker daemon.
 */
@Command(name = "promote",
        mixinStandardHelpOptions = true,
        description = "Copies an image by digest to another tag, repository, region or account without rebuilding"
                + " or pulling it, so that the digest tested is the digest deployed.")
final class PromoteCommand extends LayerCommand {

    @Option(names = "--source", required = true, paramLabel = "<image>",
            description = "Image to promote: <account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:... (or"
                    + " :tag), or <repository>@<digest> in the current account and --region.")
    String source;

    @Option(names = "--target-repository", paramLabel = "<name>",
            description = "Target repository. Default: the source's name.")
    String targetRepository;

    @Option(names = "--target-region", paramLabel = "<region>",
            description = "Target region. Default: the source's region.")
    String targetRegion;

    @Option(names = "--target-registry-id", paramLabel = "<account>",
            description = "Target account (registry id). Default: the caller's account.")
    String targetRegistryId;

    @Option(names = "--tag", paramLabel = "<tag>", split = ",",
            description = "Tag in the target; repeatable or comma-separated. Default: the source's tag.")
    List<String> tags = new ArrayList<>();

    @Option(names = "--tag-mutability", paramLabel = "<mode>",
            description = "Tag mutability of the target repository: ${COMPLETION-CANDIDATES}. Default: MUTABLE when"
                    + " it is created; an existing one is changed only when given.")
    TagMutability tagMutability;

    @Option(names = "--scan-on-push", negatable = true, arity = "0..1", fallbackValue = "true",
            paramLabel = "<true|false>",
            description = "Scan on push of the target repository. Default: on when it is created.")
    Boolean scanOnPush;

    @Option(names = "--agent", paramLabel = "<name>",
            description = "Agent name for the record. Default: the source repository's name.")
    String agent;

    private EcrPromoteRequest request;

    @Override
    protected String agentName() {
        return agent != null ? agent : request().sourceRepository();
    }

    @Override
    protected List<LayerRecord> execute(CommandContext context) {
        EcrPromoteRequest promotion = request();
        EcrPromoteService service = new EcrPromoteService(context.awsClients(), context.listener(), context.redactor());
        return List.of(context.runLayer(Layer.ECR, agentName(), promotion.targetRepository(),
                () -> service.promote(promotion)));
    }

    private EcrPromoteRequest request() {
        if (request == null) {
            request = EcrPromoteRequest.builder()
                    .source(source)
                    .targetRepository(targetRepository)
                    .targetRegion(targetRegion)
                    .targetRegistryId(targetRegistryId)
                    .tags(tags)
                    .targetSettings(RepositorySettings.builder().tagMutability(tagMutability).scanOnPush(scanOnPush)
                            .build())
                    .build();
        }
        return request;
    }
}
