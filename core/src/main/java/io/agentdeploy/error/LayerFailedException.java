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

    public LayerFailedException(String message, Throwable cause, boolean rolledBack, List<String> notes) {
        super(message, cause);
        this.rolledBack = rolledBack;
        this.notes = List.copyOf(notes);
    }

    /** True when the previous good state was restored. */
    public boolean rolledBack() {
        return rolledBack;
    }

    /** What was restored or left behind, one sentence each. */
    public List<String> notes() {
        return notes;
    }
}
