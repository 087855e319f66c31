package io.agentdeploy.ecr;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeploy.progress.Redactor;
import org.junit.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
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

    private static RepositoryNotFoundException notFound(String message) {
        return (RepositoryNotFoundException) RepositoryNotFoundException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("RepositoryNotFoundException")
                        .errorMessage(message).build())
                .statusCode(400)
                .build();
    }
}
