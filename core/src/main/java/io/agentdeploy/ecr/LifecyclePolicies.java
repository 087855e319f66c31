package io.agentdeploy.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentdeploy.error.InvalidInputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * ECR lifecycle policies: the policy composed from keep-last-N and expire-untagged-after-D-days,
 * the checks ECR makes on a policy document, and a comparison that ignores what ECR changes when it
 * stores a policy (formatting, key order and the order of rules).
 */
final class LifecyclePolicies {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TAG_STATUS = Set.of("tagged", "untagged", "any");
    private static final Set<String> COUNT_TYPES =
            Set.of("imageCountMoreThan", "sinceImagePushed", "sinceImagePulled", "sinceImageTransitioned");
    private static final int MIN_LENGTH = 100;
    private static final int MAX_LENGTH = 30_720;

    private LifecyclePolicies() {
    }

    /**
     * A policy with up to two rules: untagged images expire {@code untaggedDays} after their push
     * (priority 1), and all but the newest {@code keepLast} images expire (priority 2; a rule over
     * all images must have the highest priority).
     *
     * @param keepLast images to keep, 0 for no such rule
     * @param untaggedDays days, or {@code null} for no such rule
     */
    static String compose(int keepLast, Integer untaggedDays) {
        ObjectNode policy = JSON.createObjectNode();
        ArrayNode rules = policy.putArray("rules");
        if (untaggedDays != null) {
            ObjectNode rule = rules.addObject().put("rulePriority", 1)
                    .put("description", "Expire untagged images " + untaggedDays + " days after their push");
            rule.putObject("selection").put("tagStatus", "untagged").put("countType", "sinceImagePushed")
                    .put("countUnit", "days").put("countNumber", untaggedDays);
            rule.putObject("action").put("type", "expire");
        }
        if (keepLast > 0) {
            ObjectNode rule = rules.addObject().put("rulePriority", 2)
                    .put("description", "Keep the last " + keepLast + " images");
            rule.putObject("selection").put("tagStatus", "any").put("countType", "imageCountMoreThan")
                    .put("countNumber", keepLast);
            rule.putObject("action").put("type", "expire");
        }
        return policy.toString();
    }

    /**
     * Checks a policy document the way PutLifecyclePolicy does, so a bad file fails before the push.
     *
     * @throws InvalidInputException naming the file and what is wrong
     */
    static void requireValid(String source, String text) {
        String problem = problem(text);
        if (problem != null) {
            throw new InvalidInputException("lifecyclePolicyFile", source, "the lifecycle policy is invalid: "
                    + problem + ".", "See the ECR lifecycle policy parameters and fix the document.");
        }
    }

    /** Whether two policy documents have the same rules, whatever their formatting and rule order. */
    static boolean sameRules(String a, String b) {
        if (a == null || b == null) {
            return a == null && b == null;
        }
        return normalized(a).equals(normalized(b));
    }

    /** A short description for logs, for example "keep the last 30 images". */
    static String describe(String text) {
        if (text == null) {
            return "no lifecycle policy";
        }
        List<String> parts = new ArrayList<>();
        JsonNode rules = parse(text).path("rules");
        for (JsonNode rule : rules) {
            JsonNode selection = rule.path("selection");
            String status = selection.path("tagStatus").asText();
            String count = selection.path("countType").asText();
            int number = selection.path("countNumber").asInt();
            if (status.equals("any") && count.equals("imageCountMoreThan")) {
                parts.add("keep the last " + number + " images");
            } else if (status.equals("untagged") && count.equals("sinceImagePushed")) {
                parts.add("expire untagged images after " + number + " days");
            } else {
                parts.add("rule " + rule.path("rulePriority").asInt() + " (" + status + ", " + count + " " + number + ")");
            }
        }
        return String.join(", ", parts);
    }

    private static String problem(String text) {
        if (text.length() < MIN_LENGTH || text.length() > MAX_LENGTH) {
            return "ECR accepts " + MIN_LENGTH + " to " + MAX_LENGTH + " characters, the document has " + text.length();
        }
        JsonNode policy;
        try {
            policy = JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "it is not valid JSON (" + e.getOriginalMessage() + ")";
        }
        JsonNode rules = policy == null ? null : policy.path("rules");
        if (rules == null || !rules.isArray() || rules.isEmpty()) {
            return "'rules' must be a non-empty array";
        }
        Set<Integer> priorities = new HashSet<>();
        int highest = Integer.MIN_VALUE;
        Integer anyPriority = null;
        for (JsonNode rule : rules) {
            int priority = rule.path("rulePriority").asInt(0);
            if (priority < 1 || !priorities.add(priority)) {
                return "every rule needs a unique positive 'rulePriority'";
            }
            highest = Math.max(highest, priority);
            JsonNode selection = rule.path("selection");
            String status = selection.path("tagStatus").asText("");
            if (!TAG_STATUS.contains(status)) {
                return "'tagStatus' of rule " + priority + " must be tagged, untagged or any";
            }
            if (status.equals("any")) {
                anyPriority = priority;
            }
            if (status.equals("tagged") && !selection.has("tagPrefixList") && !selection.has("tagPatternList")) {
                return "the tagged rule " + priority + " needs 'tagPrefixList' or 'tagPatternList'";
            }
            if (!COUNT_TYPES.contains(selection.path("countType").asText(""))) {
                return "'countType' of rule " + priority + " must be one of " + COUNT_TYPES;
            }
            if (selection.path("countNumber").asInt(0) < 1) {
                return "'countNumber' of rule " + priority + " must be a positive integer";
            }
            String action = rule.path("action").path("type").asText("");
            if (!action.equals("expire") && !action.equals("transition")) {
                return "'action.type' of rule " + priority + " must be expire or transition";
            }
        }
        if (anyPriority != null && anyPriority != highest) {
            return "the rule with tagStatus 'any' must have the highest rulePriority";
        }
        return null;
    }

    private static JsonNode normalized(String text) {
        JsonNode policy = parse(text);
        List<JsonNode> rules = new ArrayList<>();
        policy.path("rules").forEach(rules::add);
        rules.sort(Comparator.comparingInt(rule -> rule.path("rulePriority").asInt()));
        ArrayNode sorted = JSON.createArrayNode();
        rules.forEach(sorted::add);
        return sorted;
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
