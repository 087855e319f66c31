package io.agentdeploy.testkit.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fault point in front of the Docker daemon: a TCP listener on 127.0.0.1 that passes every
 * connection through to the daemon's Unix socket, until {@link #stopAnswering()} makes it behave
 * like a daemon that hangs. Requests are then still accepted and read, but no byte of any answer
 * reaches the client, on open connections and new ones alike. Point a client at it with
 * {@code DOCKER_HOST=}{@link #dockerHost()}.
 *
 * <p>Written by hand because no library offers a stoppable Unix-socket relay; it copies bytes and
 * understands nothing of HTTP.
 */
public final class DockerDaemonProxy implements AutoCloseable {

    /** The daemon socket of a standard installation. */
    public static final Path DEFAULT_SOCKET = Path.of("/var/run/docker.sock");

    private static final Logger LOG = LoggerFactory.getLogger(DockerDaemonProxy.class);

    private final Path daemonSocket;
    private final ServerSocketChannel listener;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "docker-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private volatile boolean answering = true;

    private DockerDaemonProxy(Path daemonSocket) throws IOException {
        this.daemonSocket = daemonSocket;
        this.listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        threads.execute(this::accept);
    }

    /** Starts a proxy in front of the daemon at {@code daemonSocket}. */
    public static DockerDaemonProxy start(Path daemonSocket) {
        try {
            return new DockerDaemonProxy(daemonSocket);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the Docker daemon proxy", e);
        }
    }

    /** Returns the value for {@code DOCKER_HOST}, for example {@code tcp://127.0.0.1:40123}. */
    public String dockerHost() {
        try {
            return "tcp://127.0.0.1:" + ((InetSocketAddress) listener.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops every response from reaching any client from now on, so the daemon seems to hang. */
    public void stopAnswering() {
        answering = false;
    }

    /** Lets responses through again, including the ones held back. */
    public void resume() {
        synchronized (gate) {
            answering = true;
            gate.notifyAll();
        }
    }

    @Override
    public void close() {
        resume();
        try {
            listener.close();
        } catch (IOException e) {
            LOG.debug("Closing the Docker proxy listener failed: {}", e.toString());
        }
        for (SocketChannel channel : open) {
            closeQuietly(channel);
        }
        threads.shutdownNow();
    }

    private void accept() {
        while (listener.isOpen()) {
            try {
                SocketChannel client = listener.accept();
                open.add(client);
                threads.execute(() -> relay(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void relay(SocketChannel client) {
        SocketChannel daemon;
        try {
            daemon = SocketChannel.open(StandardProtocolFamily.UNIX);
            daemon.connect(UnixDomainSocketAddress.of(daemonSocket));
            open.add(daemon);
        } catch (IOException e) {
            LOG.warn("The Docker proxy could not reach {}: {}", daemonSocket, e.toString());
            closeQuietly(client);
            return;
        }
        threads.execute(() -> copy(client, daemon, false));
        copy(daemon, client, true);
    }

    /** Copies bytes until either side closes; answers wait at the gate while the daemon "hangs". */
    private void copy(SocketChannel from, SocketChannel to, boolean answers) {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        try {
            while (from.read(buffer) >= 0) {
                if (answers) {
                    awaitAnswering();
                }
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
        } catch (IOException e) {
            LOG.debug("Docker proxy relay ended: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void awaitAnswering() throws InterruptedException {
        synchronized (gate) {
            while (!answering) {
                gate.wait();
            }
        }
    }

    private void closeQuietly(SocketChannel channel) {
        open.remove(channel);
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("Closing a Docker proxy connection failed: {}", e.toString());
        }
    }
}
