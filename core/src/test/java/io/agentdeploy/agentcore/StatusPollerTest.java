package io.agentdeploy.agentcore;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeploy.progress.ProgressLevel;
import io.agentdeploy.progress.RecordingListener;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import org.junit.Test;

public class StatusPollerTest {

    private final ManualClock clock = new ManualClock();
    private final RecordingListener listener = new RecordingListener();
    private final StatusPoller poller = new StatusPoller(clock, clock.sleeper(), listener);

    @Test
    public void delaysDoubleUpToCeiling() {
        Iterator<String> statuses = List.of("CREATING", "CREATING", "CREATING", "CREATING", "CREATING", "CREATING",
                "READY").iterator();

        StatusPoller.Outcome<String> outcome = poller.await("runtime 'x'", clock.instant(), Duration.ofMinutes(15),
                statuses::next, Function.identity(), "READY"::equals);

        assertThat(outcome.timedOut()).isFalse();
        assertThat(outcome.status()).isEqualTo("READY");
        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(4), Duration.ofSeconds(4));
    }

    @Test
    public void eachStatusIsReportedOnce() {
        Iterator<String> statuses = List.of("UPDATING", "UPDATING", "UPDATING", "READY").iterator();

        poller.await("runtime 'x' version 2", clock.instant(), Duration.ofMinutes(15), statuses::next,
                Function.identity(), "READY"::equals);

        assertThat(listener.messages(ProgressLevel.LIFECYCLE))
                .containsExactly("runtime 'x' version 2 is UPDATING.", "runtime 'x' version 2 is READY.");
        assertThat(listener.messages(ProgressLevel.PROGRESS)).hasSize(3).first()
                .isEqualTo("Waiting for runtime 'x' version 2: UPDATING, 0s elapsed (timeout 15m).");
    }

    @Test
    public void finalFirstReadIsNotReported() {
        StatusPoller.Outcome<String> outcome = poller.await("endpoint DEFAULT", clock.instant(), Duration.ofMinutes(15),
                () -> "READY", Function.identity(), "READY"::equals);

        assertThat(outcome.status()).isEqualTo("READY");
        assertThat(listener.events()).isEmpty();
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    public void waitStopsAtDeadline() {
        StatusPoller.Outcome<String> outcome = poller.await("runtime 'x'", clock.instant(), Duration.ofSeconds(10),
                () -> "UPDATING", Function.identity(), "READY"::equals);

        assertThat(outcome.timedOut()).isTrue();
        assertThat(outcome.status()).isEqualTo("UPDATING");
        assertThat(outcome.elapsed()).isEqualTo(Duration.ofSeconds(10));
        assertThat(clock.slept()).as("no sleep past the deadline").isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    public void durationsFormatForMessages() {
        assertThat(StatusPoller.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(StatusPoller.format(Duration.ofSeconds(42))).isEqualTo("42s");
        assertThat(StatusPoller.format(Duration.ofSeconds(185))).isEqualTo("3m 5s");
        assertThat(StatusPoller.format(Duration.ofMinutes(15))).isEqualTo("15m");
        assertThat(StatusPoller.format(Duration.ofMinutes(62))).isEqualTo("1h 2m");
    }
}
