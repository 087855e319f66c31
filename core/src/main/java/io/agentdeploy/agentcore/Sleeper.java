package io.agentdeploy.agentcore;

import java.time.Duration;

/** Pauses between status polls; tests replace it with one that advances a fake clock. */
@FunctionalInterface
public interface Sleeper {

    /** Sleeps on the calling thread. */
    Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
