package io.agentdeploy.cli;

import io.agentdeploy.aws.AwsClients;
import io.agentdeploy.aws.AwsSettings;
import io.agentdeploy.deploy.LayerRun;
import io.agentdeploy.progress.ProgressListener;
import io.agentdeploy.progress.Redactor;
import io.agentdeploy.report.Layer;
import io.agentdeploy.report.LayerRecord;
import io.agentdeploy.report.LayerResult;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a subcommand run needs: the redacting listener, the environment, the repository root and the
 * AWS clients, built on first use and closed at the end of the run.
 */
final class CommandContext implements AutoCloseable {

    private final ProgressListener listener;
    private final Redactor redactor;
    private final Map<String, String> environment;
    private final Path repositoryRoot;
    private final Clock clock;
    private final ActiveLayer activeLayer;
    private final Supplier<AwsSettings> awsSettings;
    private AwsClients awsClients;

    CommandContext(ProgressListener listener, Redactor redactor, Map<String, String> environment, Path repositoryRoot,
            Clock clock, ActiveLayer activeLayer, Supplier<AwsSettings> awsSettings) {
        this.listener = listener;
        this.redactor = redactor;
        this.environment = environment;
        this.repositoryRoot = repositoryRoot;
        this.clock = clock;
        this.activeLayer = activeLayer;
        this.awsSettings = awsSettings;
    }

    ProgressListener listener() {
        return listener;
    }

    /** Secrets registered here are masked in every message and record of this run. */
    Redactor redactor() {
        return redactor;
    }

    Map<String, String> environment() {
        return environment;
    }

    /** The agent repository's root; relative paths in options are resolved against it. */
    Path repositoryRoot() {
        return repositoryRoot;
    }

    /** Resolves a path option against the repository root, or returns {@code null} for {@code null}. */
    Path resolve(Path path) {
        return path == null ? null : repositoryRoot.resolve(path).normalize();
    }

    Clock clock() {
        return clock;
    }

    /** The process's standard input, for secrets piped into the command. */
    java.io.InputStream standardInput() {
        return System.in;
    }

    /** The AWS settings of this run, validated on first use. */
    AwsSettings awsSettings() {
        return awsClients().settings();
    }

    synchronized AwsClients awsClients() {
        if (awsClients == null) {
            awsClients = new AwsClients(awsSettings.get(), listener);
        }
        return awsClients;
    }

    /** Runs one layer and turns its outcome into a record (see {@link LayerRun}). */
    LayerRecord runLayer(Layer layer, String agent, String target, Supplier<? extends LayerResult> action) {
        enterLayer(layer);
        return new LayerRun(listener, redactor, clock).run(layer, agent, target, action);
    }

    /** Records that {@code layer} starts, for the message printed if the process is interrupted. */
    void enterLayer(Layer layer) {
        activeLayer.enter(layer);
    }

    @Override
    public synchronized void close() {
        if (awsClients != null) {
            awsClients.close();
        }
    }
}
