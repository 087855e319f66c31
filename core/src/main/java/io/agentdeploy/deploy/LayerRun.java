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
            return succeeded(agent, action.get(), started);
        } catch (InvalidInputException e) {
            throw e;
        } catch (DeployException e) {
            return failed(layer, agent, target, started, e);
        }
    }

    /** Returns the record of a layer that finished with {@code result}, timed from {@code started} until now. */
    public LayerRecord succeeded(String agent, LayerResult result, Instant started) {
        return LayerRecord.of(agent, result, started, Duration.between(started, clock.instant()));
    }

    /**
     * Reports a layer's failure on the listener and returns its record, with the message and notes
     * redacted, timed from {@code started} until now. For callers that run a layer in several
     * phases, possibly in several processes.
     */
    public LayerRecord failed(Layer layer, String agent, String target, Instant started, DeployException failure) {
        DeployException redacted = redacted(failure);
        // The details of a multi-line message (build output, pod diagnostics) were reported as they
        // happened. So the console gets only the headline again, and the record keeps the whole message.
        listener.error(layer.displayName() + " failed: " + firstLine(redacted.getMessage()));
        return LayerRecord.failed(layer, agent, target, started, Duration.between(started, clock.instant()), redacted);
    }

    /** The current time of this run's clock. */
    public Instant now() {
        return clock.instant();
    }

    private DeployException redacted(DeployException e) {
        String message = redactor.redact(e.getMessage());
        if (e instanceof LayerFailedException failed) {
            return new LayerFailedException(message, null, failed.rolledBack(),
                    failed.notes().stream().map(redactor::redact).toList(),
                    failed.summary() == null ? null : redactor.redact(failed.summary()));
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
