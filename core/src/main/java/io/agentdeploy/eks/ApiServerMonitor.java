package io.agentdeploy.eks;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Finds out during a rollout watch that the API server has gone away. fabric8 7.3.1 informers
 * reconnect a broken watch with back-off for ever and do not report it, so without this check the
 * watch would only end at the rollout timeout.
 *
 * <p>While watch events arrive, the connection is alive and nothing is sent. After a quarter of the
 * loss window without an event, the Deployment is read directly, and again every quarter window
 * while the reads fail. A read that gets no HTTP response (connection refused, reset, timed out), a
 * 429 or a 5xx response counts as failed. Another error response, such as 401 after the credentials
 * expired, is thrown, because the informers cannot go on either. The API server counts as lost
 * once reads have failed for the whole window and at least {@value #MIN_FAILED_READS} times in a row.
 */
final class ApiServerMonitor {

    /** Failed reads in a row needed, so that one slow or refused request is not yet a loss. */
    static final int MIN_FAILED_READS = 3;

    /** One direct read of the watched object, which throws what the client throws. */
    interface Read {
        void run();
    }

    /** The evidence of a lost API server: how many reads failed, over how long, and the last failure. */
    record Loss(int failedReads, Duration over, KubernetesClientException last) {
    }

    private final Read read;
    private final Duration window;
    private final Duration interval;
    private final Clock clock;
    private volatile Instant lastEvent;
    private Instant lastRead;
    private Instant firstFailure;
    private int failures;

    /**
     * @param read reads the watched object directly
     * @param window how long reads must fail before the API server counts as lost
     */
    ApiServerMonitor(Read read, Duration window, Clock clock) {
        this.read = read;
        this.window = window;
        this.interval = window.dividedBy(4);
        this.clock = clock;
        this.lastEvent = clock.instant();
    }

    /** Records that a watch event arrived; called from the informers' threads. */
    void eventReceived() {
        lastEvent = clock.instant();
    }

    /**
     * Reads the object when a read is due and returns the loss once the API server counts as lost.
     *
     * @throws KubernetesClientException when a read gets another error response, or is interrupted; the caller
     *         translates it
     */
    Optional<Loss> check(Instant now) {
        Instant since = lastRead == null || lastEvent.isAfter(lastRead) ? lastEvent : lastRead;
        if (Duration.between(since, now).compareTo(interval) < 0) {
            return Optional.empty();
        }
        lastRead = now;
        try {
            read.run();
            failures = 0;
            firstFailure = null;
            return Optional.empty();
        } catch (KubernetesClientException e) {
            if (!unavailable(e) || KubernetesErrors.interrupted(e)) {
                throw e;
            }
            failures++;
            if (firstFailure == null) {
                firstFailure = now;
            }
            Duration failing = Duration.between(firstFailure, clock.instant());
            if (failures >= MIN_FAILED_READS && failing.compareTo(window) >= 0) {
                return Optional.of(new Loss(failures, failing, e));
            }
            return Optional.empty();
        }
    }

    /** Returns whether the request got no HTTP response (fabric8 reports code 0 or -1 then), a 429 or a 5xx. */
    private static boolean unavailable(KubernetesClientException e) {
        return e.getCode() <= 0 || e.getCode() == 429 || e.getCode() >= 500;
    }
}
