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

    /**
     * Operations that name no repository or concern the registry as a whole. RepositoryNotFoundException
     * from one of them means that the registry is missing, not a repository.
     */
    private static final Set<String> REGISTRY_OPERATIONS = Set.of("CreateRepository", "GetAuthorizationToken",
            "DescribeRegistry", "PutReplicationConfiguration");

    private final String region;
    private final int maxAttempts;
    private final Redactor redactor;
    private final String command;
    private final boolean promotionTarget;
    private final String registryId;

    /** Errors of a push. */
    EcrApiErrors(String region, int maxAttempts, Redactor redactor) {
        this(region, maxAttempts, redactor, "push");
    }

    /** @param command what runs the calls, for advice such as "run the promotion again": push or promotion */
    EcrApiErrors(String region, int maxAttempts, Redactor redactor, String command) {
        this(region, maxAttempts, redactor, command, false, null);
    }

    private EcrApiErrors(String region, int maxAttempts, Redactor redactor, String command, boolean promotionTarget,
            String registryId) {
        this.region = region;
        this.maxAttempts = maxAttempts;
        this.redactor = redactor;
        this.command = command;
        this.promotionTarget = promotionTarget;
        this.registryId = registryId;
    }

    /**
     * Errors of the calls to a promotion's target registry. Failures that concern the registry
     * itself (not reached, missing, credentials rejected) name it and what to check, because the
     * target is often another region or account than the source that worked a moment before.
     *
     * @param registryId the target account, or {@code null} for the account of the credentials
     */
    static EcrApiErrors promotionTarget(String region, String registryId, int maxAttempts, Redactor redactor) {
        return new EcrApiErrors(region, maxAttempts, redactor, "promotion", true, registryId);
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
        String advice;
        if (e instanceof SdkClientException && reason.contains("credentials")) {
            advice = "Configure AWS credentials: environment variables, a profile (--profile) or a role to assume.";
        } else if (promotionTarget) {
            advice = "The ECR endpoint of " + registry() + " could not be reached. Check the target region and"
                    + " account, the network and proxy settings, and any AWS_ENDPOINT_URL_ECR override.";
        } else {
            advice = "Check the network, proxy settings and any AWS_ENDPOINT_URL_ECR override.";
        }
        return new EcrException(redactor.redact(failed + " in " + region + ": " + withPeriod(reason) + " " + advice),
                region, repository, null, e);
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
        if (BAD_CREDENTIALS.contains(code) && promotionTarget) {
            // The source calls worked with the same credentials, so the target region or endpoint is the likely cause.
            return capitalized(registry()) + " rejected the credentials: they are unknown, expired or for another"
                    + " partition, the region is not enabled for the account, or the ECR endpoint serves another"
                    + " region. Check the credentials, the target region and account, and any AWS_ENDPOINT_URL_ECR"
                    + " override.";
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
        if (promotionTarget) {
            return "See the ECR API reference for " + code + ", and check the target region and account, the"
                    + " credentials and any AWS_ENDPOINT_URL_ECR override.";
        }
        return "See the ECR API reference for " + code + ".";
    }

    private String repositoryNotFoundAdvice(String operation) {
        if (REGISTRY_OPERATIONS.contains(operation) && promotionTarget) {
            return capitalized(registry()) + " does not exist or the credentials cannot use it. Check the target"
                    + " region, the target account (registry id), the credentials and any AWS_ENDPOINT_URL_ECR"
                    + " override.";
        }
        if (REGISTRY_OPERATIONS.contains(operation)) {
            return "Check the registry id (account) and the region of the " + command + ".";
        }
        // Earlier calls found the repository in this registry, so the repository itself went missing.
        return "The repository was deleted while the " + command + " ran; run the " + command + " again.";
    }

    /** For example "the target registry (account 210987654321 in eu-west-1)". */
    private String registry() {
        return "the target registry (account " + (registryId == null ? "of the credentials" : registryId) + " in "
                + region + ")";
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static String withPeriod(String text) {
        return text.endsWith(".") ? text : text + ".";
    }
}
