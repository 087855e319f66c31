package io.agentdeploy.cli;

import io.agentdeploy.report.Layer;
import java.util.Optional;

/**
 * The layer a run is in, for the one line printed when the process is stopped by SIGINT (Ctrl-C)
 * or SIGTERM. The JVM then runs its shutdown hooks and exits with 130 or 143 without unwinding the
 * run, so no rollback happens and the summary is not printed.
 */
final class ActiveLayer {

    private volatile Layer layer;
    private volatile boolean finished;

    /** Marks the start of a layer. */
    void enter(Layer layer) {
        this.layer = layer;
    }

    /** Marks the end of the run: an exit after it is no interruption. */
    void finish() {
        finished = true;
    }

    /** Returns the message for an interruption now, or nothing when the run has finished. */
    Optional<String> interruptedMessage() {
        if (finished) {
            return Optional.empty();
        }
        Layer current = layer;
        if (current == null) {
            return Optional.of("error: Interrupted before any layer started; nothing was changed.");
        }
        return Optional.of("error: Interrupted during the " + current.displayName() + " layer, which is left as it"
                + " was at this moment, without rollback. Rerun the same command to bring it to the requested state.");
    }
}
