package ai.sutazai.health.storage;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;

import ai.sutazai.commons.database.MigrationRunner;
import ai.sutazai.commons.problem.ProblemException;

/**
 * The door to PostgreSQL for requests: while the database is down or not migrated yet, a request
 * that needs it gets a 503 with {@code Retry-After} saying so, never a 500 or a hang. SQL errors of
 * a reachable, migrated database are bugs, and stay errors.
 */
@ApplicationScoped
public class StorageGate {

    static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);
    private static final String UNDEFINED_TABLE = "42P01";

    private final MigrationRunner migrations;

    public StorageGate(MigrationRunner migrations) {
        this.migrations = migrations;
    }

    /** Runs a database call for a request; {@code what} says what needed the database, for the 503. */
    public <T> Uni<T> call(String what, Supplier<Uni<? extends T>> query) {
        if (!migrations.status().done()) {
            return Uni.createFrom().failure(unavailable(what, "its schema is not migrated yet"));
        }
        return Uni.createFrom().<T>deferred(query)
                .ifNoItem().after(QUERY_TIMEOUT).failWith(() -> unavailable(what, "it did not answer within "
                        + QUERY_TIMEOUT.toSeconds() + " s"))
                .onFailure(StorageGate::unreachable).transform(failure -> unavailable(what, failure.getMessage()));
    }

    // Connection refused or lost, a pool or query timing out, or tables not there yet.
    private static boolean unreachable(Throwable failure) {
        if (failure instanceof PgException pg) {
            return UNDEFINED_TABLE.equals(pg.getSqlState());
        }
        return failure instanceof IOException || failure instanceof VertxException
                || failure instanceof NoStackTraceThrowable || failure instanceof TimeoutException;
    }

    private static ProblemException unavailable(String what, String why) {
        return ProblemException.unavailable(what + " needs PostgreSQL, which cannot be reached (" + why
                + "). The current state is still served at /api/v1/system/status and /api/v1/system/probes.",
                RETRY_AFTER);
    }
}
