package io.agentdeploy.jenkins.remote;

import java.io.Serializable;

/** The end of a phase: either the layer's outcome, or the state to wait on in the next phase. */
public final class PhaseOutcome implements Serializable {

    private static final long serialVersionUID = 1L;

    private final LayerOutcome outcome;
    private final WaitState next;

    private PhaseOutcome(LayerOutcome outcome, WaitState next) {
        this.outcome = outcome;
        this.next = next;
    }

    static PhaseOutcome done(LayerOutcome outcome) {
        return new PhaseOutcome(outcome, null);
    }

    static PhaseOutcome waitFor(WaitState next) {
        return new PhaseOutcome(null, next);
    }

    public boolean finished() {
        return outcome != null;
    }

    public LayerOutcome outcome() {
        return outcome;
    }

    public WaitState next() {
        return next;
    }
}
