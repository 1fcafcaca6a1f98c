package ai.sutazai.commons.database;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Migrates the service's own schema in the background, retrying with backoff until PostgreSQL
 * answers, so a database that is down never stops or delays start-up. Until it succeeds the
 * service is live but not ready.
 */
@ApplicationScoped
public class MigrationRunner {

    static final Duration FIRST_RETRY = Duration.ofMillis(500);
    static final Duration LONGEST_RETRY = Duration.ofSeconds(5);

    private final Instance<Flyway> flyway;
    private final Event<MigrationsCompleted> completed;
    private final AtomicReference<MigrationStatus> status = new AtomicReference<>(MigrationStatus.PENDING);
    private volatile Cancellable loop;

    public MigrationRunner(Instance<Flyway> flyway, Event<MigrationsCompleted> completed) {
        this.flyway = flyway;
        this.completed = completed;
    }

    /** Where migrations stand: pending (with the last error, if any) or done (with the version). */
    public MigrationStatus status() {
        return status.get();
    }

    void start(@Observes StartupEvent event) {
        loop = Uni.createFrom().item(this::migrate)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure().invoke(this::recordFailure)
                .onFailure().retry().withBackOff(FIRST_RETRY, LONGEST_RETRY).indefinitely()
                .subscribe().with(done -> {
                    status.set(done);
                    completed.fireAsync(new MigrationsCompleted(done.schema(), done.version()));
                });
    }

    void stop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.cancel();
        }
    }

    private MigrationStatus migrate() {
        Flyway migrations = flyway.get();
        MigrateResult result = migrations.migrate();
        String schema = migrations.getConfiguration().getDefaultSchema();
        MigrationInfo current = migrations.info().current();
        String version = current == null ? "none" : current.getVersion().getVersion();
        Log.infof("Schema %s is at version %s (%d migrations applied now)", schema, version, result.migrationsExecuted);
        return MigrationStatus.done(schema, version);
    }

    private void recordFailure(Throwable failure) {
        String error = rootMessage(failure);
        MigrationStatus previous = status.getAndSet(MigrationStatus.pending(error));
        // One line per distinct error: an outage must not flood the log every few seconds.
        if (!error.equals(previous.error())) {
            Log.warnf("Database migrations are waiting for PostgreSQL (retrying every %s at most): %s",
                    LONGEST_RETRY, error);
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
