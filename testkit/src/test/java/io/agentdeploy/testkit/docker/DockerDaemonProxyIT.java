package io.agentdeploy.testkit.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;

public class DockerDaemonProxyIT {

    private DockerDaemonProxy proxy;

    @Before
    public void start() {
        boolean ci = System.getenv("CI") != null;
        if (!ci) {
            Assume.assumeTrue("Skipped: no Docker daemon socket at " + DockerDaemonProxy.DEFAULT_SOCKET,
                    Files.exists(DockerDaemonProxy.DEFAULT_SOCKET));
        }
        proxy = DockerDaemonProxy.start(DockerDaemonProxy.DEFAULT_SOCKET);
    }

    @After
    public void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    public void passesRequestsThroughToTheDaemon() throws IOException {
        String response = ping(2000);

        assertThat(response).startsWith("HTTP/1.1 200").endsWith("OK");
    }

    @Test
    public void stoppedDaemonAnswersNothingUntilResumed() throws IOException {
        proxy.stopAnswering();

        assertThatThrownBy(() -> ping(500)).isInstanceOf(SocketTimeoutException.class);
        proxy.resume();
        assertThat(ping(2000)).startsWith("HTTP/1.1 200");
    }

    /** Sends GET /_ping over plain HTTP and returns the whole response. */
    private String ping(int timeoutMillis) throws IOException {
        URI address = URI.create(proxy.dockerHost().replace("tcp://", "http://"));
        try (Socket socket = new Socket(address.getHost(), address.getPort())) {
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            out.write("GET /_ping HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        }
    }
}
