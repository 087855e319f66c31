package io.agentdeploy.testkit.agentcore;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A change in progress on a runtime or endpoint (CREATING, UPDATING, DELETING). It completes on the
 * first read after the required number of reads and the required delay have passed and, for a new
 * runtime version, after its container check has finished.
 */
final class Transition {

    enum Kind { CREATE, UPDATE, DELETE }

    private final Kind kind;
    private final Instant startedAt;
    private final String forcedFailure;
    private final CompletableFuture<Optional<String>> containerCheck;
    private int reads;

    /** @param forcedFailure the failure reason a test asked for, or {@code null} */
    Transition(Kind kind, Instant startedAt, String forcedFailure) {
        this(kind, startedAt, forcedFailure, null);
    }

    /**
     * @param containerCheck the running container check of a new version, completing with a failure
     *     reason or empty, or {@code null} when no container is checked
     */
    Transition(Kind kind, Instant startedAt, String forcedFailure,
            CompletableFuture<Optional<String>> containerCheck) {
        this.kind = kind;
        this.startedAt = startedAt;
        this.forcedFailure = forcedFailure;
        this.containerCheck = containerCheck;
    }

    Kind kind() {
        return kind;
    }

    String forcedFailure() {
        return forcedFailure;
    }

    /** Returns the container check's failure reason, or {@code null} when it passed or did not run. */
    String containerFailure() {
        return containerCheck == null ? null : containerCheck.join().orElse(null);
    }

    /** Counts one read and returns whether the change completes with it. */
    boolean readAndCheckDue(int requiredReads, Duration delay, Instant now) {
        reads++;
        return reads >= requiredReads && !now.isBefore(startedAt.plus(delay))
                && (containerCheck == null || containerCheck.isDone());
    }
}
