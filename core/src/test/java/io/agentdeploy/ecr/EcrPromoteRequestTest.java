package io.agentdeploy.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.agentdeploy.error.InvalidInputException;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.Test;

public class EcrPromoteRequestTest {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    public void sourceOutsideEcrIsRejected() {
        record Case(String label, String source, String message) {
        }
        List<Case> cases = List.of(
                new Case("Docker Hub image", "docker.io/library/python:3.12", "Invalid source"
                        + " 'docker.io/library/python:3.12': 'docker.io' is a registry host, and promote copies images"
                        + " between Amazon ECR repositories only. Push the image to ECR first and promote that, named"
                        + " as <account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:<digest>, or as"
                        + " <repository>@sha256:<digest> in the current account and region. An ECR repository whose"
                        + " name starts with such a part is written with its ECR host."),
                new Case("public ECR image", "public.ecr.aws/docker/library/busybox@" + DIGEST, null),
                new Case("localhost registry", "localhost/agents/chat:1", null),
                new Case("not a region", "123456789012.dkr.ecr.nowhere.amazonaws.com/agents/chat:1", "Invalid source"
                        + " '123456789012.dkr.ecr.nowhere.amazonaws.com/agents/chat:1': 'nowhere' in the registry host"
                        + " is not an AWS region such as 'us-east-1'. Copy the repository URI from the push result"
                        + " (repositoryUri or imageRef)."));

        SoftAssertions softly = new SoftAssertions();
        for (Case c : cases) {
            Throwable thrown = catchThrowable(() -> EcrPromoteRequest.builder().source(c.source()).tags(List.of("x"))
                    .build());

            softly.assertThat(thrown).as(c.label()).isInstanceOf(InvalidInputException.class);
            if (c.message() != null) {
                softly.assertThat(thrown).as(c.label() + " message").hasMessage(c.message());
            }
        }
        softly.assertAll();
    }

    @Test
    public void moreTagsThanEcrAllowsAreRejected() {
        List<String> tags = java.util.stream.IntStream.rangeClosed(1, 2000).mapToObj(i -> "t" + i).toList();

        Throwable thrown = catchThrowable(() -> EcrPromoteRequest.builder().source("agents/chat@" + DIGEST).tags(tags)
                .build());

        assertThat(thrown).isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid tags: 2000 tags are set, and an ECR image can have at most 1000. Pass fewer tags.");
    }

    @Test
    public void ecrRepositoryWithDotsIsAcceptedWithHost() {
        EcrPromoteRequest request = EcrPromoteRequest.builder()
                .source("123456789012.dkr.ecr.us-east-1.amazonaws.com/team.one/chat@" + DIGEST).tags(List.of("prod"))
                .build();

        assertThat(request.sourceRepository()).isEqualTo("team.one/chat");
        assertThat(request.sourceRegion()).isEqualTo("us-east-1");
        assertThat(request.sourceRegistryId()).isEqualTo("123456789012");
    }
}
