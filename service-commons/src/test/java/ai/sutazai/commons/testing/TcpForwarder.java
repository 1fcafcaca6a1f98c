package ai.sutazai.commons.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP port that can be made to reach a real server and cut off again, to play a dependency
 * that dies and returns while a service keeps running.
 */
public final class TcpForwarder implements AutoCloseable {

    private final int port;
    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;

    /** A forwarder on a free local port; nothing listens there until {@link #open()}. */
    public TcpForwarder(String targetHost, int targetPort) {
        this.port = freePort();
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    /** The local port clients are given. */
    public int port() {
        return port;
    }

    /** Starts accepting connections and relaying them to the target. */
    public synchronized void open() {
        if (server != null) {
            return;
        }
        try {
            ServerSocket listening = new ServerSocket();
            listening.setReuseAddress(true);
            listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            server = listening;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServerSocket listening = server;
        daemon(() -> acceptLoop(listening), "forwarder-accept-" + port);
    }

    /** Stops listening and breaks every relayed connection, as a crashed server would. */
    @Override
    public synchronized void close() {
        ServerSocket listening = server;
        server = null;
        closeQuietly(listening);
        sockets.forEach(TcpForwarder::closeQuietly);
        sockets.clear();
    }

    private void acceptLoop(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(upstream);
                daemon(() -> pipe(client, upstream), "forwarder-up-" + port);
                daemon(() -> pipe(upstream, client), "forwarder-down-" + port);
            } catch (IOException e) {
                if (!listening.isClosed()) {
                    continue;
                }
                return;
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (SocketException e) {
            // The other side went away or close() cut the connection: both ends are closed below.
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    /** A port nothing listens on right now. */
    public static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // Already closed.
        }
    }
}
