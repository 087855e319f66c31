package io.agentdeploy.ecr;

import io.agentdeploy.report.Layer;
import io.agentdeploy.report.LayerResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a push would do, from {@link EcrPushService#plan(EcrPushRequest)}: nothing was built or
 * changed.
 *
 * @param repositoryName the repository name
 * @param region the AWS region, or {@code null} for a registry that is not ECR
 * @param tags the tags the push would apply
 * @param platforms the platforms it would build; empty for the daemon's own
 * @param repositoryChanges the repository to create, or its settings that would change, one sentence each
 * @param steps every step in order: the repository changes, the build, the push
 * @param notes differences that a push would not change (such as the encryption) and skipped features
 */
public record EcrPushPlan(
        String repositoryName,
        String region,
        List<String> tags,
        List<String> platforms,
        List<String> repositoryChanges,
        List<String> steps,
        List<String> notes) implements LayerResult {

    public EcrPushPlan {
        tags = List.copyOf(tags);
        platforms = List.copyOf(platforms);
        repositoryChanges = List.copyOf(repositoryChanges);
        steps = List.copyOf(steps);
        notes = List.copyOf(notes);
    }

    @Override
    public Layer layer() {
        return Layer.ECR;
    }

    @Override
    public String target() {
        return repositoryName;
    }

    /** Whether the repository's settings would change; a push always builds and pushes besides. */
    @Override
    public boolean changed() {
        return !repositoryChanges.isEmpty();
    }

    @Override
    public String summary() {
        return "dry run: " + (repositoryChanges.isEmpty() ? "repository up to date" : String.join("; ",
                repositoryChanges)) + "; would push " + String.join(", ", tags);
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("dryRun", true);
        map.put("repositoryName", repositoryName);
        map.put("region", region);
        map.put("tags", tags);
        map.put("platforms", platforms);
        map.put("repositoryChanges", repositoryChanges);
        map.put("steps", steps);
        return Collections.unmodifiableMap(map);
    }
}
