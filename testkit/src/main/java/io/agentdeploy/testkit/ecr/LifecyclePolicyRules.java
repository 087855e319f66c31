package io.agentdeploy.testkit.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentdeploy.testkit.aws.AwsError;
import io.agentdeploy.testkit.aws.Json;
import java.util.HashSet;
import java.util.Set;

/**
 * The checks ECR applies to a lifecycle policy text on PutLifecyclePolicy: length 100 to 30,720,
 * JSON with a non-empty {@code rules} array, unique priorities, known selection and action values,
 * and the {@code any} rule last.
 */
final class LifecyclePolicyRules {

    private static final Set<String> TAG_STATUS = Set.of("tagged", "untagged", "any");
    private static final Set<String> COUNT_TYPES =
            Set.of("imageCountMoreThan", "sinceImagePushed", "sinceImagePulled", "sinceImageTransitioned");

    private LifecyclePolicyRules() {
    }

    static void validate(String text) {
        if (text == null) {
            throw EcrDouble.invalidParameter("lifecyclePolicyText", "Member must not be null");
        }
        if (text.length() < 100 || text.length() > 30720) {
            throw EcrDouble.invalidParameter("lifecyclePolicyText", "Member must have length between 100 and 30720");
        }
        JsonNode policy;
        try {
            policy = Json.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw failure("the policy is not valid JSON");
        }
        JsonNode rules = policy.path("rules");
        if (!rules.isArray() || rules.isEmpty()) {
            throw failure("'rules' must be a non-empty array");
        }
        Set<Integer> priorities = new HashSet<>();
        int anyPriority = Integer.MIN_VALUE;
        int highest = Integer.MIN_VALUE;
        for (JsonNode rule : rules) {
            int priority = rule.path("rulePriority").asInt(0);
            if (priority < 1 || !priorities.add(priority)) {
                throw failure("'rulePriority' must be a unique positive integer");
            }
            highest = Math.max(highest, priority);
            JsonNode selection = rule.path("selection");
            String tagStatus = selection.path("tagStatus").asText("");
            if (!TAG_STATUS.contains(tagStatus)) {
                throw failure("'tagStatus' must be one of " + TAG_STATUS);
            }
            if (tagStatus.equals("any")) {
                anyPriority = priority;
            }
            if (tagStatus.equals("tagged") && !selection.has("tagPrefixList") && !selection.has("tagPatternList")) {
                throw failure("a 'tagged' rule needs 'tagPrefixList' or 'tagPatternList'");
            }
            if (!COUNT_TYPES.contains(selection.path("countType").asText(""))) {
                throw failure("'countType' must be one of " + COUNT_TYPES);
            }
            if (selection.path("countNumber").asInt(0) < 1) {
                throw failure("'countNumber' must be a positive integer");
            }
            String action = rule.path("action").path("type").asText("");
            if (!action.equals("expire") && !action.equals("transition")) {
                throw failure("'action.type' must be 'expire' or 'transition'");
            }
        }
        if (anyPriority != Integer.MIN_VALUE && anyPriority != highest) {
            throw failure("the rule with tagStatus 'any' must have the highest rulePriority");
        }
    }

    private static AwsError failure(String reason) {
        return EcrDouble.invalidParameter("LifecyclePolicyText", "Lifecycle policy validation failure: " + reason);
    }
}
