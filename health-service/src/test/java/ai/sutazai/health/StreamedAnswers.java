package ai.sutazai.health;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Chunked answers of the tiny HTTP server that announce no length: {@code /huge} sends 32 MB as
 * fast as it can, {@code /trickle} a byte every 100 ms for half a minute. Both count the clients
 * that hung up before the end.
 */
final class StreamedAnswers {

    private static final int HUGE_CHUNKS = 512;
    private static final int HUGE_CHUNK_BYTES = 64 * 1024;
    private static final int TRICKLE_BYTES = 300;
    private static final long TRICKLE_PAUSE_MILLIS = 100;

    private final AtomicInteger hangUps = new AtomicInteger();

    void register(HttpServer server) {
        server.createContext("/huge", exchange -> stream(exchange, HUGE_CHUNKS, HUGE_CHUNK_BYTES, 0));
        server.createContext("/trickle", exchange -> stream(exchange, TRICKLE_BYTES, 1, TRICKLE_PAUSE_MILLIS));
    }

    /** Clients that hung up on a streamed answer so far. */
    int hangUps() {
        return hangUps.get();
    }

    private void stream(HttpExchange exchange, int chunks, int chunkBytes, long pauseMillis) {
        byte[] chunk = new byte[chunkBytes];
        Arrays.fill(chunk, (byte) 'x');
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            // Length 0: chunked, so the client only learns the size by reading.
            exchange.sendResponseHeaders(200, 0);
            for (int i = 0; i < chunks; i++) {
                out.write(chunk);
                out.flush();
                pause(pauseMillis);
            }
        } catch (IOException hungUp) {
            hangUps.incrementAndGet();
        }
    }

    // The double's own slowness, on its own thread: a server that takes its time to answer.
    private static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
