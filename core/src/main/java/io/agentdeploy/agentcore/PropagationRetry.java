package io.agentdeploy.agentcore;

import io.agentdeploy.error.DeploymentCancelledException;
import io.agentdeploy.progress.ProgressListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.ValidationException;

/**
 * Retries CreateAgentRuntime and UpdateAgentRuntime while AgentCore cannot use a new execution role
 * yet. IAM changes take a while to reach every service, and until then AgentCore answers with a
 * ValidationException that says "Role validation failed" or "Access denied while validating ECR
 * URI". The Terraform AWS provider retries exactly these; so does this, within {@link #WINDOW}.
 */
final class PropagationRetry {

    /** How long such errors are retried; IAM changes usually arrive within seconds to a minute. */
    static final Duration WINDOW = Duration.ofMinutes(2);
    static final Duration FIRST_DELAY = Duration.ofSeconds(2);
    static final Duration MAX_DELAY = Duration.ofSeconds(10);

    private final Clock clock;
    private final Sleeper sleeper;
    private final ProgressListener listener;

    PropagationRetry(Clock clock, Sleeper sleeper, ProgressListener listener) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.listener = listener;
    }

    /** True when the exception is one of the service's IAM propagation errors. */
    static boolean isPropagationError(Throwable e) {
        if (!(e instanceof ValidationException validation) || validation.awsErrorDetails() == null) {
            return false;
        }
        String message = validation.awsErrorDetails().errorMessage();
        return message != null && (message.contains("Role validation failed")
                || message.contains("Access denied while validating ECR URI"));
    }

    /** Runs the call, repeating it with backoff while it fails with a propagation error inside the window. */
    <T> T run(String operation, Supplier<T> call) {
        Instant giveUp = clock.instant().plus(WINDOW);
        Duration delay = FIRST_DELAY;
        int attempt = 1;
        while (true) {
            try {
                return call.get();
            } catch (AgentCoreException e) {
                if (!isPropagationError(e.getCause()) || !clock.instant().plus(delay).isBefore(giveUp)) {
                    throw e;
                }
                attempt++;
                listener.warning("Retrying " + operation + " (attempt " + attempt + ") in "
                        + StatusPoller.format(delay) + ": AgentCore cannot use the execution role yet, which is"
                        + " normal for a minute or two after the role or its policies changed.");
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException interrupted) {
                    throw DeploymentCancelledException.interrupted("waiting to retry " + operation);
                }
                delay = delay.multipliedBy(2).compareTo(MAX_DELAY) < 0 ? delay.multipliedBy(2) : MAX_DELAY;
            }
        }
    }
}
