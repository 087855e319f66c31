package io.agentdeploy.agentcore;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.Test;

public class ContainerImageTest {

    private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

    @Test
    public void parseSplitsReference() {
        ContainerImage image = ContainerImage.parse("image",
                "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/agentic-platform-chat:42@" + DIGEST);

        assertThat(image.account()).isEqualTo("123456789012");
        assertThat(image.region()).isEqualTo("eu-west-1");
        assertThat(image.repository()).isEqualTo("team/agentic-platform-chat");
        assertThat(image.tag()).isEqualTo("42");
        assertThat(image.digest()).isEqualTo(DIGEST);
        assertThat(image.floatingTag()).isFalse();
    }

    @Test
    public void latestOrMissingTagFloats() {
        String repository = "123456789012.dkr.ecr.us-east-1.amazonaws.com/agentic-platform-chat";

        assertThat(ContainerImage.parse("image", repository + ":latest").floatingTag()).isTrue();
        assertThat(ContainerImage.parse("image", repository).floatingTag()).isTrue();
        assertThat(ContainerImage.parse("image", repository + ":build-42").floatingTag()).isFalse();
        assertThat(ContainerImage.parse("image", repository + "@" + DIGEST).floatingTag()).isFalse();
    }
}
