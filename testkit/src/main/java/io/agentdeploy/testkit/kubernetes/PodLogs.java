package io.agentdeploy.testkit.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Container logs of the simulated pods: the lines of the running (current) container and of the
 * previous, terminated one. The simulated kubelet writes them, the API serves them on
 * {@code /api/v1/namespaces/NS/pods/NAME/log} (with {@code previous=true} for the previous container).
 */
public final class PodLogs {

    private final Map<String, List<String>> current = new ConcurrentHashMap<>();
    private final Map<String, List<String>> previous = new ConcurrentHashMap<>();

    /** Appends lines to the current container's log. */
    public void append(String namespace, String pod, String container, List<String> lines) {
        current.merge(key(namespace, pod, container), List.copyOf(lines), (log, added) -> {
            List<String> updated = new ArrayList<>(log);
            updated.addAll(added);
            return List.copyOf(updated);
        });
    }

    /** Moves the current log to "previous", as a container restart does, and starts an empty current log. */
    public void restart(String namespace, String pod, String container) {
        String key = key(namespace, pod, container);
        previous.put(key, current.getOrDefault(key, List.of()));
        current.put(key, List.of());
    }

    /** Returns the current container's log lines, or an empty list when the container has not logged. */
    public List<String> current(String namespace, String pod, String container) {
        return List.copyOf(current.getOrDefault(key(namespace, pod, container), List.of()));
    }

    /** Returns the previous container's log lines, or empty when the container never restarted. */
    public Optional<List<String>> previous(String namespace, String pod, String container) {
        return Optional.ofNullable(previous.get(key(namespace, pod, container))).map(List::copyOf);
    }

    /** Forgets the logs of a deleted pod. */
    public void remove(String namespace, String pod) {
        String prefix = namespace + "/" + pod + "/";
        current.keySet().removeIf(k -> k.startsWith(prefix));
        previous.keySet().removeIf(k -> k.startsWith(prefix));
    }

    private static String key(String namespace, String pod, String container) {
        return namespace + "/" + pod + "/" + container;
    }
}
