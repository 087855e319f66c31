package io.agentdeploy.cli;

import io.agentdeploy.progress.ProgressLevel;
import io.agentdeploy.progress.ProgressListener;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;

/**
 * Prints engine events to the error stream, so standard output carries only the result. Progress
 * events redraw one line on a terminal and are throttled to one line per interval elsewhere (logs).
 */
final class ConsoleListener implements ProgressListener {

    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);

    private final PrintWriter err;
    private final boolean terminal;
    private final boolean verbose;
    private final Clock clock;
    private long lastProgressMillis = Long.MIN_VALUE;
    private boolean progressLineOpen;

    ConsoleListener(PrintWriter err, boolean terminal, boolean verbose, Clock clock) {
        this.err = err;
        this.terminal = terminal;
        this.verbose = verbose;
        this.clock = clock;
    }

    @Override
    public synchronized void event(ProgressLevel level, String message) {
        switch (level) {
            case PROGRESS -> printProgress(message);
            case DEBUG -> {
                if (verbose) {
                    println("debug: " + message);
                }
            }
            case ERROR -> println("error: " + message);
            case WARNING -> println("warning: " + message);
            case LIFECYCLE -> println(message);
            default -> throw new IllegalStateException("Unknown level " + level);
        }
    }

    private void printProgress(String message) {
        if (terminal) {
            err.print("\r\033[K" + message);
            err.flush();
            progressLineOpen = true;
            return;
        }
        long now = clock.millis();
        if (lastProgressMillis == Long.MIN_VALUE || now - lastProgressMillis >= PROGRESS_INTERVAL.toMillis()) {
            lastProgressMillis = now;
            println(message);
        }
    }

    private void println(String line) {
        if (progressLineOpen) {
            err.print("\r\033[K");
            progressLineOpen = false;
        }
        err.println(line);
        err.flush();
    }
}
