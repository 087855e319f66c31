package io.agentdeploy.ecr;

import io.agentdeploy.error.DeployException;

/**
 * A failure of the ECR layer after the request was accepted: an ECR API call, the registry login,
 * the image build or the push. The message states what failed, what was found and what to do, and
 * contains no registry password or token.
 */
public class EcrException extends DeployException {

    private static final long serialVersionUID = 1L;

    private final String region;
    private final String repository;
    private final String errorCode;

    /**
     * @param region the AWS region
     * @param repository the ECR repository name
     * @param errorCode the service's or registry's error code, for example {@code AccessDeniedException}
     *     or {@code TAG_INVALID}, or {@code null} when there is none
     */
    public EcrException(String message, String region, String repository, String errorCode, Throwable cause) {
        super(message, cause);
        this.region = region;
        this.repository = repository;
        this.errorCode = errorCode;
    }

    public String region() {
        return region;
    }

    public String repository() {
        return repository;
    }

    /** The service's or registry's error code, or {@code null}. */
    public String errorCode() {
        return errorCode;
    }
}
