package io.agentdeploy.testkit.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.Faults;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The fabric8 CRUD dispatcher with the gaps filled that a deployment needs: bearer-token
 * authentication, RBAC-style rejections on request, server-side apply, pod logs and namespace
 * existence for namespaced creates. Every request made with the user token is recorded in the
 * call log as service {@value #SERVICE}; requests with the system token (the simulated controller
 * and test assertions) are served but not recorded. Faults injected for service {@value #SERVICE}
 * and an operation such as {@code PATCH deployments} hit user requests only: throttling (429), a
 * server error (500) or a conflict (409), each with the API server's {@code Status} body.
 *
 * <p>Expectations set through {@code KubernetesMockServer.expect()} win over the CRUD store, as in
 * fabric8's own mixed dispatcher.
 */
public final class KubernetesApiDispatcher extends KubernetesCrudDispatcher {

    /** The service name in the call log. */
    public static final String SERVICE = "kubernetes";

    /** The user name that 403 messages name, as the API server names the caller. */
    public static final String USER = "agent-deploy-user";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KubernetesApiDispatcher.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");

    /** A request to reject with 403, matched by verb and resource (plural); "*" matches any. */
    private record Rejection(String verb, String resource) {
        boolean matches(String requestVerb, String requestResource) {
            return (verb.equals("*") || verb.equals(requestVerb)) && (resource.equals("*") || resource.equals(requestResource));
        }
    }

    private final CallLog callLog;
    private final PodLogs podLogs;
    private final String userToken;
    private final String systemToken;
    private final Clock clock;
    private final Map<ServerRequest, Queue<ServerResponse>> expectations;
    private final MockDispatcher expectationDispatcher;
    private final List<Rejection> rejections = new CopyOnWriteArrayList<>();
    /** Serializes writes, so that no other change comes between the read and the write of a server-side apply. */
    private final Object writeLock = new Object();
    private volatile boolean enforceNamespaces = true;
    private volatile EksTokenAuthenticator eksTokens;
    private volatile Faults faults = new Faults();

    KubernetesApiDispatcher(CallLog callLog, PodLogs podLogs, String userToken, String systemToken, Clock clock,
            Map<ServerRequest, Queue<ServerResponse>> expectations) {
        this.callLog = callLog;
        this.podLogs = podLogs;
        this.userToken = userToken;
        this.systemToken = systemToken;
        this.clock = clock;
        this.expectations = expectations;
        this.expectationDispatcher = new MockDispatcher(expectations);
    }

    /**
     * Makes every later request with the user token for {@code verb} on {@code resource} fail with
     * 403 Forbidden, as missing RBAC permissions do. Verbs are RBAC verbs (get, list, watch, create,
     * update, patch, delete); resources are plurals such as {@code deployments}; "*" matches any.
     */
    public void forbid(String verb, String resource) {
        rejections.add(new Rejection(verb, resource));
    }

    /**
     * Accepts EKS bearer tokens ({@code k8s-aws-v1.…}) for cluster {@code clusterName}, verified by
     * calling the STS endpoint (a test double on loopback) as the cluster's authenticator does. A
     * verified identity still needs an access entry ({@link #addAccessEntry}) to be let in.
     */
    public void acceptEksTokens(java.net.URI stsEndpoint, String clusterName) {
        this.eksTokens = new EksTokenAuthenticator(stsEndpoint, clusterName, clock);
    }

    /** Maps an IAM principal (user or role ARN) to a Kubernetes user, as an EKS access entry does. */
    public void addAccessEntry(String principalArn, String username) {
        if (eksTokens == null) {
            throw new IllegalStateException("Call acceptEksTokens first");
        }
        eksTokens.addAccessEntry(principalArn, username);
    }

    /** Takes injected faults from this plan, the one the rest of a local stack shares. */
    public void faults(Faults plan) {
        this.faults = java.util.Objects.requireNonNull(plan, "plan");
    }

    /** Removes every rejection added with {@link #forbid(String, String)}. */
    public void clearRejections() {
        rejections.clear();
    }

    /**
     * Turns the namespace check for namespaced creates on (the default, as a real API server does) or
     * off (as the plain CRUD mock behaves).
     */
    public void enforceNamespaces(boolean enforce) {
        this.enforceNamespaces = enforce;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        ApiPath path = ApiPath.parse(request.getPath());
        boolean system = hasToken(request, systemToken);
        String user = system ? "system" : user(request);
        MockResponse response;
        Optional<Faults.Kind> fault = system || user == null || !path.isApi() ? Optional.empty()
                : faults.next(SERVICE, operation(request.getMethod(), path));
        if (user == null) {
            response = status(401, "Unauthorized", "Unauthorized", null);
        } else if (fault.isPresent()) {
            response = injected(fault.get(), path, objectName(request, path));
        } else {
            response = route(request, path, system, user);
        }
        if (!system && path.isApi()) {
            callLog.record(SERVICE, operation(request.getMethod(), path), MUTATING.contains(request.getMethod()),
                    response.code());
        }
        return response;
    }

    /** Returns the authenticated user of a request with a user or EKS token, or {@code null}. */
    private String user(RecordedRequest request) {
        if (hasToken(request, userToken)) {
            return USER;
        }
        String authorization = request.getHeader("Authorization");
        EksTokenAuthenticator tokens = eksTokens;
        if (tokens != null && authorization != null && authorization.startsWith("Bearer " + EksTokenAuthenticator.PREFIX)) {
            EksTokenAuthenticator.Result result = tokens.authenticate(authorization.substring("Bearer ".length()));
            if (!result.authenticated()) {
                LOG.info("Refused an EKS token: {}", result.problem());
            }
            return result.username();
        }
        return null;
    }

    private MockResponse route(RecordedRequest request, ApiPath path, boolean system, String user) {
        if (request.getMethod().equals("GET") && !path.isApi()) {
            Optional<MockResponse> discovery = Discovery.serve(path.rawPath());
            if (discovery.isPresent()) {
                return discovery.get();
            }
        }
        Queue<ServerResponse> expected = expectations.get(
                new SimpleRequest(HttpMethod.valueOf(request.getMethod()), request.getPath()));
        if (expected != null && !expected.isEmpty()) {
            return expectationDispatcher.dispatch(request);
        }
        if (!path.isApi()) {
            return super.dispatch(request);
        }
        String verb = path.verb(request.getMethod());
        if (!system && rejections.stream().anyMatch(r -> r.matches(verb, path.resource()))) {
            return forbidden(path, verb, user);
        }
        if (request.getMethod().equals("GET") && "pods".equals(path.resource()) && "log".equals(path.subresource())) {
            return podLog(path);
        }
        if (!MUTATING.contains(request.getMethod())) {
            return super.dispatch(request);
        }
        synchronized (writeLock) {
            return write(request, path);
        }
    }

    private MockResponse write(RecordedRequest request, ApiPath path) {
        boolean apply = request.getMethod().equals("PATCH") && contentType(request).startsWith("application/apply-patch");
        boolean creates = request.getMethod().equals("POST") || apply && findStored(path).isEmpty();
        if (creates && enforceNamespaces && path.namespace() != null && findStored(namespacePath(path.namespace())).isEmpty()) {
            return status(404, "NotFound", "namespaces \"" + path.namespace() + "\" not found",
                    details(path.namespace(), "", "namespaces"));
        }
        if (apply) {
            return serverSideApply(request, path);
        }
        if (request.getMethod().equals("PUT") && path.subresource() == null) {
            Optional<ObjectNode> current = findStored(path);
            if (current.isPresent()) {
                try {
                    Optional<MockResponse> immutable = immutableSelector(path, current.get(),
                            JSON.readTree(new String(request.getBody().getBytes(), StandardCharsets.UTF_8)));
                    if (immutable.isPresent()) {
                        return immutable.get();
                    }
                } catch (JsonProcessingException e) {
                    return status(400, "BadRequest", "error decoding JSON: " + e.getOriginalMessage(), null);
                }
            }
        }
        return super.dispatch(request);
    }

    /**
     * Serves an apply patch: creates the object when it is missing, otherwise merges the applied
     * fields into it and stores the result through the CRUD store's update. The update keeps
     * {@code status}, bumps {@code resourceVersion} only on a change, and bumps
     * {@code metadata.generation} only when {@code spec} changes.
     */
    private MockResponse serverSideApply(RecordedRequest request, ApiPath path) {
        String manager = path.query().get("fieldManager");
        if (manager == null || manager.isBlank()) {
            return status(400, "BadRequest", "PATCH " + path.rawPath() + ": fieldManager is required for apply requests",
                    null);
        }
        JsonNode applied;
        try {
            applied = YAML.readTree(request.getBody().readUtf8());
        } catch (JsonProcessingException e) {
            return status(400, "BadRequest", "error decoding YAML: " + e.getOriginalMessage(), null);
        }
        if (!applied.isObject() || !path.name().equals(applied.path("metadata").path("name").asText())) {
            return status(400, "BadRequest", "the name of the object (" + applied.path("metadata").path("name").asText()
                    + ") does not match the name on the URL (" + path.name() + ")", null);
        }

        Optional<ObjectNode> current = findStored(path.objectPath());
        if (current.isEmpty()) {
            ObjectNode created = ServerSideApply.create(applied, manager, clock.instant());
            return super.handleCreate(request("POST", path.collectionPath(), "application/json", json(created)));
        }
        ObjectNode updated;
        try {
            updated = ServerSideApply.apply(current.get(), applied, manager, clock.instant(),
                    "true".equals(path.query().get("force")));
        } catch (ServerSideApply.ConflictException e) {
            return conflict(path, e.conflicts());
        }
        Optional<MockResponse> immutable = immutableSelector(path, current.get(), updated);
        if (immutable.isPresent()) {
            return immutable.get();
        }
        if (updated.equals(current.get())) {
            return new MockResponse().setResponseCode(200).setBody(json(current.get()));
        }
        // The merged object carries the live status and resourceVersion, so the CRUD store's update keeps
        // the status, and bumps the generation only when the spec differs.
        return super.handleUpdate(request("PUT", path.objectPath(), "application/json", json(updated)));
    }

    /**
     * Answers an injected fault as the API server would: 429 with Retry-After when it is overloaded,
     * 500 for an internal error, and 409 when an object changed between a read and a write.
     */
    private static MockResponse injected(Faults.Kind kind, ApiPath path, String name) {
        String subject = path.qualifiedResource() + (name == null ? "" : " \"" + name + "\"");
        return switch (kind) {
            case THROTTLE -> status(429, "TooManyRequests", "the server has received too many requests and has asked"
                    + " us to try again later", null).setHeader("Retry-After", "1");
            case CONFLICT -> status(409, "Conflict", "Operation cannot be fulfilled on " + subject + ": the object has"
                    + " been modified; please apply your changes to the latest version and try again",
                    details(name, path.group(), path.resource()));
            case SERVER_ERROR -> status(500, "InternalError", "Internal error occurred: injected fault", null);
            default -> throw new IllegalArgumentException("The Kubernetes API cannot inject " + kind
                    + "; use THROTTLE, SERVER_ERROR or CONFLICT.");
        };
    }

    /**
     * Returns the object's name: from the path, or for a create (POST to the collection) from the
     * body's metadata.
     */
    private static String objectName(RecordedRequest request, ApiPath path) {
        if (path.name() != null || !"POST".equals(request.getMethod())) {
            return path.name();
        }
        try {
            return JSON.readTree(new String(request.getBody().getBytes(), StandardCharsets.UTF_8)).path("metadata")
                    .path("name").asText(null);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Builds the API server's 409 for an apply that would change other managers' fields. */
    private static MockResponse conflict(ApiPath path, List<ServerSideApply.Conflict> conflicts) {
        ServerSideApply.Conflict first = conflicts.get(0);
        String message = conflicts.size() == 1
                ? "Apply failed with 1 conflict: conflict with \"" + first.manager() + "\" using " + first.apiVersion() + ": "
                        + first.field()
                : "Apply failed with " + conflicts.size() + " conflicts: conflicts with \"" + first.manager() + "\" using "
                        + first.apiVersion() + ":\n" + String.join("\n", conflicts.stream().map(c -> "- " + c.field()).toList());
        ObjectNode details = details(path.name(), path.group(), path.resource());
        var causes = details.putArray("causes");
        for (ServerSideApply.Conflict conflict : conflicts) {
            causes.addObject().put("reason", "FieldManagerConflict")
                    .put("message", "conflict with \"" + conflict.manager() + "\" using " + conflict.apiVersion())
                    .put("field", conflict.field());
        }
        return status(409, "Conflict", message, details);
    }

    /**
     * Rejects a change of a Deployment's {@code spec.selector} with the API server's 422, as
     * apps/v1 validation does: the field is immutable.
     */
    private static Optional<MockResponse> immutableSelector(ApiPath path, JsonNode current, JsonNode updated) {
        if (!"deployments".equals(path.resource())) {
            return Optional.empty();
        }
        JsonNode before = current.path("spec").path("selector");
        JsonNode after = updated.path("spec").path("selector");
        if (before.isMissingNode() || before.equals(after)) {
            return Optional.empty();
        }
        StringBuilder labels = new StringBuilder();
        after.path("matchLabels").fields().forEachRemaining(e -> labels.append(labels.length() == 0 ? "" : ", ")
                .append('"').append(e.getKey()).append("\":\"").append(e.getValue().asText()).append('"'));
        String value = "v1.LabelSelector{MatchLabels:map[string]string{" + labels + "},"
                + " MatchExpressions:[]v1.LabelSelectorRequirement(nil)}";
        ObjectNode details = details(path.name(), "apps", "Deployment");
        details.putArray("causes").addObject().put("reason", "FieldValueInvalid")
                .put("message", "Invalid value: " + value + ": field is immutable").put("field", "spec.selector");
        return Optional.of(status(422, "Invalid", "Deployment.apps \"" + path.name() + "\" is invalid: spec.selector:"
                + " Invalid value: " + value + ": field is immutable", details));
    }

    private MockResponse podLog(ApiPath path) {
        Optional<ObjectNode> pod = findStored(path.objectPath());
        if (pod.isEmpty()) {
            return status(404, "NotFound", "pods \"" + path.name() + "\" not found", details(path.name(), "", "pods"));
        }
        String container = path.query().getOrDefault("container",
                pod.get().path("spec").path("containers").path(0).path("name").asText());
        List<String> lines;
        if ("true".equals(path.query().get("previous"))) {
            Optional<List<String>> previous = podLogs.previous(path.namespace(), path.name(), container);
            if (previous.isEmpty()) {
                return status(400, "BadRequest", "previous terminated container \"" + container + "\" in pod \""
                        + path.name() + "\" not found", null);
            }
            lines = previous.get();
        } else {
            lines = podLogs.current(path.namespace(), path.name(), container);
        }
        String tail = path.query().get("tailLines");
        if (tail != null && !tail.isEmpty()) {
            int count = Integer.parseInt(tail);
            lines = lines.subList(Math.max(0, lines.size() - count), lines.size());
        }
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line).append('\n'));
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody(text.toString());
    }

    private MockResponse forbidden(ApiPath path, String verb, String user) {
        String subject = path.qualifiedResource() + (path.name() == null ? "" : " \"" + path.name() + "\"");
        String scope = path.namespace() == null ? "at the cluster scope" : "in the namespace \"" + path.namespace() + "\"";
        String message = subject + " is forbidden: User \"" + user + "\" cannot " + verb + " resource \"" + path.resource()
                + "\" in API group \"" + path.group() + "\" " + scope;
        return status(403, "Forbidden", message, details(path.name(), path.group(), path.resource()));
    }

    private Optional<ObjectNode> findStored(String objectPath) {
        Map.Entry<io.fabric8.mockwebserver.crud.AttributeSet, String> entry = findResource(getKey(objectPath));
        if (entry == null) {
            return Optional.empty();
        }
        try {
            return Optional.of((ObjectNode) JSON.readTree(entry.getValue()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored object at " + objectPath + " is not JSON", e);
        }
    }

    private Optional<ObjectNode> findStored(ApiPath path) {
        return path.name() == null ? Optional.empty() : findStored(path.objectPath());
    }

    private static String namespacePath(String namespace) {
        return "/api/v1/namespaces/" + namespace;
    }

    private static boolean hasToken(RecordedRequest request, String token) {
        String authorization = request.getHeader("Authorization");
        return authorization != null && authorization.equals("Bearer " + token);
    }

    private static String contentType(RecordedRequest request) {
        String type = request.getHeader("Content-Type");
        return type == null ? "" : type;
    }

    /** Names a request for the call log: {@code PATCH deployments}, {@code GET pods/log}, {@code WATCH replicasets}. */
    private static String operation(String method, ApiPath path) {
        String verb = method.equals("GET") && path.isWatch() ? "WATCH" : method;
        return verb + " " + path.resource() + (path.subresource() == null ? "" : "/" + path.subresource());
    }

    private static RecordedRequest request(String method, String path, String contentType, String body) {
        Headers headers = Headers.builder().add("Content-Type", contentType).build();
        return new RecordedRequest("HTTP/1.1", HttpMethod.valueOf(method), path, headers,
                new Buffer(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static ObjectNode details(String name, String group, String kind) {
        ObjectNode details = JSON.createObjectNode();
        if (name != null) {
            details.put("name", name);
        }
        details.put("group", group);
        details.put("kind", kind);
        return details;
    }

    /** Builds a {@code v1 Status} response, the body the API server sends with every error. */
    static MockResponse status(int code, String reason, String message, ObjectNode details) {
        ObjectNode status = JSON.createObjectNode();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", message);
        status.put("reason", reason);
        if (details != null) {
            status.set("details", details);
        }
        status.put("code", code);
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(json(status));
    }

    private static String json(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
