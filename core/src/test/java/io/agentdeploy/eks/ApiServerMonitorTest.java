package io.agentdeploy.eks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.Test;

public class ApiServerMonitorTest {

    private static final Duration WINDOW = Duration.ofSeconds(8);
    private static final KubernetesClientException REFUSED = new KubernetesClientException("Operation failed",
            new ConnectException("Connection refused"));

    private final AdjustableClock clock = new AdjustableClock();
    /** The outcome of each read in turn: null for a response, else the exception thrown. */
    private final List<KubernetesClientException> outcomes = new ArrayList<>();
    private int reads;
    private final ApiServerMonitor monitor = new ApiServerMonitor(() -> {
        KubernetesClientException next = reads < outcomes.size() ? outcomes.get(reads) : null;
        reads++;
        if (next != null) {
            throw next;
        }
    }, WINDOW, clock);

    @Test
    public void noReadWhileEventsArrive() {
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofSeconds(1));
            monitor.eventReceived();

            assertThat(monitor.check(clock.instant())).isEmpty();
        }

        assertThat(reads).isZero();
    }

    @Test
    public void lossNeedsWholeWindowOfFailedReads() {
        for (int i = 0; i < 10; i++) {
            outcomes.add(REFUSED);
        }

        Optional<ApiServerMonitor.Loss> loss = Optional.empty();
        int checks = 0;
        while (loss.isEmpty()) {
            clock.advance(Duration.ofSeconds(2));
            loss = monitor.check(clock.instant());
            checks++;
        }

        assertThat(checks).isEqualTo(5);
        assertThat(loss.get().failedReads()).isEqualTo(5);
        assertThat(loss.get().over()).isGreaterThanOrEqualTo(WINDOW);
        assertThat(loss.get().last()).isSameAs(REFUSED);
    }

    @Test
    public void responseResetsFailures() {
        outcomes.add(REFUSED);
        outcomes.add(REFUSED);
        outcomes.add(REFUSED);
        outcomes.add(REFUSED);
        outcomes.add(null);
        outcomes.add(REFUSED);

        for (int i = 0; i < 6; i++) {
            clock.advance(Duration.ofSeconds(2));

            assertThat(monitor.check(clock.instant())).as("check %d", i).isEmpty();
        }
    }

    @Test
    public void errorResponseIsThrown() {
        KubernetesClientException unauthorized = new KubernetesClientException(new StatusBuilder().withCode(401)
                .withReason("Unauthorized").build());
        outcomes.add(unauthorized);
        clock.advance(Duration.ofSeconds(2));

        assertThatThrownBy(() -> monitor.check(clock.instant())).isSameAs(unauthorized);
    }
}
