package io.agentdeploy.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.agentdeploy.progress.ProgressLevel;
import io.agentdeploy.progress.RecordingListener;
import io.agentdeploy.progress.Redactor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The registry client's handling of bearer challenges, renewed logins and transient failures, on a fake registry. */
public class RegistryApiTest {

    private static final String DIGEST = "sha256:" + "a".repeat(64);

    private final RecordingListener listener = new RecordingListener();
    private final List<String> authorizations = new ArrayList<>();
    private final AtomicInteger unavailable = new AtomicInteger();
    private HttpServer server;

    @Before
    public void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", exchange -> respond(exchange, 200, "{\"token\":\"bearer-token-1\"}", null));
        server.createContext("/v2/", this::manifest);
        server.start();
    }

    @After
    public void stopServer() {
        server.stop(0);
    }

    @Test
    public void bearerChallengeFetchesTokenAndRepeats() {
        RegistryApi api = api(RegistryAuth.fixed(login("developer", "password-1")));

        Optional<String> digest = api.digestOf("bearer/app", "v1");

        assertThat(digest).contains(DIGEST);
        assertThat(authorizations).containsExactly("Basic ZGV2ZWxvcGVyOnBhc3N3b3JkLTE=", "Bearer bearer-token-1");
    }

    @Test
    public void rejectedLoginIsRenewedOnce() {
        AtomicInteger renewals = new AtomicInteger();
        RegistryAuth auth = new RegistryAuth() {
            private RegistryCredentials current = login("AWS", "expired-password");

            @Override
            public RegistryCredentials current() {
                return current;
            }

            @Override
            public Optional<RegistryCredentials> renew() {
                renewals.incrementAndGet();
                current = login("AWS", "fresh-password");
                return Optional.of(current);
            }
        };

        Optional<String> digest = api(auth).digestOf("basic/app", "v1");

        assertThat(digest).contains(DIGEST);
        assertThat(renewals).hasValue(1);
    }

    @Test
    public void unavailableRegistryIsRetriedThenReported() {
        unavailable.set(2);
        RegistryApi api = api(RegistryAuth.fixed(login("AWS", "fresh-password")));

        Optional<String> digest = api.digestOf("basic/app", "v1");

        assertThat(digest).contains(DIGEST);
        assertThat(api.retries()).isEqualTo(2);
        assertThat(listener.messages(ProgressLevel.WARNING)).containsExactly(
                "Retrying registry HEAD /v2/basic/app/manifests/v1 (attempt 2 of 3) after HTTP 503.",
                "Retrying registry HEAD /v2/basic/app/manifests/v1 (attempt 3 of 3) after HTTP 503.");
    }

    @Test
    public void persistentFailureNamesAttempts() {
        unavailable.set(10);
        RegistryApi api = api(RegistryAuth.fixed(login("AWS", "fresh-password")));

        assertThatThrownBy(() -> api.digestOf("basic/app", "v1"))
                .isInstanceOfSatisfying(EcrException.class, e -> assertThat(e.errorCode())
                        .isEqualTo("REGISTRY_UNAVAILABLE"))
                .hasMessage("The registry at http://" + host() + " failed HEAD /v2/basic/app/manifests/v1 3 times,"
                        + " last with HTTP 503. Check the registry and the network, then try again.");
    }

    private void manifest(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.add(authorization);
        if (unavailable.getAndDecrement() > 0) {
            respond(exchange, 503, "", null);
            return;
        }
        boolean bearerRepository = exchange.getRequestURI().getPath().startsWith("/v2/bearer/");
        boolean accepted = bearerRepository ? "Bearer bearer-token-1".equals(authorization)
                : authorization != null && authorization.equals(login("AWS", "fresh-password").basicAuthorization());
        if (!accepted) {
            String challenge = bearerRepository
                    ? "Bearer realm=\"http://" + host() + "/token\",service=\"fake\",scope=\"repository:bearer/app:pull\""
                    : "Basic realm=\"fake\"";
            respond(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}", challenge);
            return;
        }
        exchange.getResponseHeaders().add("Docker-Content-Digest", DIGEST);
        respond(exchange, 200, "", null);
    }

    private static void respond(HttpExchange exchange, int status, String body, String challenge) throws IOException {
        if (challenge != null) {
            exchange.getResponseHeaders().add("WWW-Authenticate", challenge);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head || bytes.length == 0 ? -1 : bytes.length);
        if (!head && bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private RegistryApi api(RegistryAuth auth) {
        Redactor redactor = new Redactor();
        return new RegistryApi(auth, new DockerErrors("us-east-1", "app", "unix:///var/run/docker.sock", redactor),
                listener, 3);
    }

    private RegistryCredentials login(String user, String password) {
        return RegistryCredentials.plain("http://" + host(), user, password);
    }

    private String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }
}
