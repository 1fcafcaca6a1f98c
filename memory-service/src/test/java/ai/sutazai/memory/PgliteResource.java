package ai.sutazai.memory;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import ai.sutazai.commons.testing.TestPeers;

/**
 * A real pgvector, served over the PostgreSQL wire protocol by PGlite ({@code pglite-server} from
 * {@code deploy/test-peers}), in memory, for the class that names this resource. PGlite shares one
 * backend between connections, so the settings follow its known limits: no named prepared
 * statements, no transactional Flyway lock ({@link PgliteFlywaySettings}), one pooled connection.
 */
public class PgliteResource implements QuarkusTestResourceLifecycleManager {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private Process server;
    private Path log;

    @Override
    public Map<String, String> start() {
        int port = freePort();
        try {
            log = Files.createTempFile("pglite-server", ".log");
            server = new ProcessBuilder(TestPeers.binary("pglite-server").toString(), "--db=memory://",
                    "--host=127.0.0.1", "--port=" + port, "--max-connections=8", "--extensions=@electric-sql/pglite-pgvector:vector")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitPort(port);
        String address = "127.0.0.1:" + port + "/postgres";
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://" + address,
                // One connection, unnamed statements only: connections share PGlite's single backend, so
                // named statements collide and two connections' Parse/Bind messages overwrite each other.
                "quarkus.datasource.reactive.max-size", "1",
                "quarkus.datasource.reactive.cache-prepared-statements", "false",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + address + "?prepareThreshold=0",
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres",
                "test.flyway.transactional-lock", "false",
                // HNSW is approximate; searching widely makes it agree with the exact backend on small fixtures.
                "memory.search.hnsw-ef-search", "1000");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.destroy();
        }
    }

    private void awaitPort(int port) {
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!server.isAlive()) {
                throw new IllegalStateException("pglite-server exited with " + server.exitValue() + ": " + output());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    private String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
