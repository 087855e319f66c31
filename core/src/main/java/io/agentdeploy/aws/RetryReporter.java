package io.agentdeploy.aws;

import io.agentdeploy.progress.ProgressListener;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Reports each retry the SDK makes (throttling, 5xx, connection failures) to the listener with the
 * operation, the attempt number and the previous attempt's HTTP status, and counts them.
 */
final class RetryReporter implements ExecutionInterceptor {

    private static final ExecutionAttribute<Integer> ATTEMPT = new ExecutionAttribute<>("agentDeployAttempt");
    private static final ExecutionAttribute<Integer> LAST_STATUS = new ExecutionAttribute<>("agentDeployLastStatus");

    private final ProgressListener listener;
    private final int maxAttempts;
    private final AtomicInteger retries = new AtomicInteger();

    RetryReporter(ProgressListener listener, int maxAttempts) {
        this.listener = listener;
        this.maxAttempts = maxAttempts;
    }

    int retries() {
        return retries.get();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        Integer previous = attributes.getAttribute(ATTEMPT);
        int attempt = previous == null ? 1 : previous + 1;
        attributes.putAttribute(ATTEMPT, attempt);
        if (attempt > 1) {
            retries.incrementAndGet();
            Integer status = attributes.getAttribute(LAST_STATUS);
            String reason = status == null ? "no response" : "HTTP " + status;
            attributes.putAttribute(LAST_STATUS, null);
            listener.warning(String.format("Retrying %s %s (attempt %d of %d) after %s.",
                    attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                    attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), attempt, maxAttempts, reason));
        }
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        attributes.putAttribute(LAST_STATUS, context.httpResponse().statusCode());
    }
}
