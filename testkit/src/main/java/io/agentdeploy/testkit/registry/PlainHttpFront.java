package io.agentdeploy.testkit.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP front for the gateway's HTTP server that responds to TLS handshakes at once with a plain
 * {@code 400}, as the Go registry does, and relays every other connection byte for byte.
 *
 * <p>Why it exists: the Docker daemon tries HTTPS first on a plain-HTTP registry and falls back to
 * HTTP only after the TLS handshake fails. The JDK HTTP server waits for a request line that a TLS
 * ClientHello never completes, so each push would stall for the daemon's 10-second handshake
 * timeout. No JDK option makes the server reject such a connection early.
 */
final class PlainHttpFront implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PlainHttpFront.class);
    /** First byte of a TLS record carrying a handshake message. */
    private static final int TLS_HANDSHAKE = 0x16;
    private static final String REJECTION = "This registry serves plain HTTP, not HTTPS.\n";
    private static final byte[] BAD_REQUEST = ("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\n"
            + "Connection: close\r\nContent-Length: " + REJECTION.length() + "\r\n\r\n" + REJECTION)
            .getBytes(StandardCharsets.US_ASCII);

    private final int backendPort;
    private final ServerSocket server;
    private final ExecutorService executor;

    PlainHttpFront(int backendPort) {
        this.backendPort = backendPort;
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open the registry gateway's port", e);
        }
        executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "registry-gateway-front");
            thread.setDaemon(true);
            return thread;
        });
        executor.execute(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("Closing the gateway front failed: {}", e.toString());
        }
        executor.shutdownNow();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                executor.execute(() -> serve(client));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warn("The registry gateway front stopped accepting: {}", e.toString());
                }
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream clientIn = client.getInputStream();
            int first = clientIn.read();
            if (first < 0) {
                return;
            }
            if (first == TLS_HANDSHAKE) {
                client.getOutputStream().write(BAD_REQUEST);
                client.getOutputStream().flush();
                return;
            }
            try (Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort)) {
                OutputStream backendOut = backend.getOutputStream();
                backendOut.write(first);
                executor.execute(() -> pump(clientIn, backendOut, backend));
                pump(backend.getInputStream(), client.getOutputStream(), client);
            }
        } catch (IOException e) {
            LOG.debug("A registry gateway connection ended: {}", e.toString());
        }
    }

    /** Copies until end of stream, then half-closes the receiving socket so the peer gets the end of stream too. */
    private static void pump(InputStream in, OutputStream out, Socket receiver) {
        byte[] buffer = new byte[64 * 1024];
        try {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
            receiver.shutdownOutput();
        } catch (SocketException e) {
            // The other direction closed the sockets; the connection is over.
        } catch (IOException e) {
            LOG.debug("Relaying registry gateway bytes failed: {}", e.toString());
        }
    }
}
