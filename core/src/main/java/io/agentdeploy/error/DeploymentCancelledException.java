package io.agentdeploy.error;

/** The deployment was stopped from outside (an interrupted thread, an aborted build). */
public class DeploymentCancelledException extends DeployException {

    private static final long serialVersionUID = 1L;

    public DeploymentCancelledException(String message) {
        super(message);
    }

    /** Restores the interrupt flag and returns the exception to throw, naming what was interrupted. */
    public static DeploymentCancelledException interrupted(String activity) {
        Thread.currentThread().interrupt();
        return new DeploymentCancelledException("Cancelled while " + activity + ".");
    }
}
