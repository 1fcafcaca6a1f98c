package ai.sutazai.memory.embedding;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.sutazai.commons.testing.ServiceProcess;
import ai.sutazai.commons.testing.TcpForwarder;

/**
 * The packaged service refuses an embedding provider whose dimension differs from stored vectors:
 * at start-up when PostgreSQL answers then, otherwise by staying not ready with the reason.
 */
class EmbeddingDimensionIT {

    private static final String OTHER_MODEL = "other-model-768";

    @TempDir
    Path folder;

    private final String owner = "it-dimension-" + UUID.randomUUID();

    @BeforeEach
    void storeAVectorOfAnotherModel() throws SQLException {
        try (Connection db = database(); PreparedStatement insert = db.prepareStatement("INSERT INTO memory.memories "
                + "(id, owner_id, namespace, content, embedding, embedding_model, embedding_dimension, embedding_status) "
                + "VALUES (?, ?, 'default', 'embedded by another model', ?, ?, 768, 'ready')")) {
            Float[] vector = new Float[768];
            Arrays.fill(vector, 0.01f);
            insert.setObject(1, UUID.randomUUID());
            insert.setString(2, owner);
            insert.setArray(3, db.createArrayOf("real", vector));
            insert.setString(4, OTHER_MODEL);
            insert.executeUpdate();
        }
    }

    @AfterEach
    void removeIt() throws SQLException {
        try (Connection db = database();
                PreparedStatement delete = db.prepareStatement("DELETE FROM memory.memories WHERE owner_id = ?")) {
            delete.setString(1, owner);
            delete.executeUpdate();
        }
    }

    @Test
    void vectorsOfAnotherDimensionStopStartUpWithTheReason() throws Exception {
        try (ServiceProcess service = ServiceProcess.start(folder, settings(env("POSTGRES_PORT"),
                TcpForwarder.freePort()))) {
            int exit = service.awaitExit(Duration.ofSeconds(60));
            String output = service.output();
            assertThat(output, exit, not(is(0)));
            assertThat(output, containsString("EMBEDDING_PROVIDER all-minilm-l6-v2 makes vectors of 384 dimensions, "
                    + "but memory.memories holds 1 vectors of 768 dimensions from " + OTHER_MODEL));
        }
    }

    @Test
    void vectorsOfAnotherDimensionFoundAfterAnOutageKeepTheServiceNotReady() throws Exception {
        int port = TcpForwarder.freePort();
        try (TcpForwarder postgres = new TcpForwarder("127.0.0.1", Integer.parseInt(env("POSTGRES_PORT")));
                ServiceProcess service = ServiceProcess.start(folder, settings("" + postgres.port(), port))) {
            // PostgreSQL is unreachable at start, so the service starts and checks after migrations.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> ServiceProcess.status(port, "/q/health/live") == 200 || !service.isAlive());
            assertThat(service.output(), ServiceProcess.status(port, "/q/health/live"), is(200));
            postgres.open();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                String readiness = ServiceProcess.body(port, "/q/health/ready");
                assertThat(readiness, containsString("\"migrations\": \"done\""));
                assertThat(readiness, containsString("\"state\": \"incompatible\""));
                assertThat(readiness, containsString("768 dimensions from " + OTHER_MODEL));
            });
            assertThat(ServiceProcess.status(port, "/q/health/ready"), is(503));
        }
    }

    private static Map<String, String> settings(String postgresPort, int httpPort) {
        Map<String, String> settings = new HashMap<>();
        settings.put("JWT_SECRET", "d2b7c9e4f1a8063b5c7e9d2f4a6b8c0e1f3a5c7e");
        settings.put("POSTGRES_HOST", "127.0.0.1");
        settings.put("POSTGRES_PORT", postgresPort);
        for (String name : new String[] { "POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD" }) {
            settings.put(name, env(name));
        }
        settings.put("QUARKUS_HTTP_PORT", "" + httpPort);
        return settings;
    }

    private static Connection database() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + env("POSTGRES_PORT") + "/"
                + env("POSTGRES_DB"), env("POSTGRES_USER"), env("POSTGRES_PASSWORD"));
    }

    private static String env(String name) {
        String value = System.getenv(name);
        if (value == null) {
            throw new IllegalStateException(name + " must be set for this test (the root pom sets it)");
        }
        return value;
    }
}
