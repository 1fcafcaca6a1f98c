package ai.sutazai.memory.status;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

import ai.sutazai.commons.database.MigrationsCompleted;

/**
 * The embedding backlog of the whole store, for the EmbeddingsPendingTooLong alert: how many memories
 * wait for their vector and how long the oldest has waited. Read every 15 s from the partial index
 * on pending memories, so a scrape never queries PostgreSQL; every replica reports the same figures.
 */
@ApplicationScoped
public class EmbeddingBacklogGauges {

    private static final Duration READ_EVERY = Duration.ofSeconds(15);
    private static final String BACKLOG = "SELECT count(*) AS pending, "
            + "coalesce(extract(epoch FROM now() - min(updated_at)), 0)::float8 AS oldest "
            + "FROM memory.memories WHERE embedding_status = 'pending'";

    private record Backlog(long pending, double oldestSeconds) {
    }

    private final AtomicReference<Backlog> backlog = new AtomicReference<>(new Backlog(0, 0));
    private final Pool pool;
    private final Vertx vertx;

    public EmbeddingBacklogGauges(Pool pool, Vertx vertx, MeterRegistry meters) {
        this.pool = pool;
        this.vertx = vertx;
        Gauge.builder("memory.embeddings.pending", backlog, b -> b.get().pending())
                .description("Memories waiting for their embedding, in the whole store").register(meters);
        Gauge.builder("memory.embeddings.pending.oldest.seconds", backlog, b -> b.get().oldestSeconds())
                .description("How long the oldest memory waiting for its embedding has waited").register(meters);
    }

    void afterMigrations(@ObservesAsync MigrationsCompleted migrated) {
        read();
        vertx.setPeriodic(READ_EVERY.toMillis(), id -> read());
    }

    private void read() {
        pool.query(BACKLOG).execute().map(rows -> {
            Row row = rows.iterator().next();
            return new Backlog(row.getLong("pending"), row.getDouble("oldest"));
        }).subscribe().with(backlog::set,
                failure -> Log.debugf("Reading the embedding backlog failed (%s)", failure.getMessage()));
    }
}
