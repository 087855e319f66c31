package io.agentdeploy.jenkins;

import hudson.model.TaskListener;
import io.agentdeploy.progress.ProgressLevel;
import io.agentdeploy.progress.ProgressListener;
import java.io.PrintStream;

/**
 * Writes engine events to the build console. Progress lines are throttled to one per interval, because
 * the console is a log, not a terminal; debug events are dropped unless asked for.
 */
public final class ConsoleProgress implements ProgressListener {

    static final long PROGRESS_INTERVAL_MILLIS = 10_000;

    private final PrintStream logger;
    private final boolean debug;
    private long lastProgressMillis = Long.MIN_VALUE;

    public ConsoleProgress(TaskListener listener, boolean debug) {
        this.logger = listener.getLogger();
        this.debug = debug;
    }

    @Override
    public synchronized void event(ProgressLevel level, String message) {
        switch (level) {
            case ERROR -> logger.println("[agent-deploy] ERROR: " + message);
            case WARNING -> logger.println("[agent-deploy] WARNING: " + message);
            case LIFECYCLE -> logger.println("[agent-deploy] " + message);
            case PROGRESS -> progress(message);
            case DEBUG -> {
                if (debug) {
                    logger.println("[agent-deploy] debug: " + message);
                }
            }
            default -> throw new IllegalStateException("Unknown level " + level);
        }
    }

    private void progress(String message) {
        long now = System.currentTimeMillis();
        if (lastProgressMillis == Long.MIN_VALUE || now - lastProgressMillis >= PROGRESS_INTERVAL_MILLIS) {
            lastProgressMillis = now;
            logger.println("[agent-deploy] " + message);
        }
    }
}
