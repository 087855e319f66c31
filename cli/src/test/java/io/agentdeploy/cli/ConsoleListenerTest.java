package io.agentdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.Test;

public class ConsoleListenerTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-12-04T20:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    public void progressIsThrottledWithoutTerminal() {
        StringWriter text = new StringWriter();
        ManualClock clock = new ManualClock();
        ConsoleListener listener = new ConsoleListener(new PrintWriter(text), false, false, clock);

        listener.progress("pushed 1 MB");
        clock.advance(Duration.ofSeconds(1));
        listener.progress("pushed 2 MB");
        clock.advance(Duration.ofSeconds(5));
        listener.progress("pushed 9 MB");

        assertThat(text.toString().lines()).containsExactly("pushed 1 MB", "pushed 9 MB");
    }

    @Test
    public void levelsArePrefixed() {
        StringWriter text = new StringWriter();
        ConsoleListener listener = new ConsoleListener(new PrintWriter(text), false, false, Clock.systemUTC());

        listener.lifecycle("Creating repository");
        listener.warning("slow");
        listener.error("failed");
        listener.debug("hidden");

        assertThat(text.toString().lines()).containsExactly("Creating repository", "warning: slow", "error: failed");
    }

    @Test
    public void debugShownWhenVerbose() {
        StringWriter text = new StringWriter();
        ConsoleListener listener = new ConsoleListener(new PrintWriter(text), false, true, Clock.systemUTC());

        listener.debug("detail");

        assertThat(text.toString().lines()).containsExactly("debug: detail");
    }
}
