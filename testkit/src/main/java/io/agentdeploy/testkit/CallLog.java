package io.agentdeploy.testkit;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Every call the local stack served: service, operation, whether it changes state, and when.
 * Tests read it to prove, for example, that a rerun made no mutating call.
 */
public final class CallLog {

    /**
     * One served call.
     *
     * @param service the service, for example {@code ecr}, {@code bedrock-agentcore-control}, {@code kubernetes}
     * @param operation the API operation, for example {@code CreateRepository} or {@code PATCH deployments}
     * @param mutating whether the call can change state
     * @param status the HTTP status returned
     * @param time when it was served
     */
    public record Call(String service, String operation, boolean mutating, int status, Instant time) {

        @Override
        public String toString() {
            return service + " " + operation + (mutating ? " (mutating)" : "") + " -> " + status;
        }
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();

    public void record(String service, String operation, boolean mutating, int status) {
        calls.add(new Call(service, operation, mutating, status, Instant.now()));
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Mutating calls that succeeded (2xx): failed attempts changed nothing. */
    public List<Call> mutatingCalls() {
        return calls.stream().filter(CallLog::changed).collect(Collectors.toList());
    }

    /** Mutating calls that succeeded, of the given services only. */
    public List<Call> mutatingCalls(Set<String> services) {
        return calls.stream().filter(c -> changed(c) && services.contains(c.service())).collect(Collectors.toList());
    }

    /** Calls of one service and operation. */
    public List<Call> calls(String service, String operation) {
        return calls.stream()
                .filter(c -> c.service().equals(service) && c.operation().equals(operation))
                .collect(Collectors.toList());
    }

    /** Returns the number of calls so far, a mark for {@link #since(int)}. */
    public int size() {
        return calls.size();
    }

    /** Returns the calls served after {@code mark}, a value of {@link #size()} taken earlier. */
    public List<Call> since(int mark) {
        List<Call> all = calls();
        return List.copyOf(all.subList(Math.min(mark, all.size()), all.size()));
    }

    public void clear() {
        calls.clear();
    }

    private static boolean changed(Call call) {
        return call.mutating() && call.status() / 100 == 2;
    }
}
