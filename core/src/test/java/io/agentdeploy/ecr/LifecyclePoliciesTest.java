package io.agentdeploy.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentdeploy.error.InvalidInputException;
import org.junit.Test;

public class LifecyclePoliciesTest {

    @Test
    public void keepLastExpiresBeyondCount() throws Exception {
        String text = LifecyclePolicies.compose(30, null);

        JsonNode rule = new ObjectMapper().readTree(text).path("rules").get(0);
        assertThat(text.length()).isBetween(100, 30720);
        assertThat(rule.path("description").asText()).isEqualTo("Keep the last 30 images");
        assertThat(rule.path("selection").path("tagStatus").asText()).isEqualTo("any");
        assertThat(rule.path("selection").path("countType").asText()).isEqualTo("imageCountMoreThan");
        assertThat(rule.path("selection").path("countNumber").asInt()).isEqualTo(30);
        assertThat(rule.path("action").path("type").asText()).isEqualTo("expire");
    }

    @Test
    public void untaggedRuleComesBeforeAnyRule() throws Exception {
        String text = LifecyclePolicies.compose(5, 7);

        JsonNode rules = new ObjectMapper().readTree(text).path("rules");
        assertThat(rules.get(0).path("rulePriority").asInt()).isLessThan(rules.get(1).path("rulePriority").asInt());
        assertThat(rules.get(0).path("selection").path("tagStatus").asText()).isEqualTo("untagged");
        assertThat(rules.get(0).path("selection").path("countUnit").asText()).isEqualTo("days");
        assertThat(LifecyclePolicies.describe(text)).isEqualTo("expire untagged images after 7 days, keep the last 5"
                + " images");
    }

    @Test
    public void comparisonIgnoresFormattingAndRuleOrder() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode policy = json.readTree(LifecyclePolicies.compose(5, 7));
        String reordered = "{ \"rules\": [ " + policy.path("rules").get(1) + ",\n " + policy.path("rules").get(0)
                + " ] }";

        assertThat(LifecyclePolicies.sameRules(policy.toString(), reordered)).isTrue();
        assertThat(LifecyclePolicies.sameRules(policy.toString(), LifecyclePolicies.compose(6, 7))).isFalse();
        assertThat(LifecyclePolicies.sameRules(policy.toString(), null)).isFalse();
    }

    @Test
    public void anyRuleMustHaveHighestPriority() {
        String text = "{\"rules\":[{\"rulePriority\":5,\"selection\":{\"tagStatus\":\"any\",\"countType\":"
                + "\"imageCountMoreThan\",\"countNumber\":3},\"action\":{\"type\":\"expire\"}},{\"rulePriority\":9,"
                + "\"selection\":{\"tagStatus\":\"untagged\",\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\","
                + "\"countNumber\":1},\"action\":{\"type\":\"expire\"}}]}";

        assertThatThrownBy(() -> LifecyclePolicies.requireValid("policy.json", text))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid lifecyclePolicyFile 'policy.json': the lifecycle policy is invalid: the rule with"
                        + " tagStatus 'any' must have the highest rulePriority. See the ECR lifecycle policy parameters"
                        + " and fix the document.");
    }
}
