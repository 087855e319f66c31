package io.agentdeploy.deploy;

import io.agentdeploy.error.DeployException;
import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.error.LayerFailedException;
import io.agentdeploy.progress.ProgressListener;
import io.agentdeploy.progress.Redactor;
import io.agentdeploy.report.Layer;
import io.agentdeploy.report.LayerRecord;
import io.agentdeploy.report.LayerResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Runs one layer and turns its outcome into a {@link LayerRecord}: a result becomes a succeeded or
 * unchanged record, a deployment failure a failed or rolled-back record with its message, already
 * redacted. Invalid input is rethrown, because it means nothing was changed and the caller should
 * stop with a usage error.
 */
public final class LayerRun {

    private final ProgressListener listener;
    private final Redactor redactor;
    private final Clock clock;

    public LayerRun(ProgressListener listener, Redactor redactor, Clock clock) {
        this.listener = listener;
        this.redactor = redactor;
        this.clock = clock;
    }

    /**
     * Runs {@code action} as the given layer.
     *
     * @param target where the layer deploys, for the record of a failure (the result names it on success)
     * @throws InvalidInputException when the layer rejects its input before changing anything
     */
    public LayerRecord run(Layer layer, String agent, String target, Supplier<? extends LayerResult> action) {
        Instant started = clock.instant();
        try {
            LayerResult result = action.get();
            return LayerRecord.of(agent, result, started, Duration.between(started, clock.instant()));
        } catch (InvalidInputException e) {
            throw e;
        } catch (DeployException e) {
            DeployException redacted = redacted(e);
            // The details of a multi-line message (build output, pod diagnostics) were reported as they
            // happened. So the console gets only the headline again, and the record keeps the whole message.
            listener.error(layer.displayName() + " failed: " + firstLine(redacted.getMessage()));
            return LayerRecord.failed(layer, agent, target, started, Duration.between(started, clock.instant()),
                    redacted);
        }
    }

    private DeployException redacted(DeployException e) {
        String message = redactor.redact(e.getMessage());
        if (e instanceof LayerFailedException failed) {
            return new LayerFailedException(message, null, failed.rolledBack(),
                    failed.notes().stream().map(redactor::redact).toList());
        }
        return message.equals(e.getMessage()) ? e : new DeployException(message);
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end) + " Details above.";
    }
}
