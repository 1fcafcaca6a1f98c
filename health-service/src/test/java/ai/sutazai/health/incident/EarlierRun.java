package ai.sutazai.health.incident;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import org.flywaydb.core.Flyway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import ai.sutazai.commons.testing.TcpForwarder;

/**
 * What an earlier run of health-service left in PostgreSQL: an incident still open for a component
 * that is still down, and a maintenance window covering another one now. Both probe a closed port
 * every 200 ms, so their first checks come before the service has read either row.
 */
public class EarlierRun implements QuarkusTestResourceLifecycleManager {

    static final String DOWN_BEFORE = "restart-down-before";
    static final String IN_MAINTENANCE = "restart-in-maintenance";
    static final String INCIDENT_ID = "3f1c2a9e-5b7d-4e21-9c1a-8d6f0b2e4a17";
    static final Instant OUTAGE_START = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MICROS);
    // The test database the build points the service at (-Dtest.database), not always sutazai_test.
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/" + System.getenv("POSTGRES_DB");

    @Override
    public Map<String, String> start() {
        try {
            // The schema as the service migrates it, so the rows can be written before it starts.
            Flyway.configure().dataSource(URL, user(), password()).schemas("health").defaultSchema("health")
                    .locations("classpath:db/migration").load().migrate();
            try (Connection db = DriverManager.getConnection(URL, user(), password())) {
                forget(db);
                try (PreparedStatement incident = db.prepareStatement("INSERT INTO health.incidents "
                        + "(id, probe, started_at, cause) VALUES (?, ?, ?, 'connection refused')")) {
                    incident.setObject(1, UUID.fromString(INCIDENT_ID));
                    incident.setString(2, DOWN_BEFORE);
                    incident.setTimestamp(3, Timestamp.from(OUTAGE_START));
                    incident.executeUpdate();
                }
                try (PreparedStatement window = db.prepareStatement("INSERT INTO health.maintenance_windows "
                        + "(id, probes, starts_at, ends_at, reason, created_by) VALUES (?, ?, ?, ?, "
                        + "'restart test upgrade', 'test')")) {
                    window.setObject(1, UUID.randomUUID());
                    window.setArray(2, db.createArrayOf("text", new String[] { IN_MAINTENANCE }));
                    window.setTimestamp(3, Timestamp.from(Instant.now().minus(Duration.ofMinutes(10))));
                    window.setTimestamp(4, Timestamp.from(Instant.now().plus(Duration.ofHours(1))));
                    window.executeUpdate();
                }
            }
            int closedPort = TcpForwarder.freePort();
            Path probes = Files.createTempFile("restart-probes", ".yaml");
            Files.writeString(probes, """
                    probes:
                      - {name: %1$s, type: tcp, host: 127.0.0.1, port: %3$d, interval: PT0.2S, timeout: PT0.1S}
                      - {name: %2$s, type: tcp, host: 127.0.0.1, port: %3$d, interval: PT0.2S, timeout: PT0.1S}
                    """.formatted(DOWN_BEFORE, IN_MAINTENANCE, closedPort));
            return Map.of("health.probes-file", probes.toString());
        } catch (Exception e) {
            throw new IllegalStateException("cannot write the earlier run's rows", e);
        }
    }

    @Override
    public void stop() {
        try (Connection db = DriverManager.getConnection(URL, user(), password())) {
            forget(db);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot remove the earlier run's rows", e);
        }
    }

    private static void forget(Connection db) throws SQLException {
        for (String sql : new String[] { "DELETE FROM health.incidents WHERE probe LIKE 'restart-%'",
                "DELETE FROM health.results WHERE probe LIKE 'restart-%'",
                "DELETE FROM health.maintenance_windows WHERE reason = 'restart test upgrade'" }) {
            try (PreparedStatement delete = db.prepareStatement(sql)) {
                delete.executeUpdate();
            }
        }
    }

    private static String user() {
        return System.getenv("POSTGRES_USER");
    }

    private static String password() {
        return System.getenv("POSTGRES_PASSWORD");
    }
}
