package io.agentdeploy.agentcore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A clock that moves only through {@link #advance} or its sleeper, which also records each sleep. */
final class ManualClock extends Clock {

    private volatile Instant now = Instant.parse("2026-01-15T10:00:00Z");
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    /** A sleeper that returns at once after moving this clock forward. */
    Sleeper sleeper() {
        return duration -> {
            sleeps.add(duration);
            advance(duration);
        };
    }

    void advance(Duration duration) {
        now = now.plus(duration);
    }

    List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    /** Returns the total time slept. */
    Duration slept() {
        return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
