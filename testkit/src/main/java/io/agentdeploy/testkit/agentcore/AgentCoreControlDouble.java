package io.agentdeploy.testkit.agentcore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.Faults;
import io.agentdeploy.testkit.ImageLookup;
import io.agentdeploy.testkit.aws.AwsError;
import io.agentdeploy.testkit.aws.AwsRequest;
import io.agentdeploy.testkit.aws.AwsResponse;
import io.agentdeploy.testkit.aws.Json;
import io.agentdeploy.testkit.aws.RestJsonDoubleServer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the Bedrock AgentCore control plane ({@code bedrock-agentcore-control}, restJson1,
 * SigV4 signing name {@code bedrock-agentcore}) serving the agent runtime and runtime endpoint
 * operations on loopback, for the AWS SDK through an endpoint override.
 *
 * <p>It behaves as the service does on these paths: ids {@code <name>-<10 alphanumerics>},
 * {@code runtime/}-style ARNs, versions "1", "2", ... (one per update), a DEFAULT endpoint that
 * follows the newest READY version while other endpoints stay pinned, name and field rules
 * (ValidationException), a duplicate name (ConflictException), client token replay, and status
 * transitions CREATING/UPDATING to READY, or to CREATE_FAILED/UPDATE_FAILED when the image does not
 * exist according to the {@link ImageLookup} or, with {@link #containerCheck(ContainerCheck)}, when
 * its container does not start healthy. Runtime tags are served on {@code /tags/{resourceArn}}.
 * A change completes on the first read after {@link #transitionReads(int)} reads and
 * {@link #transitionDelay(Duration)} have passed and its container check has finished.
 *
 * <p>Tests can make it fail a create or update ({@link #failNextCreate}), reject calls while a new
 * execution role propagates ({@link #rejectRoleForNextCalls}) and throttle through {@link Faults}.
 */
public final class AgentCoreControlDouble extends RestJsonDoubleServer {

    public static final String SERVICE = "bedrock-agentcore-control";
    public static final String SIGNING_NAME = "bedrock-agentcore";
    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_ACCOUNT = "123456789012";
    static final String DEFAULT_ENDPOINT = "DEFAULT";
    /** Quotas of the service: runtimes per account and endpoints per runtime. */
    static final int MAX_RUNTIMES = 1000;
    static final int MAX_ENDPOINTS = 10;

    private static final Set<String> MUTATING = Set.of("CreateAgentRuntime", "UpdateAgentRuntime",
            "DeleteAgentRuntime", "CreateAgentRuntimeEndpoint", "UpdateAgentRuntimeEndpoint",
            "DeleteAgentRuntimeEndpoint", "TagResource", "UntagResource");

    /** One operation: HTTP method and path. Paths end in '/' as the service's do. */
    private record Route(String method, Pattern path, String operation) { }

    /** A request's operation, with the path groups: runtime id, then endpoint name. */
    private record RouteMatch(String operation, Matcher path) { }

    private static final List<Route> ROUTES = List.of(
            new Route("PUT", Pattern.compile("/runtimes/?"), "CreateAgentRuntime"),
            new Route("POST", Pattern.compile("/runtimes/?"), "ListAgentRuntimes"),
            new Route("PUT", Pattern.compile("/runtimes/([^/]+)/?"), "UpdateAgentRuntime"),
            new Route("GET", Pattern.compile("/runtimes/([^/]+)/?"), "GetAgentRuntime"),
            new Route("DELETE", Pattern.compile("/runtimes/([^/]+)/?"), "DeleteAgentRuntime"),
            new Route("POST", Pattern.compile("/runtimes/([^/]+)/versions/?"), "ListAgentRuntimeVersions"),
            new Route("PUT", Pattern.compile("/runtimes/([^/]+)/runtime-endpoints/?"), "CreateAgentRuntimeEndpoint"),
            new Route("POST", Pattern.compile("/runtimes/([^/]+)/runtime-endpoints/?"), "ListAgentRuntimeEndpoints"),
            new Route("PUT", Pattern.compile("/runtimes/([^/]+)/runtime-endpoints/([^/]+)/?"),
                    "UpdateAgentRuntimeEndpoint"),
            new Route("GET", Pattern.compile("/runtimes/([^/]+)/runtime-endpoints/([^/]+)/?"),
                    "GetAgentRuntimeEndpoint"),
            new Route("DELETE", Pattern.compile("/runtimes/([^/]+)/runtime-endpoints/([^/]+)/?"),
                    "DeleteAgentRuntimeEndpoint"),
            new Route("GET", Pattern.compile("/tags/(.+)"), "ListTagsForResource"),
            new Route("POST", Pattern.compile("/tags/(.+)"), "TagResource"),
            new Route("DELETE", Pattern.compile("/tags/(.+)"), "UntagResource"));

    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final String region;
    private final String accountId;
    private final VersionChecks checks;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, RuntimeRecord> runtimes = new LinkedHashMap<>();
    private final ClientTokenCache tokens = new ClientTokenCache();
    private final EndpointOperations endpointOperations = new EndpointOperations(this);
    private final TagOperations tagOperations = new TagOperations(this);
    private volatile Clock clock = Clock.systemUTC();
    private volatile int transitionReads = 2;
    private volatile Duration transitionDelay = Duration.ZERO;
    private String nextCreateFailure;
    private String nextUpdateFailure;
    private int roleRejections;
    private final Set<String> hiddenFromNextListing = new HashSet<>();

    /** Creates a double for account {@value #DEFAULT_ACCOUNT} in {@value #DEFAULT_REGION}. */
    public AgentCoreControlDouble(CallLog callLog, Faults faults, ImageLookup images) {
        this(DEFAULT_REGION, DEFAULT_ACCOUNT, callLog, faults, images);
    }

    /**
     * @param region the region in ARNs; container images must be in it
     * @param accountId the account in ARNs
     * @param images reports whether a runtime version's container image exists, which decides READY or *_FAILED
     */
    public AgentCoreControlDouble(String region, String accountId, CallLog callLog, Faults faults, ImageLookup images) {
        super(SERVICE, SIGNING_NAME, callLog, faults);
        this.region = region;
        this.accountId = accountId;
        this.checks = new VersionChecks(images);
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return accountId;
    }

    /** Sets how many reads (Get or List calls touching it) a change needs before it completes; default 2. */
    public AgentCoreControlDouble transitionReads(int reads) {
        this.transitionReads = reads;
        return this;
    }

    /** Sets how long a change takes at least before it completes; default zero. */
    public AgentCoreControlDouble transitionDelay(Duration delay) {
        this.transitionDelay = delay;
        return this;
    }

    /** Sets the clock of timestamps and transition delays. */
    public AgentCoreControlDouble clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** Makes the next created runtime end in CREATE_FAILED with this failure reason. */
    public synchronized void failNextCreate(String failureReason) {
        this.nextCreateFailure = failureReason;
    }

    /**
     * Starts each new version's container with this check before the version can become READY, as the
     * service does; {@code null} (the default) only checks that the image exists.
     */
    public AgentCoreControlDouble containerCheck(ContainerCheck check) {
        checks.containerCheck(check);
        return this;
    }

    /**
     * Makes the next {@code calls} CreateAgentRuntime or UpdateAgentRuntime calls fail with the
     * ValidationException the service returns while a newly created execution role is not yet usable.
     */
    public synchronized void rejectRoleForNextCalls(int calls) {
        this.roleRejections = calls;
    }

    /** Makes the next runtime update end in UPDATE_FAILED with this failure reason. */
    public synchronized void failNextUpdate(String failureReason) {
        this.nextUpdateFailure = failureReason;
    }

    /**
     * Leaves the runtime out of the next ListAgentRuntimes response, as an eventually consistent
     * listing does right after a create, so that a caller's create meets a ConflictException.
     */
    public synchronized void hideFromNextListing(String runtimeName) {
        hiddenFromNextListing.add(runtimeName);
    }

    /** Returns the id of the runtime with this name, if there is one. */
    public synchronized Optional<String> runtimeId(String runtimeName) {
        return runtimes.values().stream().filter(r -> r.name.equals(runtimeName)).map(r -> r.id).findFirst();
    }

    /** Forgets every runtime, client token and pending test hook; settings such as the clock stay. */
    public synchronized void reset() {
        runtimes.clear();
        tokens.clear();
        nextCreateFailure = null;
        nextUpdateFailure = null;
        roleRejections = 0;
        hiddenFromNextListing.clear();
    }

    /** Returns the tags of the runtime with this name, if there is one. */
    public synchronized Optional<Map<String, String>> tags(String runtimeName) {
        return runtimes.values().stream().filter(r -> r.name.equals(runtimeName)).map(r -> Map.copyOf(r.tags))
                .findFirst();
    }

    @Override
    public void close() {
        super.close();
        checks.close();
    }

    @Override
    protected String operation(AwsRequest request) {
        RouteMatch match = route(request);
        return match == null ? null : match.operation();
    }

    @Override
    protected Set<String> mutatingOperations() {
        return MUTATING;
    }

    @Override
    protected synchronized AwsResponse dispatch(String operation, AwsRequest request) {
        Matcher path = route(request).path();
        try {
            return switch (operation) {
                case "CreateAgentRuntime" -> replayable(operation, request, () -> createRuntime(request));
                case "UpdateAgentRuntime" -> replayable(operation, request, () -> updateRuntime(path.group(1), request));
                case "GetAgentRuntime" -> getRuntime(path.group(1), request);
                case "ListAgentRuntimes" -> listRuntimes(request);
                case "ListAgentRuntimeVersions" -> listVersions(path.group(1), request);
                case "DeleteAgentRuntime" -> replayable(operation, request, () -> deleteRuntime(path.group(1)));
                case "ListTagsForResource", "TagResource", "UntagResource" ->
                        tagOperations.dispatch(operation, path.group(1), request);
                default -> endpointOperations.dispatch(operation, path, request);
            };
        } catch (ValidationFailure failure) {
            return validationError(failure);
        }
    }

    /** Serves a mutating call through the client token cache, so that a replay returns the first result. */
    AwsResponse replayable(String operation, AwsRequest request, Supplier<AwsResponse> action) {
        JsonNode body = Json.parse(request.body());
        String token = request.method().equals("DELETE") ? request.query().get("clientToken")
                : AgentCoreRules.text(body, "clientToken");
        AgentCoreRules.clientToken(token);
        return tokens.serve(operation, token, ClientTokenCache.fingerprint(request, body), action);
    }

    private AwsResponse createRuntime(AwsRequest request) {
        JsonNode body = Json.parse(request.body());
        String name = AgentCoreRules.name("agentRuntimeName", AgentCoreRules.text(body, "agentRuntimeName"));
        AgentCoreRules.runtimeSpec(body, region);
        Map<String, String> tags = TagOperations.check(body.get("tags"));
        checkRolePropagated(body);
        if (runtimeId(name).isPresent()) {
            throw new AwsError(409, "ConflictException", "An agent runtime with the name '" + name + "' already exists.");
        }
        if (runtimes.size() >= MAX_RUNTIMES) {
            throw new AwsError(402, "ServiceQuotaExceededException",
                    "The account has reached the quota of " + MAX_RUNTIMES + " agent runtimes.");
        }
        Instant now = now();
        String id = name + "-" + randomSuffix();
        String arn = arn("runtime/" + id);
        RuntimeRecord runtime = new RuntimeRecord(id, name, arn,
                arn("workload-identity-directory/default/workload-identity/" + id), now);
        runtime.tags.putAll(tags);
        RuntimeRecord.Version version = runtime.addVersion(RuntimeRecord.spec(body), "CREATING", now);
        runtime.pending = checks.start(Transition.Kind.CREATE, version, now, nextCreateFailure);
        nextCreateFailure = null;
        EndpointRecord defaultEndpoint = new EndpointRecord(DEFAULT_ENDPOINT, DEFAULT_ENDPOINT + "-" + randomSuffix(),
                endpointArn(id, DEFAULT_ENDPOINT), arn, now);
        defaultEndpoint.status = "CREATING";
        defaultEndpoint.targetVersion = version.number;
        runtime.endpoints.put(DEFAULT_ENDPOINT, defaultEndpoint);
        runtimes.put(id, runtime);

        ObjectNode response = Json.object()
                .put("agentRuntimeArn", arn)
                .put("agentRuntimeId", id)
                .put("agentRuntimeVersion", version.number)
                .put("createdAt", timestamp(now))
                .put("status", runtime.status());
        response.set("workloadIdentityDetails", Json.object().put("workloadIdentityArn", runtime.workloadIdentityArn));
        return json(202, response);
    }

    private AwsResponse updateRuntime(String id, AwsRequest request) {
        RuntimeRecord runtime = runtime(id);
        JsonNode body = Json.parse(request.body());
        AgentCoreRules.runtimeSpec(body, region);
        checkRolePropagated(body);
        if (runtime.pending != null || runtime.deleting) {
            // NOTE: the service's response to an update during another change is not documented.
            // ConflictException is its error for conflicting state.
            throw new AwsError(409, "ConflictException", "Agent runtime '" + id + "' is " + runtime.status()
                    + "; wait until the current change completes.");
        }
        Instant now = now();
        RuntimeRecord.Version version = runtime.addVersion(RuntimeRecord.spec(body), "UPDATING", now);
        runtime.pending = checks.start(Transition.Kind.UPDATE, version, now, nextUpdateFailure);
        nextUpdateFailure = null;
        EndpointRecord defaultEndpoint = runtime.endpoints.get(DEFAULT_ENDPOINT);
        defaultEndpoint.status = "UPDATING";
        defaultEndpoint.targetVersion = version.number;
        defaultEndpoint.lastUpdatedAt = now;

        ObjectNode response = Json.object()
                .put("agentRuntimeArn", runtime.arn)
                .put("agentRuntimeId", id)
                .put("agentRuntimeVersion", version.number)
                .put("createdAt", timestamp(runtime.createdAt))
                .put("lastUpdatedAt", timestamp(now))
                .put("status", runtime.status());
        response.set("workloadIdentityDetails", Json.object().put("workloadIdentityArn", runtime.workloadIdentityArn));
        return json(202, response);
    }

    private AwsResponse getRuntime(String id, AwsRequest request) {
        RuntimeRecord runtime = readRuntime(id);
        String number = AgentCoreRules.version("version", request.query().get("version"));
        RuntimeRecord.Version version = number == null ? runtime.latest() : runtime.version(number)
                .orElseThrow(() -> new AwsError(404, "ResourceNotFoundException",
                        "Version " + number + " of agent runtime '" + id + "' was not found."));
        return json(200, runtime.toJson(version));
    }

    private AwsResponse listRuntimes(AwsRequest request) {
        List<ObjectNode> summaries = new ArrayList<>();
        for (RuntimeRecord runtime : new ArrayList<>(runtimes.values())) {
            advance(runtime);
            if (runtimes.containsKey(runtime.id) && !hiddenFromNextListing.contains(runtime.name)) {
                summaries.add(runtime.toSummary(runtime.latest()));
            }
        }
        hiddenFromNextListing.clear();
        return json(200, Pages.page(summaries, request, "agentRuntimes"));
    }

    private AwsResponse listVersions(String id, AwsRequest request) {
        RuntimeRecord runtime = readRuntime(id);
        List<ObjectNode> summaries = new ArrayList<>();
        runtime.versions.forEach(version -> summaries.add(runtime.toSummary(version)));
        return json(200, Pages.page(summaries, request, "agentRuntimes"));
    }

    private AwsResponse deleteRuntime(String id) {
        RuntimeRecord runtime = runtime(id);
        if (runtime.endpoints.keySet().stream().anyMatch(name -> !name.equals(DEFAULT_ENDPOINT))) {
            throw new AwsError(409, "ConflictException", "Agent runtime '" + id + "' has endpoints other than "
                    + DEFAULT_ENDPOINT + "; delete them first.");
        }
        if (!runtime.deleting) {
            runtime.deleting = true;
            runtime.pending = new Transition(Transition.Kind.DELETE, now(), null);
        }
        return json(202, Json.object().put("status", "DELETING").put("agentRuntimeId", id));
    }

    /** Finds a runtime for a mutating call, without counting a read. */
    RuntimeRecord runtime(String id) {
        AgentCoreRules.id("agentRuntimeId", id);
        RuntimeRecord runtime = runtimes.get(id);
        if (runtime == null) {
            throw new AwsError(404, "ResourceNotFoundException", "Agent runtime '" + id + "' was not found.");
        }
        return runtime;
    }

    /** Finds a runtime for a read, letting its changes in progress advance first. */
    RuntimeRecord readRuntime(String id) {
        advance(runtime(id));
        return runtime(id);
    }

    /** Counts a read on the runtime's changes in progress and completes those that are due. */
    private void advance(RuntimeRecord runtime) {
        Instant now = now();
        if (runtime.pending != null && runtime.pending.readAndCheckDue(transitionReads, transitionDelay, now)) {
            completeRuntimeChange(runtime, now);
        }
        for (EndpointRecord endpoint : new ArrayList<>(runtime.endpoints.values())) {
            if (endpoint.pending != null && endpoint.pending.readAndCheckDue(transitionReads, transitionDelay, now)) {
                endpointOperations.complete(runtime, endpoint, now);
            }
        }
    }

    private void completeRuntimeChange(RuntimeRecord runtime, Instant now) {
        Transition change = runtime.pending;
        runtime.pending = null;
        if (change.kind() == Transition.Kind.DELETE) {
            runtimes.remove(runtime.id);
            return;
        }
        checks.complete(runtime, change, now);
    }

    /** Fails a create or update while a test says the execution role is still propagating. */
    private void checkRolePropagated(JsonNode body) {
        if (roleRejections <= 0) {
            return;
        }
        roleRejections--;
        // The service's message; Terraform's provider retries on its "Role validation failed" prefix.
        throw ValidationFailure.other("roleArn", "Role validation failed for '" + AgentCoreRules.text(body, "roleArn")
                + "'. Please verify that the role exists and that its trust policy allows"
                + " bedrock-agentcore.amazonaws.com to assume it.");
    }

    /** Finds a runtime by its ARN, for tag calls. */
    RuntimeRecord runtimeByArn(String arn) {
        return runtimes.values().stream().filter(r -> r.arn.equals(arn)).findFirst()
                .orElseThrow(() -> new AwsError(404, "ResourceNotFoundException",
                        "No resource with the ARN '" + arn + "' exists."));
    }

    /**
     * Resolves the runtime ARN and qualifier of an invocation to a READY version, for the data plane
     * double. A qualifier is an endpoint name or a version number; none means DEFAULT.
     */
    synchronized InvocationTarget resolve(String runtimeArn, String qualifier) {
        RuntimeRecord runtime = runtimes.values().stream().filter(r -> r.arn.equals(runtimeArn)).findFirst()
                .orElseThrow(() -> new AwsError(404, "ResourceNotFoundException",
                        "No agent runtime with the ARN '" + runtimeArn + "' exists."));
        advance(runtime);
        String name = qualifier == null || qualifier.isEmpty() ? DEFAULT_ENDPOINT : qualifier;
        String number = name;
        String endpointName = null;
        if (!name.chars().allMatch(Character::isDigit)) {
            EndpointRecord endpoint = runtime.endpoints.get(name);
            if (endpoint == null) {
                throw new AwsError(404, "ResourceNotFoundException",
                        "Endpoint '" + name + "' of agent runtime '" + runtime.id + "' was not found.");
            }
            number = endpoint.liveVersion;
            endpointName = name;
        }
        RuntimeRecord.Version version = number == null ? null : runtime.version(number).orElse(null);
        if (version == null || !"READY".equals(version.status)) {
            // NOTE: the service's error for a qualifier that serves no READY version is not verified.
            throw new AwsError(409, "ConflictException", "Agent runtime '" + runtime.id + "' qualifier '" + name
                    + "' has no READY version to invoke.");
        }
        return new InvocationTarget(runtime.arn, runtime.id, runtime.name, version.number, endpointName,
                version.containerUri(), VersionChecks.protocol(version), VersionChecks.environment(version));
    }

    private AwsResponse validationError(ValidationFailure failure) {
        ObjectNode body = Json.object().put("message", failure.getMessage()).put("reason", failure.reason());
        if (failure.field() != null) {
            ArrayNode fields = body.putArray("fieldList");
            fields.addObject().put("name", failure.field()).put("message", failure.getMessage());
        }
        return json(400, body).withHeader("x-amzn-ErrorType", "ValidationException");
    }

    Instant now() {
        return clock.instant();
    }

    String arn(String resource) {
        return "arn:aws:bedrock-agentcore:" + region + ":" + accountId + ":" + resource;
    }

    String endpointArn(String runtimeId, String endpointName) {
        return arn("runtime/" + runtimeId + "/runtime-endpoint/" + endpointName);
    }

    String randomSuffix() {
        StringBuilder suffix = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            suffix.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return suffix.toString();
    }

    /** Formats a timestamp as the service does: ISO-8601 in UTC. */
    static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    static AwsResponse jsonResponse(int status, Object body) {
        return json(status, body);
    }

    private static RouteMatch route(AwsRequest request) {
        for (Route route : ROUTES) {
            Matcher matcher = route.path().matcher(request.path());
            if (route.method().equals(request.method()) && matcher.matches()) {
                return new RouteMatch(route.operation(), matcher);
            }
        }
        return null;
    }
}
