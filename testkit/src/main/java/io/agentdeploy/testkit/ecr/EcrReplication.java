package io.agentdeploy.testkit.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentdeploy.testkit.aws.AwsError;
import io.agentdeploy.testkit.aws.Json;
import java.util.regex.Pattern;

/**
 * DescribeRegistry and PutReplicationConfiguration: the registry-wide replication rules, validated
 * as ECR validates them.
 *
 * <p>NOTE: the double stores the rules but does not copy pushed images to the destinations.
 */
final class EcrReplication {

    private static final Pattern REGION = Pattern.compile("[0-9a-z-]{2,25}");
    private static final Pattern REGISTRY_ID = Pattern.compile("[0-9]{12}");
    private static final Pattern FILTER = Pattern.compile("^(?:[a-z0-9]+(?:[._-][a-z0-9]*)*/)*[a-z0-9]*(?:[._-][a-z0-9]*)*$");

    private EcrReplication() {
    }

    static ObjectNode describeRegistry(EcrRegistry registry) {
        ObjectNode output = Json.object().put("registryId", registry.accountId());
        output.set("replicationConfiguration", registry.replicationConfiguration());
        return output;
    }

    static ObjectNode put(EcrRegistry registry, JsonNode input) {
        JsonNode configuration = input.path("replicationConfiguration");
        JsonNode rules = configuration.path("rules");
        if (!rules.isArray() || rules.size() > 10) {
            throw EcrDouble.invalidParameter("replicationConfiguration.rules", "Member must have length less than or"
                    + " equal to 10");
        }
        for (JsonNode rule : rules) {
            JsonNode destinations = rule.path("destinations");
            if (!destinations.isArray() || destinations.isEmpty() || destinations.size() > 100) {
                throw EcrDouble.invalidParameter("replicationConfiguration.rules.destinations",
                        "Member must have length between 1 and 100");
            }
            for (JsonNode destination : destinations) {
                String region = destination.path("region").asText("");
                String registryId = destination.path("registryId").asText("");
                if (!REGION.matcher(region).matches() || !REGISTRY_ID.matcher(registryId).matches()) {
                    throw EcrDouble.invalidParameter("replicationConfiguration.rules.destinations",
                            "a destination needs a region and a 12-digit registryId");
                }
                if (region.equals(registry.region()) && registryId.equals(registry.accountId())) {
                    throw new AwsError(400, "InvalidParameterException", "Invalid parameter: a registry cannot"
                            + " replicate to itself (" + registryId + " in " + region + ")");
                }
            }
            JsonNode filters = rule.path("repositoryFilters");
            if (filters.isMissingNode()) {
                continue;
            }
            if (!filters.isArray() || filters.isEmpty() || filters.size() > 100) {
                throw EcrDouble.invalidParameter("replicationConfiguration.rules.repositoryFilters",
                        "Member must have length between 1 and 100");
            }
            for (JsonNode filter : filters) {
                if (!"PREFIX_MATCH".equals(filter.path("filterType").asText())
                        || !FILTER.matcher(filter.path("filter").asText("")).matches()
                        || filter.path("filter").asText("").length() < 2) {
                    throw EcrDouble.invalidParameter("replicationConfiguration.rules.repositoryFilters",
                            "a filter is a repository name prefix of 2 to 256 characters with filterType PREFIX_MATCH");
                }
            }
        }
        ObjectNode stored = Json.object();
        stored.set("rules", rules.deepCopy());
        registry.replicationConfiguration(stored);
        ObjectNode output = Json.object();
        output.set("replicationConfiguration", stored.deepCopy());
        return output;
    }
}
