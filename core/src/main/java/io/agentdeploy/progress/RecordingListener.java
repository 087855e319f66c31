package io.agentdeploy.progress;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** A listener that keeps every event, for tests and for building summaries after the fact. */
public final class RecordingListener implements ProgressListener {

    /** One received event. */
    public record Event(ProgressLevel level, String message) { }

    private final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void event(ProgressLevel level, String message) {
        events.add(new Event(level, message));
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    /** Returns the messages of the given level, in order. */
    public List<String> messages(ProgressLevel level) {
        return events.stream().filter(e -> e.level() == level).map(Event::message).collect(Collectors.toList());
    }

    /** Returns all messages joined by newlines, for "contains" assertions. */
    public String text() {
        return events.stream().map(e -> e.level() + " " + e.message()).collect(Collectors.joining("\n"));
    }
}
