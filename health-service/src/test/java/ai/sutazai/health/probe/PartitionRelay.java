package ai.sutazai.health.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay to a real server that a test can partition: once cut, connections stay open but
 * nothing crosses them, as when the network drops every packet without a reset. A connection the
 * cut caught stays silent after it heals, like one whose server forgot it; new ones pass again.
 */
final class PartitionRelay implements AutoCloseable {

    private final ServerSocket listening;
    private final String targetHost;
    private final int targetPort;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    PartitionRelay(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.listening = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        daemon(this::accept, "partition-accept-" + listening.getLocalPort());
    }

    /** The local port clients are given. */
    int port() {
        return listening.getLocalPort();
    }

    /** Partitions: every connection goes silent, and those made from now on too. */
    void cut() {
        cut = true;
        links.forEach(link -> link.silent = true);
    }

    /** Heals: connections made from now on reach the server again. */
    void heal() {
        cut = false;
    }

    /** Connections that neither side has closed. */
    int open() {
        return links.size();
    }

    @Override
    public void close() throws IOException {
        listening.close();
        links.forEach(Link::close);
    }

    private void accept() {
        while (!listening.isClosed()) {
            Socket client;
            try {
                client = listening.accept();
            } catch (IOException closed) {
                return;
            }
            Link link;
            try {
                // Into a partition: accepted here, as by a listen backlog, but never passed on.
                link = new Link(client, cut ? null : new Socket(targetHost, targetPort));
            } catch (IOException refused) {
                closeQuietly(client);
                continue;
            }
            links.add(link);
            daemon(() -> link.pipe(client, link.server), "partition-up-" + port());
            if (link.server != null) {
                daemon(() -> link.pipe(link.server, client), "partition-down-" + port());
            }
        }
    }

    private final class Link {

        final Socket client;
        final Socket server;
        volatile boolean silent;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
            this.silent = server == null;
        }

        // Reads until either side ends, passing bytes on unless silent; then the link is gone on both sides.
        void pipe(Socket from, Socket to) {
            byte[] buffer = new byte[8192];
            try {
                InputStream in = from.getInputStream();
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    if (!silent) {
                        OutputStream out = to.getOutputStream();
                        out.write(buffer, 0, read);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // One side went away.
            } finally {
                close();
            }
        }

        void close() {
            closeQuietly(client);
            closeQuietly(server);
            links.remove(this);
        }
    }

    private static void daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed.
        }
    }
}
