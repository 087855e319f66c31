package io.agentdeploy.ecr;

import io.agentdeploy.progress.Redactor;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Translates AWS SDK exceptions of ECR API calls into {@link EcrException}s whose message names
 * the action, the region, the error code and what to do about it.
 */
final class EcrApiErrors {

    private static final Set<String> ACCESS_DENIED = Set.of("AccessDeniedException", "AccessDenied",
            "UnauthorizedOperation");
    private static final Set<String> BAD_CREDENTIALS = Set.of("UnrecognizedClientException", "InvalidClientTokenId",
            "InvalidSignatureException", "SignatureDoesNotMatch", "ExpiredTokenException", "ExpiredToken",
            "MissingAuthenticationTokenException", "IncompleteSignature");
    private static final Set<String> THROTTLED = Set.of("ThrottlingException", "Throttling", "TooManyRequestsException",
            "RequestLimitExceeded");

    private final String region;
    private final int maxAttempts;
    private final Redactor redactor;
    private final String command;

    /** Errors of a push. */
    EcrApiErrors(String region, int maxAttempts, Redactor redactor) {
        this(region, maxAttempts, redactor, "push");
    }

    /** @param command what runs the calls, for advice such as "run the promotion again": push or promotion */
    EcrApiErrors(String region, int maxAttempts, Redactor redactor, String command) {
        this.region = region;
        this.maxAttempts = maxAttempts;
        this.redactor = redactor;
        this.command = command;
    }

    /**
     * @param failed what failed, as the start of a sentence, for example "ECR repository 'x' could not be created"
     * @param operation the API operation, for example {@code CreateRepository}
     */
    EcrException translate(SdkException e, String failed, String operation, String repository) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            String code = service.awsErrorDetails().errorCode();
            String detail = service.awsErrorDetails().errorMessage();
            String message = failed + " in " + region + ": " + code
                    + (detail == null || detail.isBlank() ? "" : " (" + detail + ")") + ". "
                    + advice(code, service.statusCode(), operation);
            return new EcrException(redactor.redact(message), region, repository, code, e);
        }
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String advice = e instanceof SdkClientException && reason.contains("credentials")
                ? "Configure AWS credentials: environment variables, a profile (--profile) or a role to assume."
                : "Check the network, proxy settings and any AWS_ENDPOINT_URL_ECR override.";
        return new EcrException(redactor.redact(failed + " in " + region + ": " + reason + " " + advice), region,
                repository, null, e);
    }

    /** A failure found by the engine itself, with the region and repository as context. */
    EcrException exception(String message, String repository, String errorCode) {
        return new EcrException(redactor.redact(message), region, repository, errorCode, null);
    }

    String region() {
        return region;
    }

    private String advice(String code, int status, String operation) {
        if (ACCESS_DENIED.contains(code)) {
            return "The credentials need the IAM permission ecr:" + operation + ".";
        }
        if (BAD_CREDENTIALS.contains(code)) {
            return "Check the AWS credentials: they are unknown, expired or for another account or partition.";
        }
        if (THROTTLED.contains(code)) {
            return "ECR still throttled the call after " + maxAttempts + " attempts; try again later.";
        }
        if (code.equals("LimitExceededException")) {
            return "An ECR service quota is reached; delete unused repositories or images, or request a higher quota.";
        }
        if (code.equals("RepositoryNotFoundException")) {
            return repositoryNotFoundAdvice(operation);
        }
        if (code.equals("InvalidParameterException") || code.equals("InvalidTagParameterException")
                || code.equals("TooManyTagsException")) {
            return "Check the repository settings of the request.";
        }
        if (code.equals("ImageTagAlreadyExistsException")) {
            return "The repository's tags are immutable and the tag names another image; use a new tag.";
        }
        if (code.equals("LayersNotFoundException") || code.equals("ReferencedImagesNotFoundException")) {
            return "The target repository lacks content the manifest refers to; run the operation again.";
        }
        if (status >= 500 || code.equals("ServerException")) {
            return "ECR failed on its side after " + maxAttempts + " attempts; try again later.";
        }
        return "See the ECR API reference for " + code + ".";
    }

    private String repositoryNotFoundAdvice(String operation) {
        if (operation.equals("CreateRepository")) {
            // The repository cannot be missing before it is created: the registry it belongs to is.
            return "Check the registry id (account) and the region of the " + command + ".";
        }
        return "The repository was deleted while the " + command + " ran; run the " + command + " again.";
    }
}
