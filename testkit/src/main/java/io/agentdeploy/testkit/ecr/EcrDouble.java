package io.agentdeploy.testkit.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.Faults;
import io.agentdeploy.testkit.aws.AwsError;
import io.agentdeploy.testkit.aws.AwsJsonDoubleServer;
import io.agentdeploy.testkit.aws.AwsRequest;
import io.agentdeploy.testkit.aws.AwsResponse;
import io.agentdeploy.testkit.aws.Json;
import io.agentdeploy.testkit.registry.RegistryCall;
import io.agentdeploy.testkit.registry.RegistryClient;
import io.agentdeploy.testkit.registry.RegistryError;
import io.agentdeploy.testkit.registry.RegistryGateway;
import io.agentdeploy.testkit.registry.RegistryTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;

/**
 * A test double of the Amazon ECR API (awsJson1.1, target prefix {@value #TARGET_PREFIX}, signing
 * name {@code ecr}) that follows the real field names, error codes and statuses on the paths the
 * engine uses. Repositories live in memory; images are read from the real registry behind the
 * {@link RegistryGateway}, whose passwords this double issues through GetAuthorizationToken and
 * whose policy it sets: pushes to a missing repository and tag overwrites in an immutable one are
 * rejected the way ECR rejects them.
 */
public final class EcrDouble extends AwsJsonDoubleServer {

    public static final String TARGET_PREFIX = "AmazonEC2ContainerRegistry_V20150921";
    public static final String SERVICE = "ecr";
    public static final String DEFAULT_ACCOUNT = "123456789012";
    public static final String DEFAULT_REGION = "us-east-1";

    /** ECR API shape RepositoryName. */
    static final Pattern REPOSITORY_NAME =
            Pattern.compile("(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*");
    private static final Set<String> TAG_MUTABILITY =
            Set.of("MUTABLE", "IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION", "MUTABLE_WITH_EXCLUSION");
    private static final Set<String> ENCRYPTION_TYPES = Set.of("AES256", "KMS", "KMS_DSSE");
    private static final Set<String> MUTATING = Set.of("CreateRepository", "DeleteRepository", "PutLifecyclePolicy",
            "DeleteLifecyclePolicy", "PutImageScanningConfiguration", "PutImageTagMutability");

    private final String accountId;
    private final String region;
    private final RegistryClient registry;
    private final RegistryGateway gateway;
    private final Map<String, EcrRepository> repositories = new ConcurrentSkipListMap<>();
    private final Set<String> deniedOperations = ConcurrentHashMap.newKeySet();
    private final EcrImages images;
    private volatile Duration tokenValidity = Duration.ofHours(12);

    /**
     * @param registry direct access to the registry, for the image operations
     * @param gateway the gateway clients push through; its tokens and policy are set by this double
     */
    public EcrDouble(String accountId, String region, RegistryClient registry, RegistryGateway gateway, CallLog callLog,
            Faults faults) {
        super(SERVICE, "ecr", TARGET_PREFIX, callLog, faults);
        this.accountId = accountId;
        this.region = region;
        this.registry = registry;
        this.gateway = gateway;
        this.images = new EcrImages(registry, accountId);
        gateway.policy(this::checkRegistryCall);
    }

    public EcrDouble(RegistryClient registry, RegistryGateway gateway, CallLog callLog, Faults faults) {
        this(DEFAULT_ACCOUNT, DEFAULT_REGION, registry, gateway, callLog, faults);
    }

    public String accountId() {
        return accountId;
    }

    public String region() {
        return region;
    }

    /** {@code <account>.dkr.ecr.<region>.amazonaws.com}, the registry host of repository URIs. */
    public String registryHost() {
        return accountId + ".dkr.ecr." + region + ".amazonaws.com";
    }

    /** How long passwords from GetAuthorizationToken stay valid; 12 hours unless set, as in ECR. */
    public void tokenValidity(Duration validity) {
        this.tokenValidity = validity;
    }

