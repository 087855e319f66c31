package io.agentdeploy.agentcore;

import io.agentdeploy.error.DeploymentCancelledException;
import io.agentdeploy.progress.ProgressListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls a status until it is final or a deadline passes. SDK 2.40.2 has no waiter for AgentCore
 * runtimes or endpoints, so this is the waiter: the first read is immediate, then the delay doubles
 * from {@link #FIRST_DELAY} up to {@link #MAX_DELAY}, and no sleep runs past the deadline.
 */
final class StatusPoller {

    static final Duration FIRST_DELAY = Duration.ofMillis(500);
    static final Duration MAX_DELAY = Duration.ofSeconds(4);

    /**
     * The end of a wait.
     *
     * @param last the last value read
     * @param status its status
     * @param elapsed the time since the deployment started
     * @param timedOut whether the deadline passed before the status was final
     */
    record Outcome<T>(T last, String status, Duration elapsed, boolean timedOut) { }

    private final Clock clock;
    private final Sleeper sleeper;
    private final ProgressListener listener;

    StatusPoller(Clock clock, Sleeper sleeper, ProgressListener listener) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.listener = listener;
    }

    /**
     * Reads until {@code finished} accepts the value or {@code started + limit} passes. Reports each
     * new status once as a lifecycle line (none when the first read is final) and every poll as a
     * progress line.
     *
     * @param subject what is waited for, for example "AgentCore runtime 'x' version 2"
     * @param started when the deployment started; the limit counts from there
     * @throws DeploymentCancelledException when the thread is interrupted while sleeping
     */
    <T> Outcome<T> await(String subject, Instant started, Duration limit, Supplier<T> read,
            Function<T, String> statusOf, Predicate<T> finished) {
        Instant deadline = started.plus(limit);
        Duration delay = FIRST_DELAY;
        String lastStatus = null;
        boolean first = true;
        while (true) {
            T value = read.get();
            String status = statusOf.apply(value);
            Duration elapsed = Duration.between(started, clock.instant());
            boolean done = finished.test(value);
            // A status that is final at the first read needs no line: the caller reports the outcome.
            if (!Objects.equals(status, lastStatus) && !(first && done)) {
                listener.lifecycle(subject + " is " + status + ".");
            }
            lastStatus = status;
            first = false;
            if (done) {
                return new Outcome<>(value, status, elapsed, false);
            }
            Duration remaining = Duration.between(clock.instant(), deadline);
            if (remaining.isNegative() || remaining.isZero()) {
                return new Outcome<>(value, status, elapsed, true);
            }
            listener.progress("Waiting for " + subject + ": " + status + ", " + format(elapsed) + " elapsed (timeout "
                    + format(limit) + ").");
            sleep(subject, delay.compareTo(remaining) < 0 ? delay : remaining);
            delay = delay.multipliedBy(2).compareTo(MAX_DELAY) < 0 ? delay.multipliedBy(2) : MAX_DELAY;
        }
    }

    private void sleep(String subject, Duration duration) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            throw DeploymentCancelledException.interrupted("waiting for " + subject);
        }
    }

    /** Formats a duration for messages: "0.5s", "42s", "3m 5s", "1h 2m". */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 10_000 && millis % 1000 != 0) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + "s");
        }
        return seconds / 3600 + "h" + (seconds % 3600 / 60 == 0 ? "" : " " + seconds % 3600 / 60 + "m");
    }
}
