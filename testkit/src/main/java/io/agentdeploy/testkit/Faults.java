package io.agentdeploy.testkit;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Faults that the local stack injects into the next calls of a service operation, each consumed by
 * one call: throttling, a server error, a conflict, a dropped connection, or a response slower than
 * a timeout. The AWS doubles and the registry gateway serve every kind; the Kubernetes API serves
 * throttling, server errors and conflicts.
 */
public final class Faults {

    /** What a call fails with. */
    public enum Kind {
        /** The service's throttling error (HTTP 400 or 429, as the service does). */
        THROTTLE,
        /** HTTP 500 with the service's internal error code. */
        SERVER_ERROR,
        /** HTTP 409: the service's conflict error, for Kubernetes the optimistic-concurrency Status. */
        CONFLICT,
        /** The connection closes before any response is sent. */
        CONNECTION_RESET,
        /** The response comes only after {@link Faults#slowDelay()}, past a client's timeout. */
        SLOW_RESPONSE
    }

    private final Map<String, Deque<Kind>> pending = new ConcurrentHashMap<>();
    private volatile Duration slowDelay = Duration.ofSeconds(40);

    /** Makes the next {@code times} calls of the operation fail with {@code kind}. Use "*" for any operation. */
    public void inject(String service, String operation, Kind kind, int times) {
        Deque<Kind> queue = pending.computeIfAbsent(key(service, operation), k -> new ArrayDeque<>());
        synchronized (queue) {
            for (int i = 0; i < times; i++) {
                queue.addLast(kind);
            }
        }
    }

    /** Takes the next fault for a call, looking first at the operation, then at "*". */
    public Optional<Kind> next(String service, String operation) {
        Optional<Kind> exact = poll(key(service, operation));
        return exact.isPresent() ? exact : poll(key(service, "*"));
    }

    public Duration slowDelay() {
        return slowDelay;
    }

    public void slowDelay(Duration delay) {
        this.slowDelay = delay;
    }

    public void clear() {
        pending.clear();
    }

    /** Returns whether any injected fault is still waiting for its call. */
    public boolean pending() {
        return pending.values().stream().anyMatch(queue -> {
            synchronized (queue) {
                return !queue.isEmpty();
            }
        });
    }

    private Optional<Kind> poll(String key) {
        Deque<Kind> queue = pending.get(key);
        if (queue == null) {
            return Optional.empty();
        }
        synchronized (queue) {
            return Optional.ofNullable(queue.pollFirst());
        }
    }

    private static String key(String service, String operation) {
        return service + "/" + operation;
    }
}
