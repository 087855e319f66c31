package io.agentdeploy.testkit.registry;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.Faults;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A streaming reverse proxy on 127.0.0.1 in front of a {@link RegistryServer} that plays the
 * registry side of Amazon ECR: every call except the {@code /v2/} probe needs Basic credentials
 * {@code AWS:<password>} issued by {@link RegistryTokens}, unknown or expired ones get 401 with the
 * {@code WWW-Authenticate: Basic} challenge the Docker daemon responds to, a {@link RegistryError.Policy}
 * can reject calls, and faults from {@link Faults} (service {@value #SERVICE}) are injected.
 * Every call is recorded in the {@link CallLog}.
 *
 * <p>Bodies are streamed in both directions, never held whole in memory: layers can be gigabytes.
 * The JDK's HTTP server and client do the HTTP work; this class only chooses what to forward.
 */
public final class RegistryGateway implements AutoCloseable {

    /** Service name in the call log and fault plan. */
    public static final String SERVICE = "registry";

    private static final Logger LOG = LoggerFactory.getLogger(RegistryGateway.class);

    /** Hop-by-hop headers and the ones the JDK client sets itself; they are not forwarded. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "expect", "host",
            "keep-alive", "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
            "authorization");
    private static final long RESET_AFTER_BYTES = 64 * 1024;

    private final URI upstream;
    private final RegistryTokens tokens;
    private final CallLog callLog;
    private final Faults faults;
    private final HttpClient client;
    private volatile RegistryError.Policy policy = RegistryError.Policy.ALLOW_ALL;
    private volatile ServedCallListener servedCallListener = (call, status) -> { };
    private final AtomicReference<String> expireTokensOn = new AtomicReference<>();
    private final AtomicLong uploadedBytes = new AtomicLong();
    private HttpServer server;
    private PlainHttpFront front;
    private ExecutorService executor;

    /**
     * @param upstream the registry's own base URL
     * @param tokens the passwords the gateway accepts
     */
    public RegistryGateway(URI upstream, RegistryTokens tokens, CallLog callLog, Faults faults) {
        this.upstream = upstream;
        this.tokens = tokens;
        this.callLog = callLog;
        this.faults = faults;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Starts listening on a free loopback port. */
    public synchronized RegistryGateway start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the registry gateway", e);
        }
        executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "registry-gateway");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        front = new PlainHttpFront(server.getAddress().getPort());
        LOG.info("Registry gateway on {} forwards to {}", endpoint(), upstream);
        return this;
    }

    /** The gateway's base URL, for example {@code http://127.0.0.1:41234}: the ECR double's proxyEndpoint. */
    public URI endpoint() {
        return URI.create("http://" + host());
    }

    /** {@code 127.0.0.1:PORT}, the registry host that image references pushed through the gateway name. */
    public String host() {
        return "127.0.0.1:" + front.port();
    }

    public RegistryTokens tokens() {
        return tokens;
    }

    /** Sets the policy consulted for calls with valid credentials. */
    public void policy(RegistryError.Policy policy) {
        this.policy = policy == null ? RegistryError.Policy.ALLOW_ALL : policy;
    }

    /**
     * Called after each call was served, with the status sent (0 when the connection was dropped).
     * The ECR double uses it to start scans of pushed images.
     */
    @FunctionalInterface
    public interface ServedCallListener {
        void served(RegistryCall call, int status);
    }

    /** Sets the listener told about every served call. */
    public void onServed(ServedCallListener listener) {
        this.servedCallListener = listener == null ? (call, status) -> { } : listener;
    }

    /**
     * Makes every issued password expire just before the next call of {@code operation} (for example
     * {@code PUT manifest}) is checked, as when a 12-hour token runs out in the middle of a long push.
     * One-shot.
     */
    public void expireTokensBefore(String operation) {
        expireTokensOn.set(operation);
    }

    /**
     * Bytes of request bodies received in blob uploads ({@code PATCH upload}, {@code PUT upload}) and
     * manifest puts ({@code PUT manifest}) so far: what clients sent to store content.
     */
    public long uploadedBytes() {
        return uploadedBytes.get();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            front.close();
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    private void handle(HttpExchange exchange) {
        URI uri = exchange.getRequestURI();
        RegistryCall call = RegistryCall.classify(exchange.getRequestMethod(), uri.getRawPath());
        int status = 0;
        try {
            status = serve(exchange, call);
        } catch (IOException e) {
            LOG.debug("Registry gateway call {} {} failed: {}", call.method(), uri, e.toString());
        } finally {
            // Records the call before the exchange ends, so a client that has its response finds the call in the log.
            callLog.record(SERVICE, call.operation(), call.mutating(), status);
            exchange.close();
            notifyServed(call, status);
        }
    }

    private void notifyServed(RegistryCall call, int status) {
        try {
            servedCallListener.served(call, status);
        } catch (RuntimeException e) {
            LOG.warn("The listener of served registry calls failed on {}: {}", call.operation(), e.toString());
        }
    }

    /** Serves one call and returns the status sent, or 0 when the connection was dropped. */
    private int serve(HttpExchange exchange, RegistryCall call) throws IOException {
        boolean probe = call.repository() == null && call.operation().endsWith("/v2/");
        String expireOn = expireTokensOn.get();
        if (!probe && call.operation().equals(expireOn) && expireTokensOn.compareAndSet(expireOn, null)) {
            tokens.expireAll();
        }
        RegistryTokens.Check check = tokens.check(exchange.getRequestHeaders().getFirst("Authorization"));
        if (check != RegistryTokens.Check.VALID) {
            // The daemon probes /v2/ without credentials first and sends them only after this challenge.
            String message = check == RegistryTokens.Check.EXPIRED
                    ? "Your authorization token has expired. Reauthenticate and try again."
                    : "authentication required";
            exchange.getResponseHeaders().add("WWW-Authenticate",
                    "Basic realm=\"" + endpoint() + "/\",service=\"ecr.amazonaws.com\"");
            return sendError(exchange, new RegistryError(401, "UNAUTHORIZED", message));
        }
        Optional<Faults.Kind> fault = probe ? Optional.empty() : faults.next(SERVICE, call.operation());
        if (fault.isPresent()) {
            return injectFault(exchange, fault.get());
        }
        Optional<RegistryError> rejected = probe ? Optional.empty() : policy.check(call);
        if (rejected.isPresent()) {
            return sendError(exchange, rejected.get());
        }
        return forward(exchange, call);
    }

    private int injectFault(HttpExchange exchange, Faults.Kind kind) throws IOException {
        switch (kind) {
            case THROTTLE:
                return sendError(exchange, new RegistryError(429, "TOOMANYREQUESTS", "Rate exceeded"));
            case SERVER_ERROR:
                return sendError(exchange, new RegistryError(500, "UNKNOWN", "Injected fault: internal server error."));
            case CONFLICT:
                return sendError(exchange, new RegistryError(409, "DENIED", "Injected fault: conflicting request."));
            case CONNECTION_RESET:
                // Read part of the body first, so the client has started sending when the connection drops.
                try (InputStream body = exchange.getRequestBody()) {
                    body.readNBytes(new byte[(int) RESET_AFTER_BYTES], 0, (int) RESET_AFTER_BYTES);
                }
                return 0;
            case SLOW_RESPONSE:
                sleep(faults.slowDelay().toMillis());
                return sendError(exchange, new RegistryError(503, "UNAVAILABLE", "Injected fault: slow response."));
            default:
                throw new IllegalStateException("Unknown fault " + kind);
        }
    }

    private int forward(HttpExchange exchange, RegistryCall call) throws IOException {
        URI uri = exchange.getRequestURI();
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        HttpRequest.Builder request = HttpRequest.newBuilder(upstream.resolve(target))
                .method(call.method(), requestBody(exchange, call));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while forwarding to the registry", e);
        }
        try (InputStream body = response.body()) {
            Headers headers = exchange.getResponseHeaders();
            response.headers().map().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    headers.put(name, values);
                }
            });
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (call.method().equals("HEAD")) {
                // The daemon reads a blob's size from the Content-Length of the HEAD response.
                if (length >= 0) {
                    headers.set("Content-Length", Long.toString(length));
                }
                exchange.sendResponseHeaders(response.statusCode(), -1);
                return response.statusCode();
            }
            // For the JDK server, a length of 0 means chunked and -1 means no body.
            long jdkLength = length;
            if (length == 0) {
                jdkLength = -1;
            } else if (length < 0) {
                jdkLength = 0;
            }
            exchange.sendResponseHeaders(response.statusCode(), jdkLength);
            if (length != 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    body.transferTo(out);
                }
            }
            return response.statusCode();
        }
    }

    private HttpRequest.BodyPublisher requestBody(HttpExchange exchange, RegistryCall call) {
        Headers headers = exchange.getRequestHeaders();
        String lengthHeader = headers.getFirst("Content-Length");
        boolean chunked = "chunked".equalsIgnoreCase(headers.getFirst("Transfer-Encoding"));
        if (!chunked && (lengthHeader == null || Long.parseLong(lengthHeader.trim()) == 0)) {
            return HttpRequest.BodyPublishers.noBody();
        }
        boolean upload = call.operation().endsWith(" upload") || call.operation().equals("PUT manifest");
        HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(() -> upload
                ? new CountingInputStream(exchange.getRequestBody(), uploadedBytes) : exchange.getRequestBody());
        return chunked ? stream : HttpRequest.BodyPublishers.fromPublisher(stream, Long.parseLong(lengthHeader.trim()));
    }

    private static int sendError(HttpExchange exchange, RegistryError error) throws IOException {
        byte[] body = error.body().getBytes(StandardCharsets.UTF_8);
        // Drain what the client sent, so it reads the error instead of a broken pipe.
        try (InputStream in = exchange.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        exchange.getResponseHeaders().put("Content-Type", List.of("application/json; charset=utf-8"));
        exchange.getResponseHeaders().put("Docker-Distribution-Api-Version", List.of("registry/2.0"));
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(error.status(), -1);
        } else {
            exchange.sendResponseHeaders(error.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        return error.status();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "RegistryGateway{" + (server == null ? "stopped" : endpoint()) + " -> " + upstream + "}";
    }

    /** Adds the bytes read through it to a counter. */
    private static final class CountingInputStream extends java.io.FilterInputStream {
        private final AtomicLong counter;

        CountingInputStream(InputStream in, AtomicLong counter) {
            super(in);
            this.counter = counter;
        }

        @Override
        public int read() throws IOException {
            int value = super.read();
            if (value >= 0) {
                counter.incrementAndGet();
            }
            return value;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            if (read > 0) {
                counter.addAndGet(read);
            }
            return read;
        }
    }
}
