package io.agentdeploy.progress;

/**
 * Receiver of everything the engine reports. The engine never prints: the command line maps events
 * to its writers, the Jenkins plugin to the build's console, tests to a recording listener.
 *
 * <p>Messages reaching a listener are already free of secret values (see {@link Redactor}).
 */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that drops every event. */
    ProgressListener NONE = (level, message) -> { };

    void event(ProgressLevel level, String message);

    default void error(String message) {
        event(ProgressLevel.ERROR, message);
    }

    default void warning(String message) {
        event(ProgressLevel.WARNING, message);
    }

    default void lifecycle(String message) {
        event(ProgressLevel.LIFECYCLE, message);
    }

    default void progress(String message) {
        event(ProgressLevel.PROGRESS, message);
    }

    default void debug(String message) {
        event(ProgressLevel.DEBUG, message);
    }
}
