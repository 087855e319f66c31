package io.agentdeploy.ecr;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeploy.progress.Redactor;
import java.net.ConnectException;
import java.net.UnknownHostException;
import org.junit.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

public class EcrApiErrorsTest {

    @Test
    public void repositoryNotFoundAdviceFitsOperation() {
        EcrApiErrors push = new EcrApiErrors("us-east-1", 5, new Redactor());
        EcrApiErrors promotion = new EcrApiErrors("us-east-1", 5, new Redactor(), "promotion");

        EcrException created = push.translate(notFound("The registry with id '210987654321' does not exist"),
                "ECR repository 'agents/chat' could not be created", "CreateRepository", "agents/chat");
        EcrException tagged = promotion.translate(notFound("The repository does not exist"),
                "The image could not be tagged 'prod' in 'agents/chat'", "PutImage", "agents/chat");
        EcrException changed = push.translate(notFound("The repository does not exist"),
                "The lifecycle policy of 'agents/chat' could not be set", "PutLifecyclePolicy", "agents/chat");

        assertThat(created).hasMessage("ECR repository 'agents/chat' could not be created in us-east-1:"
                + " RepositoryNotFoundException (The registry with id '210987654321' does not exist). Check the"
                + " registry id (account) and the region of the push.");
        assertThat(tagged.getMessage()).endsWith(" The repository was deleted while the promotion ran; run the"
                + " promotion again.");
        assertThat(changed.getMessage()).endsWith(" The repository was deleted while the push ran; run the push"
                + " again.");
    }

    @Test
    public void registryLevelNotFoundNamesTargetRegistry() {
        EcrApiErrors target = EcrApiErrors.promotionTarget("eu-west-1", "210987654321", 5, new Redactor());

        EcrException login = target.translate(notFound("The registry with id '210987654321' does not exist"),
                "The registry login for ECR repository 'agents/chat' could not be obtained", "GetAuthorizationToken",
                "agents/chat");
        EcrException created = target.translate(notFound("The registry with id '210987654321' does not exist"),
                "ECR repository 'agents/chat' could not be created", "CreateRepository", "agents/chat");

        assertThat(login).hasMessage("The registry login for ECR repository 'agents/chat' could not be obtained in"
                + " eu-west-1: RepositoryNotFoundException (The registry with id '210987654321' does not exist). The"
                + " target registry (account 210987654321 in eu-west-1) does not exist or the credentials cannot use"
                + " it. Check the target region, the target account (registry id), the credentials and any"
                + " AWS_ENDPOINT_URL_ECR override.");
        assertThat(created.getMessage()).endsWith(" The target registry (account 210987654321 in eu-west-1) does not"
                + " exist or the credentials cannot use it. Check the target region, the target account (registry"
                + " id), the credentials and any AWS_ENDPOINT_URL_ECR override.");
        assertThat(created.errorCode()).isEqualTo("RepositoryNotFoundException");
    }

    @Test
    public void unreachableTargetNamesWhatToCheck() {
        EcrApiErrors target = EcrApiErrors.promotionTarget("eu-west-1", null, 5, new Redactor());
        SdkClientException refused = SdkClientException.create("Unable to execute HTTP request: Connection refused",
                new ConnectException("Connection refused"));
        SdkClientException unknownHost = SdkClientException.create("Unable to execute HTTP request: unknown-host"
                + ".invalid", new UnknownHostException("unknown-host.invalid"));

        EcrException notReached = target.translate(refused, "ECR repository 'agents/chat' could not be looked up",
                "DescribeRepositories", "agents/chat");
        EcrException notResolved = target.translate(unknownHost, "ECR repository 'agents/chat' could not be looked"
                + " up", "DescribeRepositories", "agents/chat");

        assertThat(notReached).hasMessage("ECR repository 'agents/chat' could not be looked up in eu-west-1: Unable"
                + " to execute HTTP request: Connection refused. The ECR endpoint of the target registry (account of"
                + " the credentials in eu-west-1) could not be reached. Check the target region and account, the"
                + " network and proxy settings, and any AWS_ENDPOINT_URL_ECR override.");
        assertThat(notResolved.getMessage()).endsWith(" The ECR endpoint of the target registry (account of the"
                + " credentials in eu-west-1) could not be reached. Check the target region and account, the network"
                + " and proxy settings, and any AWS_ENDPOINT_URL_ECR override.");
        assertThat(notReached.errorCode()).isNull();
    }

    @Test
    public void rejectedSignatureAtTargetNamesRegionAndEndpoint() {
        EcrApiErrors target = EcrApiErrors.promotionTarget("ap-east-1", "210987654321", 5, new Redactor());
        AwsServiceException rejected = AwsServiceException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("UnrecognizedClientException")
                        .errorMessage("The security token included in the request is invalid.").build())
                .statusCode(400)
                .build();

        EcrException failure = target.translate(rejected, "ECR repository 'agents/chat' could not be looked up",
                "DescribeRepositories", "agents/chat");

        assertThat(failure).hasMessage("ECR repository 'agents/chat' could not be looked up in ap-east-1:"
                + " UnrecognizedClientException (The security token included in the request is invalid.). The target"
                + " registry (account 210987654321 in ap-east-1) rejected the credentials: they are unknown, expired"
                + " or for another partition, the region is not enabled for the account, or the ECR endpoint serves"
                + " another region. Check the credentials, the target region and account, and any"
                + " AWS_ENDPOINT_URL_ECR override.");
    }

    @Test
    public void unreachableRegistryOfPushKeepsAdvice() {
        EcrApiErrors push = new EcrApiErrors("us-east-1", 5, new Redactor());
        SdkClientException refused = SdkClientException.create("Unable to execute HTTP request: Connection refused",
                new ConnectException("Connection refused"));

        EcrException failure = push.translate(refused, "ECR repository 'agents/chat' could not be looked up",
                "DescribeRepositories", "agents/chat");

        assertThat(failure).hasMessage("ECR repository 'agents/chat' could not be looked up in us-east-1: Unable to"
                + " execute HTTP request: Connection refused. Check the network, proxy settings and any"
                + " AWS_ENDPOINT_URL_ECR override.");
    }

    private static RepositoryNotFoundException notFound(String message) {
        return (RepositoryNotFoundException) RepositoryNotFoundException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("RepositoryNotFoundException")
                        .errorMessage(message).build())
                .statusCode(400)
                .build();
    }
}
