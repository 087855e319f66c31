package io.agentdeploy.ecr;

import java.util.List;

/** The image build failed; carries the failing Dockerfile step and the last lines of build output. */
public class ImageBuildException extends EcrException {

    private static final long serialVersionUID = 1L;

    private final String failedStep;
    private final List<String> outputTail;

    /**
     * @param failedStep the step as the builder printed it, for example {@code Step 3/7 : RUN make}, or {@code null}
     * @param outputTail the last lines of build output, oldest first
     */
    public ImageBuildException(String message, String region, String repository, String failedStep,
            List<String> outputTail, Throwable cause) {
        super(message, region, repository, null, cause);
        this.failedStep = failedStep;
        this.outputTail = List.copyOf(outputTail);
    }

    /** The failing step, or {@code null} when the build failed before its first step. */
    public String failedStep() {
        return failedStep;
    }

    public List<String> outputTail() {
        return outputTail;
    }
}
