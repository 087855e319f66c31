package io.agentdeploy.testkit.agentcore;

import java.time.Duration;
import java.time.Instant;

/**
 * A change in progress on a runtime or endpoint (CREATING, UPDATING, DELETING). It completes on the
 * first read after both the required number of reads and the required delay have passed.
 */
final class Transition {

    enum Kind { CREATE, UPDATE, DELETE }

    private final Kind kind;
    private final Instant startedAt;
    private final String forcedFailure;
    private int reads;

    /** @param forcedFailure the failure reason a test asked for, or {@code null} */
    Transition(Kind kind, Instant startedAt, String forcedFailure) {
        this.kind = kind;
        this.startedAt = startedAt;
        this.forcedFailure = forcedFailure;
    }

    Kind kind() {
        return kind;
    }

    String forcedFailure() {
        return forcedFailure;
    }

    /** Counts one read and returns whether the change completes with it. */
    boolean readAndCheckDue(int requiredReads, Duration delay, Instant now) {
        reads++;
        return reads >= requiredReads && !now.isBefore(startedAt.plus(delay));
    }
}
