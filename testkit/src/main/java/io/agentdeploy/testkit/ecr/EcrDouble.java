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
import io.agentdeploy.testkit.registry.RegistryTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A test double of the Amazon ECR API (awsJson1.1, target prefix {@value #TARGET_PREFIX}, signing
 * name {@code ecr}) that follows the real field names, error codes and statuses on the paths the
 * engine uses. It serves one or more {@link EcrRegistry registries}, chosen like ECR does: the
 * region from the request's signature and the account from {@code registryId} (default: the
 * caller's account, the first registry's). Repositories live in memory; images live in each
 * registry's real registry process, behind a gateway whose passwords this double issues.
 */
public final class EcrDouble extends AwsJsonDoubleServer {

    public static final String TARGET_PREFIX = "AmazonEC2ContainerRegistry_V20150921";
    public static final String SERVICE = "ecr";
    public static final String DEFAULT_ACCOUNT = "123456789012";
    public static final String DEFAULT_REGION = "us-east-1";

    /** ECR API shape RepositoryName. */
    static final Pattern REPOSITORY_NAME =
            Pattern.compile("(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*");
    private static final Set<String> MUTATING = Set.of("CreateRepository", "DeleteRepository", "PutLifecyclePolicy",
            "DeleteLifecyclePolicy", "PutImageScanningConfiguration", "PutImageTagMutability", "PutImage",
            "StartImageScan", "TagResource", "UntagResource", "PutReplicationConfiguration");

    private final EcrRegistry defaultRegistry;
    private final Map<String, EcrRegistry> registries = new ConcurrentHashMap<>();
    private final Set<String> deniedOperations = ConcurrentHashMap.newKeySet();
    private volatile Duration tokenValidity = Duration.ofHours(12);

    /** @param defaultRegistry the caller's own registry: its account is the default registryId */
    public EcrDouble(EcrRegistry defaultRegistry, CallLog callLog, Faults faults) {
        super(SERVICE, "ecr", TARGET_PREFIX, callLog, faults);
        this.defaultRegistry = defaultRegistry;
        addRegistry(defaultRegistry);
    }

    /** Serves another registry (another account, region or both) from this endpoint. */
    public void addRegistry(EcrRegistry registry) {
        registries.put(key(registry.accountId(), registry.region()), registry);
    }

    /** The registry of an account in a region, or empty. */
    public Optional<EcrRegistry> registry(String accountId, String region) {
        return Optional.ofNullable(registries.get(key(accountId, region)));
    }

    public EcrRegistry defaultRegistry() {
        return defaultRegistry;
    }

    public String accountId() {
        return defaultRegistry.accountId();
    }

    public String region() {
        return defaultRegistry.region();
    }

    /** {@code <account>.dkr.ecr.<region>.amazonaws.com} of the default registry. */
    public String registryHost() {
        return defaultRegistry.registryHost();
    }

