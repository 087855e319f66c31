package io.agentdeploy.progress;

/** Importance of a progress event, from failures down to detail only a debugging user wants. */
public enum ProgressLevel {
    ERROR,
    WARNING,
    /** One line per decision or finished action: the normal console output. */
    LIFECYCLE,
    /** Periodic status of a long action (push, wait); front ends may throttle or draw it as a bar. */
    PROGRESS,
    DEBUG
}