    /** Makes every call of {@code operation} fail with AccessDeniedException, as a missing IAM permission does. */
    public void deny(String operation) {
        deniedOperations.add(operation);
    }

    /** Lifts every {@link #deny(String)}. */
    public void allowAll() {
        deniedOperations.clear();
    }

    /** The repository as stored, or empty. */
    public Optional<EcrRepository> repository(String name) {
        return Optional.ofNullable(repositories.get(name));
    }

    /** Removes every repository; images stay in the registry. */
    public void reset() {
        repositories.clear();
    }

    @Override
    protected Set<String> mutatingOperations() {
        return MUTATING;
    }

    @Override
    protected AwsError throttlingError() {
        return new AwsError(400, "ThrottlingException", "Rate exceeded");
    }

    @Override
    protected AwsError serverError() {
        return new AwsError(500, "ServerException", "Injected fault: internal server error.");
    }

    @Override
    protected AwsResponse dispatch(String operation, AwsRequest request) {
        JsonNode input = Json.parse(request.body());
        if (deniedOperations.contains(operation)) {
            throw accessDenied(operation, input.path("repositoryName").asText("*"));
        }
        switch (operation) {
            case "CreateRepository":
                return ok(createRepository(input));
            case "DescribeRepositories":
                return ok(describeRepositories(input));
            case "DeleteRepository":
                return ok(deleteRepository(input));
            case "GetAuthorizationToken":
                return ok(authorizationToken(input));
            case "PutLifecyclePolicy":
                return ok(putLifecyclePolicy(input));
            case "GetLifecyclePolicy":
                return ok(getLifecyclePolicy(input));
            case "PutImageScanningConfiguration":
                return ok(putImageScanningConfiguration(input));
            case "PutImageTagMutability":
                return ok(putImageTagMutability(input));
            case "DescribeImages":
                return ok(images.describeImages(existing(input), input));
            case "BatchGetImage":
                return ok(images.batchGetImage(existing(input), input));
            default:
                throw new AwsError(400, "UnknownOperationException", "The ECR test double does not serve " + operation);
        }
    }

