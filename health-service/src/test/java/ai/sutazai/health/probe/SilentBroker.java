package ai.sutazai.health.probe;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.rabbitmq.client.impl.AMQImpl;
import com.rabbitmq.client.impl.Frame;
import com.rabbitmq.client.impl.LongStringHelper;
import com.rabbitmq.client.impl.Method;

/**
 * A RabbitMQ that lets anyone log in and then goes silent, as a broker that hangs: opening a
 * channel, or closing, is never answered. Speaks through the client library's own frame codec and
 * counts the clients that hung up on it.
 */
final class SilentBroker implements AutoCloseable {

    private final ServerSocket listening;
    private final AtomicInteger hangUps = new AtomicInteger();

    SilentBroker() throws IOException {
        listening = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "silent-broker-" + listening.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listening.getLocalPort();
    }

    /** Clients that closed their connection so far. */
    int hangUps() {
        return hangUps.get();
    }

    @Override
    public void close() throws IOException {
        listening.close();
    }

    private void accept() {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Thread session = new Thread(() -> logInAndFallSilent(client), "silent-broker-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    // AMQP 0-9-1's connection handshake, server side; then every frame is read and none answered.
    private void logInAndFallSilent(Socket client) {
        try (client) {
            DataInputStream in = new DataInputStream(client.getInputStream());
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(client.getOutputStream()));
            in.readFully(new byte[8]);
            send(out, new AMQImpl.Connection.Start(0, 9, Map.of(), LongStringHelper.asLongString("PLAIN"),
                    LongStringHelper.asLongString("en_US")));
            readFrame(in);
            send(out, new AMQImpl.Connection.Tune(2047, 131072, 0));
            readFrame(in);
            readFrame(in);
            send(out, new AMQImpl.Connection.OpenOk(""));
            while (in.read() >= 0) {
                // Heard, never answered.
            }
        } catch (IOException e) {
            // The client reset the connection: a hang-up too.
        }
        hangUps.incrementAndGet();
    }

    private static void send(DataOutputStream out, Method method) throws IOException {
        method.toFrame(0).writeTo(out);
        out.flush();
    }

    private static void readFrame(DataInputStream in) throws IOException {
        Frame.readFrom(in, () -> Integer.MAX_VALUE);
    }
}
