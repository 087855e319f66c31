package io.agentdeploy.jenkins.remote;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a step waits for between its phases, for example which runtime and version must become READY
 * or which Deployment generation must roll out. Saved with the Pipeline program so that a resumed
 * step re-reads that resource and waits on. Plain strings only, never a secret.
 */
public final class WaitState implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String description;
    private final LinkedHashMap<String, String> fields;

    WaitState(String description, Map<String, String> fields) {
        this.description = description;
        this.fields = new LinkedHashMap<>(fields);
    }

    /** For the console and the step status, for example "runtime agentic_chat_enhanced-a1b2 version 3 READY". */
    public String description() {
        return description;
    }

    String get(String key) {
        return fields.get(key);
    }

    @Override
    public String toString() {
        return description;
    }
}