    private ObjectNode createRepository(JsonNode input) {
        String name = input.path("repositoryName").asText(null);
        requireRepositoryName(name);
        String mutability = input.path("imageTagMutability").asText("MUTABLE");
        if (!TAG_MUTABILITY.contains(mutability)) {
            throw invalidParameter("imageTagMutability", "Member must satisfy enum value set: " + TAG_MUTABILITY);
        }
        JsonNode encryption = input.path("encryptionConfiguration");
        String encryptionType = encryption.path("encryptionType").asText("AES256");
        if (!ENCRYPTION_TYPES.contains(encryptionType)) {
            throw invalidParameter("encryptionConfiguration.encryptionType",
                    "Member must satisfy enum value set: " + ENCRYPTION_TYPES);
        }
        if (encryptionType.equals("AES256") && encryption.has("kmsKey")) {
            throw new AwsError(400, "InvalidParameterException", "Invalid parameter: KMS key must not be specified"
                    + " for the AES256 encryption type");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        input.path("tags").forEach(tag -> tags.put(tag.path("Key").asText(), tag.path("Value").asText()));
        EcrRepository repository = new EcrRepository(name, "arn:aws:ecr:" + region + ":" + accountId + ":repository/" + name,
                accountId, registryHost() + "/" + name, Instant.now(),
                input.path("imageScanningConfiguration").path("scanOnPush").asBoolean(false), mutability,
                encryptionType, encryption.path("kmsKey").asText(null), null, tags);
        if (repositories.putIfAbsent(name, repository) != null) {
            throw new AwsError(400, "RepositoryAlreadyExistsException", "The repository with name '" + name
                    + "' already exists in the registry with id '" + accountId + "'");
        }
        ObjectNode output = Json.object();
        output.set("repository", repositoryJson(repository));
        return output;
    }

    private ObjectNode describeRepositories(JsonNode input) {
        requireRegistry(input);
        ArrayNode list = Json.MAPPER.createArrayNode();
        if (input.has("repositoryNames")) {
            for (JsonNode name : input.path("repositoryNames")) {
                EcrRepository repository = repositories.get(name.asText());
                if (repository == null) {
                    throw repositoryNotFound(name.asText());
                }
                list.add(repositoryJson(repository));
            }
        } else {
            // NOTE: all repositories in one page; maxResults and nextToken are not honoured.
            repositories.values().forEach(repository -> list.add(repositoryJson(repository)));
        }
        ObjectNode output = Json.object();
        output.set("repositories", list);
        return output;
    }

    private ObjectNode deleteRepository(JsonNode input) {
        EcrRepository repository = existing(input);
        boolean force = input.path("force").asBoolean(false);
        var tags = registry.tags(repository.name());
        if (!tags.isEmpty() && !force) {
            throw new AwsError(400, "RepositoryNotEmptyException", "The repository with name '" + repository.name()
                    + "' in registry with id '" + accountId + "' cannot be deleted because it still contains images");
        }
        for (String tag : tags) {
            registry.digest(repository.name(), tag).ifPresent(digest -> registry.deleteManifest(repository.name(), digest));
        }
        repositories.remove(repository.name());
        ObjectNode output = Json.object();
        output.set("repository", repositoryJson(repository));
        return output;
    }

    private ObjectNode authorizationToken(JsonNode input) {
        ArrayNode data = Json.MAPPER.createArrayNode();
        JsonNode registryIds = input.path("registryIds");
        int count = registryIds.isArray() && registryIds.size() > 0 ? registryIds.size() : 1;
        for (int i = 0; i < count; i++) {
            RegistryTokens.Token token = gateway.tokens().issue(tokenValidity);
            data.addObject()
                    .put("authorizationToken", token.authorizationToken())
                    .put("expiresAt", epochSeconds(token.expiresAt()))
                    .put("proxyEndpoint", gateway.endpoint().toString());
        }
        ObjectNode output = Json.object();
        output.set("authorizationData", data);
        return output;
    }

    private ObjectNode putLifecyclePolicy(JsonNode input) {
        EcrRepository repository = existing(input);
        String text = input.path("lifecyclePolicyText").asText(null);
        LifecyclePolicyRules.validate(text);
        repositories.put(repository.name(), repository.withLifecyclePolicyText(text));
        return Json.object().put("registryId", accountId).put("repositoryName", repository.name())
                .put("lifecyclePolicyText", text);
    }

    private ObjectNode getLifecyclePolicy(JsonNode input) {
        EcrRepository repository = existing(input);
        if (repository.lifecyclePolicyText() == null) {
            throw new AwsError(400, "LifecyclePolicyNotFoundException", "Lifecycle policy does not exist for the"
                    + " repository with name '" + repository.name() + "' in the registry with id '" + accountId + "'");
        }
        return Json.object().put("registryId", accountId).put("repositoryName", repository.name())
                .put("lifecyclePolicyText", repository.lifecyclePolicyText());
    }

    private ObjectNode putImageScanningConfiguration(JsonNode input) {
        EcrRepository repository = existing(input);
        JsonNode configuration = input.path("imageScanningConfiguration");
        if (!configuration.isObject()) {
            throw invalidParameter("imageScanningConfiguration", "Member must not be null");
        }
        EcrRepository updated = repository.withScanOnPush(configuration.path("scanOnPush").asBoolean(false));
        repositories.put(repository.name(), updated);
        ObjectNode output = Json.object().put("registryId", accountId).put("repositoryName", repository.name());
        output.putObject("imageScanningConfiguration").put("scanOnPush", updated.scanOnPush());
        return output;
    }

    private ObjectNode putImageTagMutability(JsonNode input) {
        EcrRepository repository = existing(input);
        String mutability = input.path("imageTagMutability").asText(null);
        if (mutability == null || !TAG_MUTABILITY.contains(mutability)) {
            throw invalidParameter("imageTagMutability", "Member must satisfy enum value set: " + TAG_MUTABILITY);
        }
        repositories.put(repository.name(), repository.withTagMutability(mutability));
        return Json.object().put("registryId", accountId).put("repositoryName", repository.name())
                .put("imageTagMutability", mutability);
    }

    /** The gateway's policy: the repository must exist, and tags in immutable repositories stay put. */
    private Optional<RegistryError> checkRegistryCall(RegistryCall call) {
        if (call.repository() == null) {
            return Optional.empty();
        }
        EcrRepository repository = repositories.get(call.repository());
        if (repository == null) {
            return Optional.of(new RegistryError(404, "NAME_UNKNOWN", "The repository with name '" + call.repository()
                    + "' does not exist in the registry with id '" + accountId + "'"));
        }
        boolean overwritesTag = call.operation().equals("PUT manifest") && call.referencesTag()
                && repository.tagMutability().startsWith("IMMUTABLE")
                && registry.digest(repository.name(), call.reference()).isPresent();
        if (overwritesTag) {
            // NOTE: the _WITH_EXCLUSION filters are not applied; every tag counts as immutable.
            return Optional.of(new RegistryError(400, "TAG_INVALID", "The image tag '" + call.reference()
                    + "' already exists in the '" + repository.name()
                    + "' repository and cannot be overwritten because the repository is immutable."));
        }
        return Optional.empty();
    }

    private EcrRepository existing(JsonNode input) {
        requireRegistry(input);
        String name = input.path("repositoryName").asText(null);
        requireRepositoryName(name);
        EcrRepository repository = repositories.get(name);
        if (repository == null) {
            throw repositoryNotFound(name);
        }
        return repository;
    }

    private void requireRegistry(JsonNode input) {
        String registryId = input.path("registryId").asText(accountId);
        if (!registryId.equals(accountId)) {
            throw new AwsError(400, "RepositoryNotFoundException", "The registry with id '" + registryId
                    + "' is not served by this test double (account " + accountId + ")");
        }
    }

    private static void requireRepositoryName(String name) {
        if (name == null) {
            throw invalidParameter("repositoryName", "Member must not be null");
        }
        if (name.length() < 2 || name.length() > 256 || !REPOSITORY_NAME.matcher(name).matches()) {
            throw invalidParameter("repositoryName",
                    "must satisfy regular expression '" + REPOSITORY_NAME.pattern() + "' and length 2 to 256");
        }
    }

    private ObjectNode repositoryJson(EcrRepository repository) {
        ObjectNode json = Json.object()
                .put("repositoryArn", repository.arn())
                .put("registryId", repository.registryId())
                .put("repositoryName", repository.name())
                .put("repositoryUri", repository.uri())
                .put("createdAt", epochSeconds(repository.createdAt()))
                .put("imageTagMutability", repository.tagMutability());
        json.putObject("imageScanningConfiguration").put("scanOnPush", repository.scanOnPush());
        ObjectNode encryption = json.putObject("encryptionConfiguration")
                .put("encryptionType", repository.encryptionType());
        if (repository.kmsKey() != null) {
            encryption.put("kmsKey", repository.kmsKey());
        }
        return json;
    }

    static double epochSeconds(Instant instant) {
        return instant.getEpochSecond() + instant.getNano() / 1_000_000_000.0;
    }

    private AwsError repositoryNotFound(String name) {
        return new AwsError(400, "RepositoryNotFoundException", "The repository with name '" + name
                + "' does not exist in the registry with id '" + accountId + "'");
    }

    private AwsError accessDenied(String operation, String repository) {
        return new AwsError(400, "AccessDeniedException", "User: arn:aws:iam::" + accountId
                + ":user/agent-deploy-test is not authorized to perform: ecr:" + operation + " on resource: arn:aws:ecr:"
                + region + ":" + accountId + ":repository/" + repository
                + " because no identity-based policy allows the ecr:" + operation + " action");
    }

    static AwsError invalidParameter(String field, String constraint) {
        return new AwsError(400, "InvalidParameterException",
                "Invalid parameter at '" + field + "' failed to satisfy constraint: '" + constraint + "'");
    }
}
