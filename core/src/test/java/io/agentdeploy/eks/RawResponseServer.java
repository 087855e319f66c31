package io.agentdeploy.eks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A TCP server on 127.0.0.1 that reads each request's first bytes, writes the same raw response and
 * closes the connection. It replaces servers whose responses no HTTP library makes, such as Go's
 * plain-text response to an HTTP request on an HTTPS port.
 */
final class RawResponseServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Thread acceptor;

    RawResponseServer(String response) {
        try {
            socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = response.getBytes(StandardCharsets.US_ASCII);
        acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket connection = socket.accept()) {
                    InputStream in = connection.getInputStream();
                    in.read(new byte[8192]);
                    OutputStream out = connection.getOutputStream();
                    out.write(bytes);
                    out.flush();
                } catch (IOException e) {
                    // Closed by close(), or a client that went away. The loop condition tells which.
                }
            }
        }, "raw-response-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Returns the server's address with the given scheme, for example {@code http://127.0.0.1:40123}. */
    URI url(String scheme) {
        return URI.create(scheme + "://127.0.0.1:" + socket.getLocalPort());
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
