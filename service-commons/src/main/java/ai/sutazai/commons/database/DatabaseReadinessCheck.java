package ai.sutazai.commons.database;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Ready only when PostgreSQL answers now and this service's migrations are done: a reachable
 * database whose tables do not exist yet would only turn requests into errors.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements AsyncHealthCheck {

    static final Duration PING_TIMEOUT = Duration.ofSeconds(2);

    private final Pool pool;
    private final MigrationRunner migrations;

    public DatabaseReadinessCheck(Pool pool, MigrationRunner migrations) {
        this.pool = pool;
        this.migrations = migrations;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return pool.query("SELECT 1").execute()
                .ifNoItem().after(PING_TIMEOUT).failWith(() -> new IllegalStateException(
                        "PostgreSQL did not answer within " + PING_TIMEOUT.toMillis() + " ms"))
                .map(rows -> response(null))
                .onFailure().recoverWithItem(failure -> response(String.valueOf(failure.getMessage())));
    }

    private HealthCheckResponse response(String connectionError) {
        MigrationStatus status = migrations.status();
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("database")
                .status(connectionError == null && status.done())
                .withData("postgres", connectionError == null ? "up" : "down")
                .withData("migrations", status.done() ? "done" : "pending");
        if (connectionError != null) {
            builder.withData("error", connectionError);
        }
        if (status.done()) {
            builder.withData("schema", status.schema()).withData("schemaVersion", status.version());
        } else if (status.error() != null) {
            builder.withData("migrationError", status.error());
        }
        return builder.build();
    }
}
