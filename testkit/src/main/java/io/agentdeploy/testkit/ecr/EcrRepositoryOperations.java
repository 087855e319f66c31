package io.agentdeploy.testkit.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentdeploy.testkit.aws.AwsError;
import io.agentdeploy.testkit.aws.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The repository operations of one registry: create, describe, delete, lifecycle policy, scanning
 * configuration, tag mutability and resource tags, with ECR's validation and error codes.
 */
final class EcrRepositoryOperations {

    private static final Set<String> TAG_MUTABILITY =
            Set.of("MUTABLE", "IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION", "MUTABLE_WITH_EXCLUSION");
    private static final Set<String> ENCRYPTION_TYPES = Set.of("AES256", "KMS", "KMS_DSSE");
    private static final int MAX_TAGS = 50;

    private final EcrRegistry registry;

    EcrRepositoryOperations(EcrRegistry registry) {
        this.registry = registry;
    }

    ObjectNode create(JsonNode input) {
        String name = input.path("repositoryName").asText(null);
        EcrDouble.requireRepositoryName(name);
        String mutability = input.path("imageTagMutability").asText("MUTABLE");
        if (!TAG_MUTABILITY.contains(mutability)) {
            throw EcrDouble.invalidParameter("imageTagMutability", "Member must satisfy enum value set: " + TAG_MUTABILITY);
        }
        JsonNode encryption = input.path("encryptionConfiguration");
        String encryptionType = encryption.path("encryptionType").asText("AES256");
        if (!ENCRYPTION_TYPES.contains(encryptionType)) {
            throw EcrDouble.invalidParameter("encryptionConfiguration.encryptionType",
                    "Member must satisfy enum value set: " + ENCRYPTION_TYPES);
        }
        if (encryptionType.equals("AES256") && encryption.has("kmsKey")) {
            throw new AwsError(400, "InvalidParameterException", "Invalid parameter: KMS key must not be specified"
                    + " for the AES256 encryption type");
        }
        String kmsKey = encryption.path("kmsKey").asText(null);
        if (kmsKey == null && !encryptionType.equals("AES256")) {
            // Without a key, ECR uses the AWS managed key of the account.
            kmsKey = "arn:aws:kms:" + registry.region() + ":" + registry.accountId() + ":alias/aws/ecr";
        }
        Map<String, String> tags = tags(input.path("tags"));
        EcrRepository repository = new EcrRepository(name, registry.repositoryArn(name), registry.accountId(),
                registry.registryHost() + "/" + name, Instant.now(),
                input.path("imageScanningConfiguration").path("scanOnPush").asBoolean(false), mutability,
                encryptionType, kmsKey, null, tags);
        if (registry.repositories().putIfAbsent(name, repository) != null) {
            throw new AwsError(400, "RepositoryAlreadyExistsException", "The repository with name '" + name
                    + "' already exists in the registry with id '" + registry.accountId() + "'");
        }
        ObjectNode output = Json.object();
        output.set("repository", json(repository));
        return output;
    }

    ObjectNode describe(JsonNode input) {
        ArrayNode list = Json.MAPPER.createArrayNode();
        if (input.has("repositoryNames")) {
            for (JsonNode name : input.path("repositoryNames")) {
                EcrRepository repository = registry.repositories().get(name.asText());
                if (repository == null) {
                    throw notFound(name.asText());
                }
                list.add(json(repository));
            }
        } else {
            // NOTE: all repositories in one page; maxResults and nextToken are not honoured.
            registry.repositories().values().forEach(repository -> list.add(json(repository)));
        }
        ObjectNode output = Json.object();
        output.set("repositories", list);
        return output;
    }

    ObjectNode delete(EcrRepository repository, JsonNode input) {
        boolean force = input.path("force").asBoolean(false);
        var tags = registry.client().tags(repository.name());
        if (!tags.isEmpty() && !force) {
            throw new AwsError(400, "RepositoryNotEmptyException", "The repository with name '" + repository.name()
                    + "' in registry with id '" + registry.accountId()
                    + "' cannot be deleted because it still contains images");
        }
        for (String tag : tags) {
            registry.client().digest(repository.name(), tag)
                    .ifPresent(digest -> registry.client().deleteManifest(repository.name(), digest));
        }
        registry.repositories().remove(repository.name());
        ObjectNode output = Json.object();
        output.set("repository", json(repository));
        return output;
    }

    ObjectNode putLifecyclePolicy(EcrRepository repository, JsonNode input) {
        String text = input.path("lifecyclePolicyText").asText(null);
        LifecyclePolicyRules.validate(text);
        registry.repositories().put(repository.name(), repository.withLifecyclePolicyText(text));
        return Json.object().put("registryId", registry.accountId()).put("repositoryName", repository.name())
                .put("lifecyclePolicyText", text);
    }

    ObjectNode getLifecyclePolicy(EcrRepository repository) {
        if (repository.lifecyclePolicyText() == null) {
            throw new AwsError(400, "LifecyclePolicyNotFoundException", "Lifecycle policy does not exist for the"
                    + " repository with name '" + repository.name() + "' in the registry with id '"
                    + registry.accountId() + "'");
        }
        return Json.object().put("registryId", registry.accountId()).put("repositoryName", repository.name())
                .put("lifecyclePolicyText", repository.lifecyclePolicyText())
                .put("lastEvaluatedAt", EcrDouble.epochSeconds(Instant.now()));
    }

