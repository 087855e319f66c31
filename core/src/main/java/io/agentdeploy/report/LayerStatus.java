package io.agentdeploy.report;

/** Outcome of one layer of a deployment. */
public enum LayerStatus {
    /** The layer changed its target and the target is healthy. */
    SUCCEEDED,
    /** The target already matched the request; nothing was changed. */
    UNCHANGED,
    /** The layer failed; what it changed is left in place (rollback off or nothing to restore). */
    FAILED,
    /** The layer failed and restored the previous good state. */
    ROLLED_BACK,
    /** The layer did not run because an earlier one failed. */
    SKIPPED
}
