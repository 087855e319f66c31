package io.agentdeploy.error;

/**
 * Base of every failure the engine reports. The message says what was attempted, what was found
 * and what to do; it never contains a secret value. Subclasses carry the context as fields.
 */
public class DeployException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DeployException(String message) {
        super(message);
    }

    public DeployException(String message, Throwable cause) {
        super(message, cause);
    }
}
