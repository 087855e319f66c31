package io.agentdeploy.agentcore;

import io.agentdeploy.error.LayerFailedException;
import java.util.ArrayList;
import java.util.List;

/**
 * A failed AgentCore call, wait or check: the service rejected a call, the runtime or endpoint ended
 * in CREATE_FAILED or UPDATE_FAILED, it did not become READY in time, or the smoke test failed.
 * Carries the context so the record and the console can show where it happened and, for a failure
 * after the update, whether the endpoints were rolled back and what was left behind.
 */
public class AgentCoreException extends LayerFailedException {

    private static final long serialVersionUID = 1L;

    private final String region;
    private final String runtimeName;
    private final String runtimeId;
    private final String status;
    private final String reason;

    /**
     * @param message the whole message: what was attempted, what was found, what to do
     * @param cause the SDK exception, or {@code null}
     * @param region the AWS region
     * @param runtimeName the runtime name
     * @param runtimeId the runtime id, or {@code null} before the runtime exists
     * @param status the last runtime or endpoint status seen, or {@code null} when a call failed
     * @param reason the service's failure reason or error code, or {@code null}
     */
    public AgentCoreException(String message, Throwable cause, String region, String runtimeName, String runtimeId,
            String status, String reason) {
        this(message, cause, region, runtimeName, runtimeId, status, reason, false, List.of(), null);
    }

    private AgentCoreException(String message, Throwable cause, String region, String runtimeName, String runtimeId,
            String status, String reason, boolean rolledBack, List<String> notes, String summary) {
        super(message, cause, rolledBack, notes, summary != null ? summary
                : "runtime " + (runtimeId != null ? runtimeId : "'" + runtimeName + "'") + " " + state(status, reason));
        this.region = region;
        this.runtimeName = runtimeName;
        this.runtimeId = runtimeId;
        this.status = status;
        this.reason = reason;
    }

    /**
     * Returns this failure with the outcome of the rollback: a short sentence appended to the
     * message, the notes that say what was and was not restored, and the record's summary of
     * {@code version} with {@code outcome}.
     *
     * @param rolledBack whether the previous state serves again
     * @param sentence the outcome in one sentence that refers to the notes
     * @param notes what was restored or left, one sentence each
     * @param version the version this deployment made
     * @param outcome the outcome for the summary, such as "rolled back to version 4"
     */
    AgentCoreException withRollback(boolean rolledBack, String sentence, List<String> notes, String version,
            String outcome) {
        List<String> all = new ArrayList<>(notes());
        all.addAll(notes);
        String summary = "runtime " + runtimeId + " version " + version + " " + state(status, reason) + ", " + outcome;
        AgentCoreException copy = new AgentCoreException(getMessage() + " " + sentence, getCause(), region,
                runtimeName, runtimeId, status, reason, rolledBack, all, summary);
        copy.setStackTrace(getStackTrace());
        return copy;
    }

    /** Returns the status, else "failed" with the service's reason, for a summary. */
    private static String state(String status, String reason) {
        if (status != null) {
            return status;
        }
        return reason == null ? "failed" : "failed (" + reason + ")";
    }

    public String region() {
        return region;
    }

    public String runtimeName() {
        return runtimeName;
    }

    /** Returns the runtime id, or {@code null} when the runtime was not created. */
    public String runtimeId() {
        return runtimeId;
    }

    /** Returns the last status seen, such as {@code UPDATE_FAILED}, or {@code null} when a call failed. */
    public String status() {
        return status;
    }

    /** Returns the service's failure reason or error code, or {@code null}. */
    public String reason() {
        return reason;
    }
}
