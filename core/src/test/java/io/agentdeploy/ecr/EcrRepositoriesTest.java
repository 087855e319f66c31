package io.agentdeploy.ecr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.Test;

public class EcrRepositoriesTest {

    @Test
    public void keepLastPolicyExpiresBeyondCount() throws Exception {
        String text = EcrRepositories.keepLastPolicy(30);

        JsonNode rule = new ObjectMapper().readTree(text).path("rules").get(0);
        assertThat(text.length()).isBetween(100, 30720);
        assertThat(rule.path("rulePriority").asInt()).isEqualTo(1);
        assertThat(rule.path("description").asText()).isEqualTo("Keep the last 30 images");
        assertThat(rule.path("selection").path("tagStatus").asText()).isEqualTo("any");
        assertThat(rule.path("selection").path("countType").asText()).isEqualTo("imageCountMoreThan");
        assertThat(rule.path("selection").path("countNumber").asInt()).isEqualTo(30);
        assertThat(rule.path("action").path("type").asText()).isEqualTo("expire");
    }
}
