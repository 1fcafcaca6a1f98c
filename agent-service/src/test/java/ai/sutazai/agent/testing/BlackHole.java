package ai.sutazai.agent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A port where connecting hangs, as with a host that drops packets: a listening socket that never
 * accepts, its backlog filled, so the kernel leaves further handshakes unanswered.
 */
public final class BlackHole implements AutoCloseable {

    private final ServerSocket listening;
    private final List<Socket> fillers = new ArrayList<>();

    public BlackHole() {
        try {
            listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            for (int i = 0; i < 2; i++) {
                Socket filler = new Socket();
                filler.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listening.getLocalPort()), 1000);
                fillers.add(filler);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An http:// URL on the port. */
    public String url() {
        return "http://127.0.0.1:" + listening.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        for (Socket filler : fillers) {
            filler.close();
        }
        listening.close();
    }
}
