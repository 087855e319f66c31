package io.agentdeploy.testkit.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.agentdeploy.testkit.AccessKeys;
import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.Faults;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of the AWS API test doubles: an HTTP server on 127.0.0.1 that reads each request whole,
 * checks it is SigV4-signed for the right service, names the operation, applies injected faults,
 * dispatches it and records it in the call log. Subclasses implement one service's protocol.
 */
public abstract class AwsDoubleServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AwsDoubleServer.class);
    /** The message AWS services send with a signature that does not match. */
    protected static final String SIGNATURE_MISMATCH_MESSAGE = "The request signature we calculated does not match"
            + " the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service"
            + " documentation for details.";

    private final String service;
    private final String signingName;
    private final CallLog callLog;
    private final Faults faults;
    private volatile AccessKeys accessKeys;
    private HttpServer server;
    private ExecutorService executor;

    /**
     * @param service the name used in the call log and fault plan, for example {@code ecr}
     * @param signingName the SigV4 signing name clients must use, for example {@code ecr} or {@code bedrock-agentcore}
     */
    protected AwsDoubleServer(String service, String signingName, CallLog callLog, Faults faults) {
        this.service = service;
        this.signingName = signingName;
        this.callLog = callLog;
        this.faults = faults;
    }

    /** Starts serving on a free loopback port (or {@code port} when it is not 0). */
    public synchronized void start(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the " + service + " test double", e);
        }
        executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, service + "-double");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public void start() {
        start(0);
    }

    /** The base URL clients use as the endpoint override, for example {@code http://127.0.0.1:41234}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public String service() {
        return service;
    }

    public CallLog callLog() {
        return callLog;
    }

    public Faults faults() {
        return faults;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    /**
     * Makes the double reject requests signed with an access key the stack did not issue, with the
     * error AWS returns for an unknown key, and requests whose SigV4 signature does not match the
     * key's secret, with the error for a bad signature. Without it, any signed request is accepted.
     */
    public void acceptOnly(AccessKeys keys) {
        this.accessKeys = keys;
    }

    /** The error the service returns for a request signed with an unknown access key. */
    protected AwsError unknownAccessKeyError() {
        return new AwsError(403, "UnrecognizedClientException", "The security token included in the request is invalid.");
    }

    /** The error the service returns when a request's signature does not match its secret key. */
    protected AwsError signatureMismatchError() {
        return new AwsError(403, "InvalidSignatureException", SIGNATURE_MISMATCH_MESSAGE);
    }

    /** Names the API operation of a request, or returns {@code null} when it is not one this double knows. */
    protected abstract String operation(AwsRequest request);

    /** Operations that can change state. */
    protected abstract Set<String> mutatingOperations();

    /** Serves a request whose operation is known and which passed the fault plan. */
    protected abstract AwsResponse dispatch(String operation, AwsRequest request);

    /** Writes an error in the service's protocol. */
    protected abstract AwsResponse errorResponse(AwsError error);

    /** The error the service returns when it throttles. */
    protected abstract AwsError throttlingError();

    /** The error the service returns for an internal failure. */
    protected AwsError serverError() {
        return new AwsError(500, "InternalServerException", "The test double was told to fail this call.");
    }

    private void handle(HttpExchange exchange) {
        String operation = "?";
        int status = 0;
        boolean recorded = false;
        try {
            AwsRequest request = read(exchange);
            operation = Optional.ofNullable(operation(request)).orElse("?");
            Optional<Faults.Kind> fault = operation.equals("?") ? Optional.empty() : faults.next(service, operation);
            if (fault.isPresent() && fault.get() == Faults.Kind.CONNECTION_RESET) {
                // Closing without a status line is what a client sees when the peer resets the connection.
                return;
            }
            if (fault.isPresent() && fault.get() == Faults.Kind.SLOW_RESPONSE) {
                sleep(faults.slowDelay().toMillis());
            }
            AwsResponse response;
            try {
                response = respond(operation, request, exchange.getRequestURI().getRawQuery(), fault);
            } catch (RuntimeException e) {
                LOG.warn("The {} test double failed on {}: {}", service, operation, e.toString(), e);
                response = errorResponse(new AwsError(500, "InternalFailure", e.toString()));
            }
            status = response.status();
            // Recorded before the response is written, so a client that got it finds the call logged.
            callLog.record(service, operation, mutatingOperations().contains(operation), status);
            recorded = true;
            write(exchange, response);
        } catch (IOException e) {
            LOG.debug("The {} test double could not answer {}: {}", service, operation, e.toString());
        } finally {
            if (!recorded) {
                callLog.record(service, operation, mutatingOperations().contains(operation), status);
            }
            exchange.close();
        }
    }

    private AwsResponse respond(String operation, AwsRequest request, String rawQuery, Optional<Faults.Kind> fault) {
        String signedFor = request.signingService();
        if (signedFor == null) {
            return errorResponse(new AwsError(403, "MissingAuthenticationTokenException",
                    "Request is missing Authentication Token"));
        }
        if (!signedFor.equals(signingName)) {
            return errorResponse(new AwsError(403, "InvalidSignatureException",
                    "Credential should be scoped to correct service: '" + signingName + "'."));
        }
        AccessKeys keys = accessKeys;
        if (keys != null && !keys.isKnown(request.accessKeyId())) {
            return errorResponse(unknownAccessKeyError());
        }
        if (keys != null && !SignatureVerifier.matches(request, rawQuery, request.credentialScope(),
                keys.find(request.accessKeyId()))) {
            LOG.info("The {} test double rejected {} signed with access key {}: the signature does not match.",
                    service, operation, request.accessKeyId());
            return errorResponse(signatureMismatchError());
        }
        if (operation.equals("?")) {
            return errorResponse(new AwsError(404, "UnknownOperationException",
                    "The test double does not serve " + request.method() + " " + request.path()));
        }
        if (fault.isPresent() && fault.get() == Faults.Kind.THROTTLE) {
            return errorResponse(throttlingError());
        }
        if (fault.isPresent() && fault.get() == Faults.Kind.SERVER_ERROR) {
            return errorResponse(serverError());
        }
        if (fault.isPresent() && fault.get() == Faults.Kind.CONFLICT) {
            return errorResponse(new AwsError(409, "ConflictException", "The test double was told to refuse this call"
                    + " as conflicting."));
        }
        try {
            return dispatch(operation, request);
        } catch (AwsError error) {
            return errorResponse(error);
        }
    }

    private static AwsRequest read(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
        URI uri = exchange.getRequestURI();
        Map<String, String> query = AwsRequest.parseForm(uri.getRawQuery());
        String rawPath = uri.getRawPath();
        String path = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        return new AwsRequest(exchange.getRequestMethod(), path, rawPath, query, headers, body);
    }

    private static void write(HttpExchange exchange, AwsResponse response) throws IOException {
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.getResponseHeaders().putIfAbsent("x-amzn-RequestId", List.of(java.util.UUID.randomUUID().toString()));
        byte[] body = response.body();
        if (body.length == 0) {
            exchange.sendResponseHeaders(response.status(), -1);
        } else {
            exchange.sendResponseHeaders(response.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
