package io.agentdeploy.error;

import java.util.List;

/**
 * A layer failed after it started changing things. Says whether the previous state was restored and
 * carries notes on what was restored or left behind, for the record and the console.
 */
public class LayerFailedException extends DeployException {

    private static final long serialVersionUID = 1L;

    private final boolean rolledBack;
    private final List<String> notes;
    private final String summary;

    public LayerFailedException(String message, Throwable cause, boolean rolledBack, List<String> notes) {
        this(message, cause, rolledBack, notes, null);
    }

    /**
     * @param summary the one-line summary of the record, such as "runtime x version 5 UPDATE_FAILED,
     *     rolled back to version 4", or {@code null} for none
     */
    public LayerFailedException(String message, Throwable cause, boolean rolledBack, List<String> notes,
            String summary) {
        super(message, cause);
        this.rolledBack = rolledBack;
        this.notes = List.copyOf(notes);
        this.summary = summary;
    }

    /** True when the previous good state was restored. */
    public boolean rolledBack() {
        return rolledBack;
    }

    /** What was restored or left behind, one sentence each. */
    public List<String> notes() {
        return notes;
    }

    /** Returns the one-line summary for the record's summary column, or {@code null}. */
    public String summary() {
        return summary;
    }
}
