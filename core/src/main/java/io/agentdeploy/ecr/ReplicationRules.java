package io.agentdeploy.ecr;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ReplicationConfiguration;
import software.amazon.awssdk.services.ecr.model.ReplicationDestination;
import software.amazon.awssdk.services.ecr.model.ReplicationRule;
import software.amazon.awssdk.services.ecr.model.RepositoryFilter;
import software.amazon.awssdk.services.ecr.model.RepositoryFilterType;

/**
 * The replication of one repository. ECR keeps replication rules per registry, not per repository,
 * so the repository gets its own rule: one {@code PREFIX_MATCH} filter equal to its name, with the
 * wanted destinations. Rules of other repositories are kept as they are.
 *
 * <p>NOTE: a prefix filter also matches longer names that start with this one.
 */
final class ReplicationRules {

    /** The change that makes the rule as wanted. */
    record Change(String description, Runnable apply) {
    }

    private static final int MAX_RULES = 10;

    private final EcrClient ecr;
    private final EcrApiErrors errors;
    private final String registryId;
    private final String repository;
    private final List<ReplicationDestination> wanted;

    /** @param destinations {@code region} or {@code account:region}, as validated by {@link RepositorySettings} */
    ReplicationRules(EcrClient ecr, EcrApiErrors errors, String registryId, String repository,
            List<String> destinations) {
        this.ecr = ecr;
        this.errors = errors;
        this.registryId = registryId;
        this.repository = repository;
        this.wanted = destinations.stream().map(this::destination).toList();
    }

    /** The change to make, or empty when the registry already replicates the repository as wanted. */
    Optional<Change> difference() {
        List<ReplicationRule> rules = new ArrayList<>(current());
        int own = -1;
        for (int i = 0; i < rules.size(); i++) {
            List<RepositoryFilter> filters = rules.get(i).repositoryFilters();
            if (filters.size() == 1 && filters.get(0).filter().equals(repository)) {
                own = i;
            }
        }
        Set<String> before = own < 0 ? Set.of() : describe(rules.get(own).destinations());
        if (before.equals(describe(wanted))) {
            return Optional.empty();
        }
        ReplicationRule rule = ReplicationRule.builder().destinations(wanted).repositoryFilters(RepositoryFilter
                .builder().filter(repository).filterType(RepositoryFilterType.PREFIX_MATCH).build()).build();
        if (own >= 0) {
            rules.set(own, rule);
        } else {
            rules.add(rule);
        }
        if (rules.size() > MAX_RULES) {
            throw errors.exception("The registry " + registryId + " has " + MAX_RULES + " replication rules already,"
                    + " the most ECR allows, so '" + repository + "' cannot get its own. Merge rules in the"
                    + " registry's replication configuration, or replicate without this option.", repository, null);
        }
        String description = "replication " + (before.isEmpty() ? "none" : String.join(", ", before)) + " -> "
                + String.join(", ", describe(wanted));
        return Optional.of(new Change(description, () -> put(rules)));
    }

    private List<ReplicationRule> current() {
        try {
            ReplicationConfiguration configuration = ecr.describeRegistry(r -> { }).replicationConfiguration();
            return configuration == null ? List.of() : configuration.rules();
        } catch (SdkException e) {
            throw errors.translate(e, "The replication configuration of registry " + registryId
                    + " could not be read", "DescribeRegistry", repository);
        }
    }

    private void put(List<ReplicationRule> rules) {
        try {
            ecr.putReplicationConfiguration(r -> r.replicationConfiguration(c -> c.rules(rules)));
        } catch (SdkException e) {
            throw errors.translate(e, "The replication of ECR repository '" + repository + "' could not be set",
                    "PutReplicationConfiguration", repository);
        }
    }

    private ReplicationDestination destination(String text) {
        int colon = text.indexOf(':');
        String account = colon < 0 ? registryId : text.substring(0, colon);
        String region = text.substring(colon + 1);
        return ReplicationDestination.builder().registryId(account).region(region).build();
    }

    private Set<String> describe(List<ReplicationDestination> destinations) {
        Set<String> described = new LinkedHashSet<>();
        destinations.forEach(d -> described.add(d.registryId().equals(registryId) ? d.region()
                : d.registryId() + ":" + d.region()));
        return described;
    }
}
