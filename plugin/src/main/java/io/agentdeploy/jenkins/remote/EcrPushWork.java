package io.agentdeploy.jenkins.remote;

import hudson.model.TaskListener;
import io.agentdeploy.aws.AwsClients;
import io.agentdeploy.ecr.EcrPushRequest;
import io.agentdeploy.ecr.EcrPushResult;
import io.agentdeploy.ecr.EcrPushService;
import io.agentdeploy.error.DeployException;
import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.jenkins.AwsAccess;
import io.agentdeploy.jenkins.Defaults;
import io.agentdeploy.jenkins.Lines;
import io.agentdeploy.jenkins.steps.AgentEcrPushStep;
import io.agentdeploy.progress.ProgressListener;
import io.agentdeploy.progress.Redactor;
import io.agentdeploy.report.Layer;
import io.agentdeploy.report.LayerRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** The {@code agentEcrPush} phase on the agent: ensure the repository, build, tag, push, scan gate. */
public final class EcrPushWork extends AgentWork<LayerOutcome> {

    private static final long serialVersionUID = 1L;

    private final AgentEcrPushStep step;
    private final Defaults defaults;

    public EcrPushWork(AgentEcrPushStep step, Defaults defaults, AwsAccess aws, TaskListener listener) {
        super(aws, listener);
        this.step = step;
        this.defaults = defaults;
    }

    @Override
    protected LayerOutcome work(Path workspace, AwsClients clients, ProgressListener progress, Redactor redactor) {
        EcrPushRequest request = request(step, defaults, workspace);
        Instant started = Instant.now();
        try {
            // TODO: bind to the engine's service once it is on main; constructor and method as requested.
            EcrPushResult result = new EcrPushService(clients, progress).push(request);
            return LayerOutcome.succeeded(AgentEcrPushStep.FUNCTION_NAME, step.getAgent(), result, started);
        } catch (InvalidInputException e) {
            throw e;
        } catch (DeployException e) {
            return LayerOutcome.failed(AgentEcrPushStep.FUNCTION_NAME, LayerRecord.failed(Layer.ECR, step.getAgent(),
                    null, started, Duration.between(started, Instant.now()), e), redactor);
        }
    }

    /** Binds the step's parameters, else the global defaults, to the engine request; the builder validates. */
    static EcrPushRequest request(AgentEcrPushStep step, Defaults defaults, Path workspace) {
        EcrPushRequest.Builder builder = EcrPushRequest.builder()
                .agent(step.getAgent())
                .repositoryPrefix(defaults.repositoryPrefix)
                .repository(step.getRepository())
                .context(workspace.resolve(step.getContext() == null ? "." : step.getContext()))
                .dockerfile(step.getDockerfile() == null ? null : workspace.resolve(step.getDockerfile()))
                .dockerfileConvention(defaults.dockerfilePath)
                .repositoryRoot(workspace)
                .target(step.getTarget())
                .buildArgs(Lines.keyValues("buildArgs", step.getBuildArgs()))
                .labels(Lines.keyValues("labels", step.getLabels()))
                .tags(step.getTags())
                .platforms(step.getPlatforms())
                .noCache(Boolean.TRUE.equals(step.getNoCache()))
                .pull(Boolean.TRUE.equals(step.getPull()))
                .scanOnPush(step.getScanOnPush() == null ? defaults.scanOnPush : step.getScanOnPush())
                .tagMutability(step.getTagMutability() == null ? defaults.tagMutability : step.getTagMutability())
                .encryption(step.getEncryption() == null ? defaults.encryption : step.getEncryption())
                .lifecycleKeepLast(step.getLifecycleKeepLast() == null ? defaults.lifecycleKeepLast
                        : step.getLifecycleKeepLast())
                .failOnSeverity(step.getFailOnSeverity() == null ? defaults.failOnSeverity : step.getFailOnSeverity());
        if (step.getScanTimeout() != null) {
            builder.scanTimeout(Duration.ofMinutes(step.getScanTimeout()));
        }
        return builder.build();
    }
}
