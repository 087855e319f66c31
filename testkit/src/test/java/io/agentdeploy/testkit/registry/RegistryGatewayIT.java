package io.agentdeploy.testkit.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.Faults;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/** The gateway in front of the real registry: credentials, policy, faults and streaming. */
public class RegistryGatewayIT {

    private static RegistryServer registry;
    private final CallLog callLog = new CallLog();
    private final Faults faults = new Faults();
    private RegistryGateway gateway;
    private RegistryTokens.Token token;

    @BeforeClass
    public static void startRegistry() {
        registry = RegistryServer.start();
    }

    @AfterClass
    public static void stopRegistry() {
        registry.close();
    }

    @Before
    public void startGateway() {
        gateway = new RegistryGateway(registry.endpoint(), new RegistryTokens(), callLog, faults).start();
        token = gateway.tokens().issue(Duration.ofHours(1));
    }

    @After
    public void stopGateway() {
        gateway.close();
    }

    @Test
    public void missingCredentialsGetBasicChallenge() throws Exception {
        RegistryTestImages anonymous = new RegistryTestImages(gateway.endpoint(), null);

        HttpResponse<String> response = anonymous.send(anonymous.request("/v2/"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .contains("Basic realm=\"" + gateway.endpoint() + "/\",service=\"ecr.amazonaws.com\"");
        assertThat(response.body()).isEqualTo(
                "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}");
    }

    @Test
    public void expiredTokenIsRejected() throws Exception {
        RegistryTestImages images = new RegistryTestImages(gateway.endpoint(), "Basic " + token.authorizationToken());
        gateway.tokens().expireAll();

        HttpResponse<String> response = images.send(images.request("/v2/"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("Your authorization token has expired. Reauthenticate and try again.");
    }

    @Test
    public void unknownPasswordIsRejected() throws Exception {
        String forged = java.util.Base64.getEncoder().encodeToString("AWS:forged".getBytes(StandardCharsets.UTF_8));
        RegistryTestImages images = new RegistryTestImages(gateway.endpoint(), "Basic " + forged);

        assertThat(images.send(images.request("/v2/")).statusCode()).isEqualTo(401);
    }

    @Test
    public void largeBlobStreamsThroughAndIsRecorded() throws Exception {
        RegistryTestImages images = new RegistryTestImages(gateway.endpoint(), "Basic " + token.authorizationToken());
        long size = 96L * 1024 * 1024;
        String location = images.send(images.request("/v2/big/blobs/uploads/").POST(HttpRequest.BodyPublishers.noBody()))
                .headers().firstValue("Location").orElseThrow();
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        byte[] chunk = new byte[1024 * 1024];
        for (long sent = 0; sent < size; sent += chunk.length) {
            chunk[0] = (byte) (sent >> 20);
            sha256.update(chunk);
        }
        String digest = "sha256:" + HexFormat.of().formatHex(sha256.digest());

        // The body is generated on the fly and sent chunked: it never exists whole in memory.
        HttpResponse<String> put = images.send(images.request(location + "&digest=" + digest)
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new GeneratedStream(size))));
        HttpResponse<String> head = images.send(images.request("/v2/big/blobs/" + digest)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));

        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(size);
        assertThat(callLog.calls(RegistryGateway.SERVICE, "PUT upload")).extracting(CallLog.Call::status)
                .containsExactly(201);
        assertThat(callLog.mutatingCalls()).extracting(CallLog.Call::operation).containsExactly("POST upload", "PUT upload");
    }

    @Test
    public void connectionResetFaultDropsUpload() throws Exception {
        RegistryTestImages images = new RegistryTestImages(gateway.endpoint(), "Basic " + token.authorizationToken());
        faults.inject(RegistryGateway.SERVICE, "PUT upload", Faults.Kind.CONNECTION_RESET, 1);
        byte[] blob = new byte[4 * 1024 * 1024];

        assertThatThrownBy(() -> images.uploadBlob("dropped", blob)).isInstanceOf(IOException.class);
        String digest = images.uploadBlob("dropped", blob);

        // The client can have its response a moment before the gateway records the call.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (callLog.calls(RegistryGateway.SERVICE, "PUT upload").size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(digest).isEqualTo(RegistryTestImages.digest(blob));
        assertThat(callLog.calls(RegistryGateway.SERVICE, "PUT upload")).extracting(CallLog.Call::status)
                .containsExactly(0, 201);
    }

    @Test
    public void policyErrorReachesClient() throws Exception {
        gateway.policy(call -> call.operation().equals("PUT manifest")
                ? Optional.of(new RegistryError(400, "TAG_INVALID", "no overwrites")) : Optional.empty());
        RegistryTestImages images = new RegistryTestImages(gateway.endpoint(), "Basic " + token.authorizationToken());

        assertThatThrownBy(() -> images.push("guarded", "v1", new byte[] {1, 2, 3}))
                .hasMessage("PUT manifest returned 400: {\"errors\":[{\"code\":\"TAG_INVALID\",\"message\":\"no overwrites\"}]}");
    }

    @Test
    public void tlsHandshakeIsAnsweredAtOnce() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(gateway.host().split(":")[1]))) {
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x00});
            out.flush();

            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

            assertThat(answer).startsWith("HTTP/1.1 400 Bad Request\r\n");
        }
    }

    /** {@code size} bytes of the same pattern the test hashed, produced on demand. */
    private static final class GeneratedStream extends InputStream {
        private final long size;
        private long position;

        GeneratedStream(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position >= size) {
                return -1;
            }
            int count = (int) Math.min(length, size - position);
            for (int i = 0; i < count; i++) {
                long at = position + i;
                buffer[offset + i] = at % (1024 * 1024) == 0 ? (byte) (at >> 20) : 0;
            }
            position += count;
            return count;
        }
    }
}