    /** The scans of the default registry. */
    public EcrScans scans() {
        return defaultRegistry.scans();
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

    /** A repository of the default registry as stored, or empty. */
    public Optional<EcrRepository> repository(String name) {
        return defaultRegistry.repository(name);
    }

    /** Resets every registry: repositories, scans and replication; images stay. */
    public void reset() {
        registries.values().forEach(EcrRegistry::reset);
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
        String region = signedRegion(request);
        if (deniedOperations.contains(operation)) {
            throw accessDenied(operation, region, input.path("repositoryName").asText("*"));
        }
        if (operation.equals("GetAuthorizationToken")) {
            return ok(authorizationToken(input, region));
        }
        EcrRegistry registry = registryFor(input, region);
        EcrRepositoryOperations repositories = new EcrRepositoryOperations(registry);
        return ok(switch (operation) {
            case "CreateRepository" -> repositories.create(input);
            case "DescribeRepositories" -> repositories.describe(input);
            case "DeleteRepository" -> repositories.delete(repositories.existing(input), input);
            case "PutLifecyclePolicy" -> repositories.putLifecyclePolicy(repositories.existing(input), input);
            case "GetLifecyclePolicy" -> repositories.getLifecyclePolicy(repositories.existing(input));
            case "PutImageScanningConfiguration" ->
                    repositories.putImageScanningConfiguration(repositories.existing(input), input);
            case "PutImageTagMutability" -> repositories.putImageTagMutability(repositories.existing(input), input);
            case "ListTagsForResource" -> repositories.listTagsForResource(
                    repositories.byArn(input.path("resourceArn").asText(null)));
            case "TagResource" -> repositories.tagResource(repositories.byArn(input.path("resourceArn").asText(null)),
                    input);
            case "UntagResource" -> repositories.untagResource(
                    repositories.byArn(input.path("resourceArn").asText(null)), input);
            case "DescribeImages" -> registry.images().describeImages(repositories.existing(input), input);
            case "BatchGetImage" -> registry.images().batchGetImage(repositories.existing(input), input);
            case "PutImage" -> registry.images().putImage(repositories.existing(input), input);
            case "StartImageScan" -> registry.scans().startImageScan(repositories.existing(input), input);
            case "DescribeImageScanFindings" ->
                    registry.scans().describeImageScanFindings(repositories.existing(input), input);
            case "DescribeRegistry" -> EcrReplication.describeRegistry(registry);
            case "PutReplicationConfiguration" -> EcrReplication.put(registry, input);
            default -> throw new AwsError(400, "UnknownOperationException",
                    "The ECR test double does not serve " + operation);
        });
    }

    private ObjectNode authorizationToken(JsonNode input, String region) {
        List<String> registryIds = new ArrayList<>();
        input.path("registryIds").forEach(id -> registryIds.add(id.asText()));
        if (registryIds.isEmpty()) {
            registryIds.add(defaultRegistry.accountId());
        }
        ArrayNode data = Json.MAPPER.createArrayNode();
        for (String registryId : registryIds) {
            EcrRegistry registry = registry(registryId, region).orElseThrow(() -> noRegistry(registryId, region));
            RegistryTokens.Token token = registry.gateway().tokens().issue(tokenValidity);
            data.addObject()
                    .put("authorizationToken", token.authorizationToken())
                    .put("expiresAt", epochSeconds(token.expiresAt()))
                    .put("proxyEndpoint", registry.registryEndpoint().toString());
        }
        ObjectNode output = Json.object();
        output.set("authorizationData", data);
        return output;
    }

    private EcrRegistry registryFor(JsonNode input, String region) {
        String registryId = input.path("registryId").asText(defaultRegistry.accountId());
        return registry(registryId, region).orElseThrow(() -> noRegistry(registryId, region));
    }

    /** The region of the request's SigV4 credential scope: ECR endpoints are regional. */
    private String signedRegion(AwsRequest request) {
        String[] scope = request.credentialScope();
        return scope == null ? defaultRegistry.region() : scope[2];
    }

    private static AwsError noRegistry(String registryId, String region) {
        return new AwsError(400, "RepositoryNotFoundException", "The registry with id '" + registryId
                + "' in " + region + " is not served by this test double");
    }

    private AwsError accessDenied(String operation, String region, String repository) {
        return new AwsError(400, "AccessDeniedException", "User: arn:aws:iam::" + accountId()
                + ":user/agent-deploy-test is not authorized to perform: ecr:" + operation + " on resource: arn:aws:ecr:"
                + region + ":" + accountId() + ":repository/" + repository
                + " because no identity-based policy allows the ecr:" + operation + " action");
    }

    static void requireRepositoryName(String name) {
        if (name == null) {
            throw invalidParameter("repositoryName", "Member must not be null");
        }
        if (name.length() < 2 || name.length() > 256 || !REPOSITORY_NAME.matcher(name).matches()) {
            throw invalidParameter("repositoryName",
                    "must satisfy regular expression '" + REPOSITORY_NAME.pattern() + "' and length 2 to 256");
        }
    }

    static double epochSeconds(Instant instant) {
        return instant.getEpochSecond() + instant.getNano() / 1_000_000_000.0;
    }

    static AwsError invalidParameter(String field, String constraint) {
        return new AwsError(400, "InvalidParameterException",
                "Invalid parameter at '" + field + "' failed to satisfy constraint: '" + constraint + "'");
    }

    private static String key(String accountId, String region) {
        return accountId + "/" + region;
    }
}