    ObjectNode putImageScanningConfiguration(EcrRepository repository, JsonNode input) {
        JsonNode configuration = input.path("imageScanningConfiguration");
        if (!configuration.isObject()) {
            throw EcrDouble.invalidParameter("imageScanningConfiguration", "Member must not be null");
        }
        EcrRepository updated = repository.withScanOnPush(configuration.path("scanOnPush").asBoolean(false));
        registry.repositories().put(repository.name(), updated);
        ObjectNode output = Json.object().put("registryId", registry.accountId())
                .put("repositoryName", repository.name());
        output.putObject("imageScanningConfiguration").put("scanOnPush", updated.scanOnPush());
        return output;
    }

    ObjectNode putImageTagMutability(EcrRepository repository, JsonNode input) {
        String mutability = input.path("imageTagMutability").asText(null);
        if (mutability == null || !TAG_MUTABILITY.contains(mutability)) {
            throw EcrDouble.invalidParameter("imageTagMutability", "Member must satisfy enum value set: " + TAG_MUTABILITY);
        }
        registry.repositories().put(repository.name(), repository.withTagMutability(mutability));
        return Json.object().put("registryId", registry.accountId()).put("repositoryName", repository.name())
                .put("imageTagMutability", mutability);
    }

    ObjectNode listTagsForResource(EcrRepository repository) {
        ObjectNode output = Json.object();
        ArrayNode tags = output.putArray("tags");
        repository.tags().forEach((key, value) -> tags.addObject().put("Key", key).put("Value", value));
        return output;
    }

    ObjectNode tagResource(EcrRepository repository, JsonNode input) {
        Map<String, String> tags = new LinkedHashMap<>(repository.tags());
        tags.putAll(tags(input.path("tags")));
        if (tags.size() > MAX_TAGS) {
            throw new AwsError(400, "TooManyTagsException", "The repository would have " + tags.size()
                    + " tags; at most " + MAX_TAGS + " are allowed");
        }
        registry.repositories().put(repository.name(), repository.withTags(tags));
        return Json.object();
    }

    ObjectNode untagResource(EcrRepository repository, JsonNode input) {
        Map<String, String> tags = new LinkedHashMap<>(repository.tags());
        input.path("tagKeys").forEach(key -> tags.remove(key.asText()));
        registry.repositories().put(repository.name(), repository.withTags(tags));
        return Json.object();
    }

    /** The repository a resource ARN names, in this registry. */
    EcrRepository byArn(String arn) {
        String prefix = "arn:aws:ecr:" + registry.region() + ":" + registry.accountId() + ":repository/";
        if (arn == null || !arn.startsWith(prefix)) {
            throw new AwsError(400, "InvalidParameterException", "Invalid parameter at 'resourceArn': '" + arn
                    + "' is not a repository ARN of registry " + registry.accountId() + " in " + registry.region());
        }
        String name = arn.substring(prefix.length());
        EcrRepository repository = registry.repositories().get(name);
        if (repository == null) {
            throw notFound(name);
        }
        return repository;
    }

    EcrRepository existing(JsonNode input) {
        String name = input.path("repositoryName").asText(null);
        EcrDouble.requireRepositoryName(name);
        EcrRepository repository = registry.repositories().get(name);
        if (repository == null) {
            throw notFound(name);
        }
        return repository;
    }

    private static Map<String, String> tags(JsonNode list) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (JsonNode tag : list) {
            String key = tag.path("Key").asText("");
            String value = tag.path("Value").asText("");
            if (key.isEmpty() || key.length() > 128 || value.length() > 256 || key.startsWith("aws:")) {
                throw new AwsError(400, "InvalidTagParameterException", "An invalid parameter has been specified."
                        + " Tag keys can have a maximum character length of 128 characters, and tag values can have a"
                        + " maximum length of 256 characters; keys must not start with 'aws:'.");
            }
            tags.put(key, value);
        }
        if (tags.size() > MAX_TAGS) {
            throw new AwsError(400, "TooManyTagsException", "At most " + MAX_TAGS + " tags are allowed");
        }
        return tags;
    }

    private ObjectNode json(EcrRepository repository) {
        ObjectNode json = Json.object()
                .put("repositoryArn", repository.arn())
                .put("registryId", repository.registryId())
                .put("repositoryName", repository.name())
                .put("repositoryUri", repository.uri())
                .put("createdAt", EcrDouble.epochSeconds(repository.createdAt()))
                .put("imageTagMutability", repository.tagMutability());
        json.putObject("imageScanningConfiguration").put("scanOnPush", repository.scanOnPush());
        ObjectNode encryption = json.putObject("encryptionConfiguration")
                .put("encryptionType", repository.encryptionType());
        if (repository.kmsKey() != null) {
            encryption.put("kmsKey", repository.kmsKey());
        }
        return json;
    }

    AwsError notFound(String name) {
        return new AwsError(400, "RepositoryNotFoundException", "The repository with name '" + name
                + "' does not exist in the registry with id '" + registry.accountId() + "'");
    }
}
